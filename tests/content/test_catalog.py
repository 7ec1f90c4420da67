"""The catalogue built from the fixture tree: every block, counts, links, stats, reloading."""

from __future__ import annotations

import time
from pathlib import Path

from toolbox.content import CatalogCache, build_catalog
from toolbox.content.models import Activity, Topic

FIXTURES = Path(__file__).parent.parent / "fixtures" / "content"


def test_fixture_tree_has_no_errors():
    cat = build_catalog(FIXTURES)
    assert cat.errors == []
    assert list(cat.modules) == ["demo"]


def test_module_front_matter_and_running_case():
    module = build_catalog(FIXTURES).module("demo")
    assert module.short_title == "Demo Module"
    assert module.objectives == ["Show every kind of block.", "Link between pages."]
    assert module.pass_mark == 60
    assert module.running_case.name == "Riverside"
    assert "<em>imaginary</em>" in module.running_case.summary_html
    assert [t.slug for t in module.topics] == ["first-topic", "second-topic"]


def test_topic_blocks_are_collected():
    topic = build_catalog(FIXTURES).topic("demo", "first-topic")
    assert isinstance(topic, Topic)
    (reflection,) = topic.doc.reflections
    assert reflection.id == "local-context"
    assert reflection.title == "Your local context"
    assert [q.id for q in reflection.questions] == ["effects", "actors"]
    assert reflection.questions[1].html == "Who are the main <em>actors</em>?"
    assert "{#" not in reflection.questions[0].html
    assert "Think about the place" in reflection.intro_html
    (case,) = topic.doc.blocks("case")
    assert (case.id, case.title, case.attrs["place"]) == ("riverside-centre", "The Riverside welcome centre", "Riverside, Somewhere")
    (figure,) = topic.doc.blocks("figure")
    assert "adapted" in figure.attrs and figure.attrs["source"] == "Our reconstruction"
    assert "<table>" in figure.html
    assert len(topic.doc.key_points) == 3
    assert len(topic.doc.blocks("note")) == len(topic.doc.blocks("editorial")) == len(topic.doc.blocks("go-further")) == 1


def test_questions_may_follow_another_list_in_a_reflection(content_dir):
    path = content_dir / "modules/demo/01-first-topic.md"
    path.write_text(path.read_text().replace("Think about the place where you work.", "Think about:\n\n- the place\n- the people"))
    reflection = build_catalog(content_dir).topic("demo", "first-topic").doc.reflections[0]
    assert [q.id for q in reflection.questions] == ["effects", "actors"]
    assert "the people" in reflection.intro_html and "How does" not in reflection.intro_html
    assert reflection.intro_html.count("<ul>") == 1


def test_raw_html_is_escaped_and_links_become_site_paths():
    topic = build_catalog(FIXTURES).topic("demo", "first-topic")
    html = "".join(getattr(p, "html", "") for p in topic.doc.parts)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="/modules/demo/second-topic#details"' in html
    assert 'href="/activities/demo/1-vote"' in html
    assert 'href="/modules/demo"' in html


def test_headings_make_the_table_of_contents():
    topic = build_catalog(FIXTURES).topic("demo", "first-topic")
    assert [(h.level, h.id) for h in topic.doc.headings] == [(2, "1-background"), (2, "2-more")]


def test_quiz_is_parsed_with_stable_ids():
    quiz = build_catalog(FIXTURES).topic("demo", "first-topic").doc.quiz
    assert quiz.pass_mark == 50
    assert [q.id for q in quiz.questions] == ["where", "which", "raw"]
    single, multiple, tf = quiz.questions
    assert [o.id for o in single.options] == ["a", "b"]
    assert single.correct_ids == {"a"}
    assert multiple.correct_ids == {"case", "note"}
    assert tf.type == "true-false" and tf.correct_ids == {"false"}
    assert 'href="#1-background"' in single.options[0].feedback_html


def test_activity_guide():
    cat = build_catalog(FIXTURES)
    activity = cat.activity("demo", "1-vote")
    assert isinstance(activity, Activity)
    assert activity.minutes == (15, 20)
    assert [s.title for s in activity.steps] == ["Introduce", "Vote"]
    assert 'href="#sectors-sheet"' in activity.steps[1].html
    assert list(activity.sections) == ["Objectives", "Preparation", "Steps", "Tips", "Handouts"]
    assert activity.settings.ballots[0].dots == 3
    assert activity.participants == (4, 30) and activity.group_size == (2, 5)
    topic = cat.topic("demo", "first-topic")
    assert cat.activities_for(topic) == [activity]
    assert cat.module("demo").activities == [activity]


def test_stats_count_every_kind():
    assert build_catalog(FIXTURES).stats() == {
        "demo": {
            "topics": 2,
            "reflections": 1,
            "reflection_questions": 2,
            "cases": 1,
            "key_points": 3,
            "quizzes": 1,
            "quiz_questions": 3,
            "activities": 1,
        }
    }


def test_neighbours():
    cat = build_catalog(FIXTURES)
    first, second = cat.module("demo").topics
    assert cat.neighbours(first) == (None, second)
    assert cat.neighbours(second) == (first, None)


def test_draft_topic_is_kept_but_not_published(content_dir):
    path = content_dir / "modules/demo/02-second-topic.md"
    path.write_text(path.read_text().replace("minutes: 10", "minutes: 10\nstatus: draft"))
    cat = build_catalog(content_dir)
    assert not cat.errors
    assert not cat.topic("demo", "second-topic").published


def test_cache_rebuilds_only_when_reloading_and_a_file_changed(content_dir):
    cache = CatalogCache(content_dir, reload=True, interval=0)
    first = cache.get()
    assert cache.get() is first
    path = content_dir / "modules/demo/02-second-topic.md"
    time.sleep(0.01)
    path.write_text(path.read_text().replace("The second topic", "The renamed topic"))
    second = cache.get()
    assert second is not first
    assert second.topic("demo", "second-topic").title == "The renamed topic"
    frozen = CatalogCache(content_dir, reload=False)
    built = frozen.get()
    path.write_text(path.read_text().replace("The renamed topic", "Again"))
    assert frozen.get() is built
