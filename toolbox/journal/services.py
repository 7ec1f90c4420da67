"""Saving, listing, sharing and exporting journal answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import bindparam, delete, select, update

from toolbox.auth.models import User, utcnow
from toolbox.content import Catalog
from toolbox.content.models import Module, Question, Reflection, Topic
from toolbox.exports import md
from toolbox.extensions import begin_write, db
from toolbox.sql import insert

from .models import JournalEntry

MAX_ANSWER = 20_000


class JournalError(ValueError):
    """A request the learner can fix, with a message."""


def find_question(topic: Topic, reflection_id: str, question_id: str) -> tuple[Reflection, Question] | None:
    """The reflection and question of a topic with these ids, if they exist."""
    for r in topic.doc.reflections:
        if r.id == reflection_id:
            for q in r.questions:
                if q.id == question_id:
                    return r, q
    return None


def question_text(question: Question) -> str:
    """The question's wording as plain text."""
    return Markup(question.html).striptags()


def save_answer(user_id: int, topic: Topic, reflection: Reflection, question: Question, text: str) -> JournalEntry | None:
    """Store the answer, replacing the previous one; a blank answer removes the entry (not committed)."""
    if len(text) > MAX_ANSWER:
        raise JournalError(f"Answers are limited to {MAX_ANSWER:,} characters.")
    begin_write()
    where = (
        JournalEntry.user_id == user_id,
        JournalEntry.module == topic.module,
        JournalEntry.topic == topic.slug,
        JournalEntry.reflection == reflection.id,
        JournalEntry.question == question.id,
    )
    if not text.strip():
        db.session.execute(delete(JournalEntry).where(*where))
        return None
    now = utcnow()
    wording = question_text(question)
    db.session.execute(
        insert(JournalEntry)
        .values(
            user_id=user_id,
            module=topic.module,
            topic=topic.slug,
            reflection=reflection.id,
            question=question.id,
            text=text,
            question_text=wording,
            shared=False,
            revision=1,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_update(
            index_elements=["user_id", "module", "topic", "reflection", "question"],
            set_={"text": text, "question_text": wording, "updated_at": now, "revision": JournalEntry.revision + 1},
        )
    )
    return db.session.scalars(select(JournalEntry).where(*where).execution_options(populate_existing=True)).one()


def set_shared(user_id: int, module: str, topic: str, reflection: str, question: str, shared: bool) -> JournalEntry | None:
    """Share an entry with the facilitators of the learner's cohorts, or stop sharing it (not committed)."""
    begin_write()
    where = (
        JournalEntry.user_id == user_id,
        JournalEntry.module == module,
        JournalEntry.topic == topic,
        JournalEntry.reflection == reflection,
        JournalEntry.question == question,
    )
    db.session.execute(update(JournalEntry).where(*where).values(shared=shared))
    return db.session.scalars(select(JournalEntry).where(*where).execution_options(populate_existing=True)).one_or_none()


def entries_of(user_id: int, *, topic: Topic | None = None, shared_only: bool = False) -> list[JournalEntry]:
    """A learner's entries (of one topic, or only the shared ones)."""
    query = select(JournalEntry).where(JournalEntry.user_id == user_id)
    if topic is not None:
        query = query.where(JournalEntry.module == topic.module, JournalEntry.topic == topic.slug)
    if shared_only:
        query = query.where(JournalEntry.shared.is_(True))
    return list(db.session.scalars(query.order_by(JournalEntry.id)))


# Built once, as every view of a lesson by a learner runs it: building a statement costs more than running it.
_TOPIC_ENTRIES = (
    select(JournalEntry)
    .where(
        JournalEntry.user_id == bindparam("user_id"), JournalEntry.module == bindparam("module"), JournalEntry.topic == bindparam("topic")
    )
    .order_by(JournalEntry.id)
)


def answers_for(user_id: int, topic: Topic) -> dict[tuple[str, str], JournalEntry]:
    """A learner's entries for a topic, by (reflection id, question id)."""
    if not topic.doc.reflections:
        return {}
    entries = db.session.scalars(_TOPIC_ENTRIES, {"user_id": user_id, "module": topic.module, "topic": topic.slug})
    return {(e.reflection, e.question): e for e in entries}


@dataclass
class Item:
    """One answer in the journal, with the question as it is in the lesson now (None if removed)."""

    entry: JournalEntry
    reflection: Reflection | None
    question: Question | None

    @property
    def wording(self) -> str:
        return question_text(self.question) if self.question else self.entry.question_text


@dataclass
class TopicSection:
    module: Module | None
    topic: Topic | None
    module_slug: str
    topic_slug: str
    items: list[Item] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.topic is not None:
            return f"Topic {self.topic.order}: {self.topic.title}"
        return f"{self.module_slug}/{self.topic_slug} (no longer in the toolbox)"


@dataclass
class ModuleSection:
    module: Module | None
    slug: str
    topics: list[TopicSection] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.module.title if self.module else f"{self.slug} (no longer in the toolbox)"


def organise(entries: list[JournalEntry], cat: Catalog) -> list[ModuleSection]:
    """Entries by module and topic in the lessons' order; answers to removed content come last, marked."""

    def place(e: JournalEntry) -> tuple:
        module = cat.module(e.module)
        topic = cat.topic(e.module, e.topic)
        topic = topic if isinstance(topic, Topic) else None
        q_index = (99_999, 99_999)
        if topic is not None:
            for ri, r in enumerate(topic.doc.reflections):
                for qi, q in enumerate(r.questions):
                    if (r.id, q.id) == (e.reflection, e.question):
                        q_index = (ri, qi)
        return (module is None, module.order if module else 0, e.module, topic is None, topic.order if topic else 0, e.topic, q_index, e.id)

    sections: list[ModuleSection] = []
    for e in sorted(entries, key=place):
        module = cat.module(e.module)
        topic = cat.topic(e.module, e.topic)
        topic = topic if isinstance(topic, Topic) else None
        if not sections or sections[-1].slug != e.module:
            sections.append(ModuleSection(module, e.module))
        topics = sections[-1].topics
        if not topics or topics[-1].topic_slug != e.topic:
            topics.append(TopicSection(module, topic, e.module, e.topic))
        found = find_question(topic, e.reflection, e.question) if topic else None
        topics[-1].items.append(Item(e, found[0] if found else None, found[1] if found else None))
    return sections


def export_markdown(user: User, sections: list[ModuleSection], when: datetime) -> str:
    """The journal as a Markdown document: what the learner typed is shown as typed, never as markup or HTML."""
    lines = [f"# Reflection journal of {md(user.name)}", "", f"JMDI e-toolbox, exported on {when:%d %B %Y}.", ""]
    for m in sections:
        lines += [f"## {md(m.title)}", ""]
        for t in m.topics:
            lines += [f"### {md(t.title)}", ""]
            for item in t.items:
                heading = md(item.wording)
                if item.question is None:
                    heading += " (this question is no longer in the lesson)"
                lines += [
                    f"**{heading}**",
                    "",
                    md(item.entry.text, lines=True),
                    "",
                    f"*Last saved {item.entry.updated_at:%d %B %Y, %H:%M} UTC.*",
                    "",
                ]
    if not sections:
        lines += ["No answers yet.", ""]
    return "\n".join(lines)
