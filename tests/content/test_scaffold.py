"""`content new` scaffolds: every kind and method passes the checker as created; bad requests are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolbox.content import build_catalog, scaffold
from toolbox.content.models import Activity, Topic
from toolbox.rooms.methods import METHODS


def test_every_live_method_has_a_scaffold():
    assert set(scaffold.SETTINGS) == set(METHODS)


def test_new_module_is_a_draft_with_an_activities_folder(content_dir: Path):
    index, activities = scaffold.new_module(content_dir, "module-3", "Services for migrants: a module")
    assert index == content_dir / "modules/module-3/index.md"
    assert activities.is_dir() and activities == content_dir / "activities/module-3"
    cat = build_catalog(content_dir)
    assert cat.errors == []
    module = cat.module("module-3")
    assert module.title == "Services for migrants: a module"
    assert module.status == "draft" and module.language == "en"
    assert module.order == 2  # after the demo module's order 1
    assert "# running_case:" in index.read_text()


def test_new_topic_takes_the_next_number_and_holds_every_block(content_dir: Path):
    path = scaffold.new_topic(content_dir, "demo", "third-topic", "The third topic")
    assert path.name == "03-third-topic.md"
    cat = build_catalog(content_dir)
    assert cat.errors == []
    topic = cat.topic("demo", "third-topic")
    assert isinstance(topic, Topic) and topic.order == 3 and topic.status == "draft"
    kinds = {getattr(p, "kind", None) for p in topic.doc.parts}
    assert {"reflection", "case", "figure", "note", "editorial", "go-further", "key-points", "quiz"} <= kinds
    assert [q.type for q in topic.doc.quiz.questions] == ["single", "multiple", "true-false"]
    assert scaffold.new_topic(content_dir, "demo", "fourth").name == "04-fourth.md"


@pytest.mark.parametrize("method", list(scaffold.SETTINGS))
def test_new_activity_passes_the_checker_for_each_method(content_dir: Path, method: str):
    path = scaffold.new_activity(content_dir, "demo", f"2-{method}", method, topic="second-topic")
    cat = build_catalog(content_dir)
    assert cat.errors == []
    activity = cat.activity("demo", f"2-{method}")
    assert isinstance(activity, Activity), activity
    assert activity.method == method and activity.topic == "second-topic" and activity.number == "2"
    assert list(activity.sections) == ["Objectives", "Preparation", "Steps", "Tips", "Handouts", "Variations", "Debrief"]
    assert len(activity.steps) == 3
    assert (activity.settings is None) == (method == "none")
    assert path.read_text().count("settings:") == 1


def test_dot_voting_scaffold_writes_its_settings(content_dir: Path):
    scaffold.new_activity(content_dir, "demo", "2-priorities", "dot-voting", title="Our priorities", number="2b")
    activity = build_catalog(content_dir).activity("demo", "2-priorities")
    assert activity.title == "Our priorities" and activity.number == "2b"
    assert activity.settings.options == ("First option", "Second option", "Third option")
    assert [(b.colour, b.symbol) for b in activity.settings.ballots] == [("blue", "circle"), ("orange", "triangle")]
    assert activity.settings.results == "hidden" and activity.settings.stacking is False


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda root: scaffold.new_module(root, "demo"), "already exists: not overwriting"),
        (lambda root: scaffold.new_module(root, "Module_3"), "'Module_3' is not a valid module slug"),
        (lambda root: scaffold.new_topic(root, "demo", "first-topic"), "01-first-topic.md already exists"),
        (lambda root: scaffold.new_topic(root, "nowhere", "x"), "no module 'nowhere' in"),
        (lambda root: scaffold.new_topic(root, "demo", "Gender approach"), "'Gender approach' is not a valid topic slug"),
        (lambda root: scaffold.new_activity(root, "demo", "1-vote", "dot-voting"), "1-vote.md already exists"),
        (lambda root: scaffold.new_activity(root, "demo", "x", "karaoke"), "unknown method 'karaoke'"),
        (lambda root: scaffold.new_activity(root, "demo", "x", "none", topic="missing"), "module 'demo' has no topic 'missing'"),
        (lambda root: scaffold.new_activity(root, "ghost", "x", "none"), "no module 'ghost' in"),
    ],
)
def test_refusals_are_clear_and_write_nothing(content_dir: Path, call, message: str):
    before = sorted((p, p.stat().st_mtime_ns) for p in content_dir.rglob("*"))
    with pytest.raises(scaffold.ScaffoldError, match=message):
        call(content_dir)
    assert sorted((p, p.stat().st_mtime_ns) for p in content_dir.rglob("*")) == before


def test_titles_with_quotes_and_colons_stay_valid_yaml(content_dir: Path):
    scaffold.new_topic(content_dir, "demo", "quoted", 'Migration: the "local" level # one')
    cat = build_catalog(content_dir)
    assert cat.errors == []
    assert cat.topic("demo", "quoted").title == 'Migration: the "local" level # one'


def test_copy_of_a_module_is_a_draft_translation_with_its_links_pointing_at_the_copy(content_dir: Path):
    original = {p: p.read_text() for p in content_dir.rglob("*.md")}
    created = scaffold.copy_module(content_dir, "demo", "demo-fr", "fr")
    assert created == [content_dir / "modules/demo-fr", content_dir / "activities/demo-fr"]
    assert {p: p.read_text() for p in original} == original
    cat = build_catalog(content_dir)
    assert cat.errors == []
    copy = cat.module("demo-fr")
    assert (copy.language, copy.status, copy.title) == ("fr", "draft", "A demonstration module")
    assert [t.slug for t in copy.topics] == ["first-topic", "second-topic"]
    first = cat.topic("demo-fr", "first-topic")
    assert first.related == ["demo-fr/1-vote"]
    assert {r.target for r in first.doc.references} >= {"@demo-fr/second-topic#details", "@demo-fr", "@activities/demo-fr/1-vote"}
    assert [a.key for a in copy.activities] == ["demo-fr/1-vote"]
    assert cat.activities_for(first) == [cat.activity("demo-fr", "1-vote")]
    assert cat.module("demo").language == "en" and cat.topic("demo", "first-topic").related == ["demo/1-vote"]


@pytest.mark.parametrize(
    ("source", "slug", "language", "message"),
    [
        ("demo", "demo", "fr", "already exists"),
        ("ghost", "ghost-fr", "fr", "no module 'ghost'"),
        ("demo", "demo-fr", "French", "'French' is not a language code"),
        ("demo", "Demo FR", "fr", "not a valid module slug"),
    ],
)
def test_copy_refusals(content_dir: Path, source: str, slug: str, language: str, message: str):
    with pytest.raises(scaffold.ScaffoldError, match=message):
        scaffold.copy_module(content_dir, source, slug, language)
    assert not (content_dir / "modules/demo-fr").exists()


def test_new_module_in_another_language(content_dir: Path):
    scaffold.new_module(content_dir, "module-3-es", "Servicios para migrantes", "es")
    cat = build_catalog(content_dir)
    assert cat.errors == [] and cat.module("module-3-es").language == "es"
