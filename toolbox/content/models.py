"""The content catalogue's data: modules, topics, blocks, quizzes and activity guides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ContentError


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Html:
    """A run of rendered Markdown."""

    html: str
    kind: Literal["html"] = "html"


@dataclass(frozen=True)
class Question:
    id: str
    html: str
    text: str


@dataclass(frozen=True)
class Reflection:
    id: str
    title: str | None
    intro_html: str
    questions: tuple[Question, ...]
    added: bool = False
    line: int = 0
    kind: Literal["reflection"] = "reflection"


@dataclass(frozen=True)
class Image:
    """The picture of a `::: figure` block: its file as written (`figures/x.svg`), alt text, module, file name and size."""

    src: str
    alt: str
    module: str = ""
    name: str = ""
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Box:
    """A case, figure, note, editorial, handout, key-points or go-further block."""

    kind: str
    id: str | None
    title: str | None
    html: str
    attrs: dict[str, str] = field(default_factory=dict)
    items: tuple[str, ...] = ()
    line: int = 0
    # A figure's picture (None when it has none, or its file cannot be shown); `html` is then its text version.
    image: Image | None = None


@dataclass(frozen=True)
class Option:
    id: str
    html: str
    correct: bool
    feedback_html: str
    feedback_line: int = 0


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    type: Literal["single", "multiple", "true-false"]
    prompt_html: str
    options: tuple[Option, ...]
    line: int = 0

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)


@dataclass(frozen=True)
class Quiz:
    questions: tuple[QuizQuestion, ...]
    pass_mark: int | None = None
    line: int = 0
    kind: Literal["quiz"] = "quiz"


Part = Html | Reflection | Box | Quiz


@dataclass(frozen=True)
class Reference:
    """An `@` or `#` link found in a file, checked once the whole catalogue is known."""

    target: str
    line: int


@dataclass
class Document:
    """What the Markdown body of a file turned into."""

    parts: list[Part] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    list_items: list[str] = field(default_factory=list)
    list_line: int = 0
    # The figure files (names in the module's figures/ folder) this file shows, so a figure is served only with them.
    figures: list[str] = field(default_factory=list)

    def blocks(self, kind: str) -> list[Any]:
        return [p for p in self.parts if getattr(p, "kind", None) == kind]

    @property
    def reflections(self) -> list[Reflection]:
        return self.blocks("reflection")

    @property
    def quiz(self) -> Quiz | None:
        quizzes = self.blocks("quiz")
        return quizzes[0] if quizzes else None

    @property
    def key_points(self) -> list[str]:
        return [item for box in self.blocks("key-points") for item in box.items]


@dataclass
class RunningCase:
    name: str
    place: str
    summary_html: str


@dataclass
class Module:
    slug: str
    title: str
    short_title: str
    order: int
    summary: str
    objectives: list[str]
    attribution: str
    running_case: RunningCase | None
    pass_mark: int
    status: str
    language: str
    doc: Document
    path: str
    topics: list[Topic] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return any(not e.reference for e in self.errors)

    @property
    def published(self) -> bool:
        return self.status == "published"


@dataclass
class Topic:
    module: str
    slug: str
    title: str
    order: int
    summary: str | None
    objectives: list[str]
    minutes: int
    related: list[str]
    status: str
    doc: Document
    path: str
    errors: list[ContentError] = field(default_factory=list)
    related_lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.module}/{self.slug}"

    @property
    def broken(self) -> bool:
        return any(not e.reference for e in self.errors)

    @property
    def published(self) -> bool:
        return self.status == "published"


@dataclass(frozen=True)
class Step:
    title: str
    minutes: tuple[int, int]
    html: str


@dataclass
class Activity:
    module: str
    slug: str
    title: str
    number: str
    topic: str | None
    summary: str | None
    method: str
    settings: Any
    participants: tuple[int, int]
    group_size: tuple[int, int] | None
    materials: list[str]
    steps: list[Step]
    sections: dict[str, Document]
    status: str
    doc: Document
    path: str
    errors: list[ContentError] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.module}/{self.slug}"

    @property
    def minutes(self) -> tuple[int, int]:
        return sum(s.minutes[0] for s in self.steps), sum(s.minutes[1] for s in self.steps)

    @property
    def broken(self) -> bool:
        return any(not e.reference for e in self.errors)

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def live(self) -> bool:
        return self.method != "none"


@dataclass(frozen=True)
class BrokenFile:
    """A topic or activity file that could not be loaded; its page shows the errors."""

    module: str
    slug: str
    path: str
    errors: list[ContentError]
    title: str = "Unavailable"
    broken: bool = True
    kind: Literal["topic", "activity", "module"] = "topic"
