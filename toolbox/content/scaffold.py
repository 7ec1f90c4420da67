"""Scaffolds for authors: new module, topic and activity files that pass the checker as created."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from .loader import TOPIC_FILE
from .schema import SLUG
from .yamlmap import StrictLoader

# The `settings:` of a new activity guide, per live method: every key, with what it does.
SETTINGS: dict[str, str] = {
    "dot-voting": """\
settings:
  options:                          # 2 or more: what participants vote on
    - First option
    - Second option
    - Third option
  ballots:                          # one per question asked; colour AND symbol, each used once
    # colour: blue, orange, green, purple, red, teal; symbol: circle, triangle, square, diamond, star, cross
    - {label: Most important, colour: blue, symbol: circle, dots: 3}
    - {label: Most urgent, colour: orange, symbol: triangle, dots: 3}
  stacking: false                   # true: several dots may go on one option
  results: hidden                   # hidden until the facilitator reveals them, or live
""",
    "speed-dating": """\
settings:
  questions:                        # asked in turn; [] for a meet-and-greet with no set questions
    - What brought you to this workshop?
    - What does migration change where you work?
  rounds_per_question: 1            # rotations per question
  round_minutes: 3                  # minutes per conversation
""",
    "world-cafe": """\
settings:
  tables:                           # 2 or more table topics, one host each
    - First table topic
    - Second table topic
  rounds:                           # one per rotation, in order
    - {question: "What works well today?", minutes: 20}
    - {question: "What could work better?", minutes: 20}
  hosts: volunteer                  # volunteer (a participant stays) or facilitator
""",
    "group-board": """\
settings:
  grouping: random                  # random, mixed, territory, self (people choose), individual or plenary
  groups: 4                         # how many groups (and/or max_group_size: 5; default: the guide's group_size)
  prompts:                          # questions every group answers on its board
    - What is the main challenge in this case?
    - Who should act, and how?
  # A group board needs at least one of prompts, matrix, sides, roles or queue. The others:
  # matrix: {rows: [Origin, Destination], columns: [Challenges, Opportunities]}
  # sides: [Empowerment, Disempowerment]
  # roles: [Mayor, Migrant association, Employer]
  # split: prompts                  # or rows: one prompt (or matrix row) per group instead of all
  queue: false                      # true: questions with upvotes (for a panel, or to the groups)
  report_back: plenary              # plenary (one board after the other) or gallery
  work_minutes: 30                  # the countdown when the work starts
  present_minutes: 5                # each group's turn in a plenary report-back
""",
    "brainwriting": """\
settings:
  prompt: What could our territory do to welcome newcomers?
  passes: 2                         # how many times each card moves on
  round_minutes: 5                  # minutes per pass
  vote_dots: 3                      # dots each to vote on the cards afterwards; 0 for no vote
""",
    "take-a-stand": """\
settings:
  statements:                       # 1 or more, read out one at a time
    - Migration is a resource for local development.
  zones: [Strongly agree, Agree, Disagree, Strongly disagree]   # 2 or more positions
""",
    "fishbowl": """\
settings:
  topic: What should local authorities do first?
  seats: 5                          # inner-circle seats, 3 or more
  expert_seats: 1                   # of which held by experts; at least one seat stays open
""",
    "review-game": """\
settings:
  source: facilitator               # participants (they write the questions) or facilitator
  questions:                        # required when source is facilitator: a question, or {question: "...", points: N}
    - Name the four phases of the migration cycle.
    - {question: "Give one example of a migrant's social capital.", points: 2}
  points: [1, 2, 3]                 # the points you can award for an answer
  draw: random                      # random, or in-order (the order of the list)
  questions_each: 2                 # with source participants: how many questions each person writes
""",
    "none": "# settings: none: this activity does not run live\n",
}


class ScaffoldError(Exception):
    """A scaffold that cannot be written (bad slug, unknown module, existing file)."""


def _slug(value: str, what: str) -> str:
    """The value, if it is a slug."""
    if not SLUG.match(value):
        raise ScaffoldError(f"'{value}' is not a valid {what} slug: use lowercase letters, digits and hyphens (e.g. gender-approach)")
    return value


def _title(title: str | None, slug: str) -> str:
    """The given title, or one made from the slug."""
    return (title or slug.replace("-", " ").capitalize()).strip()


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: safe whatever the author typed."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


COMMENT = re.compile(r"^(?P<code>\S[^#\n]*?)\s{2,}(?P<comment>#\s.*)$", re.MULTILINE)


def _align(text: str) -> str:
    """Line up the front matter's end-of-line comments in one column."""
    head, sep, body = text.partition("\n---\n")
    return COMMENT.sub(lambda m: f"{m['code']:<35} {m['comment']}", head) + sep + body


def _write(path: Path, text: str) -> Path:
    """Write a new file; never overwrite one."""
    text = _align(text)
    if path.exists():
        raise ScaffoldError(f"{path} already exists: not overwriting it (choose another slug or edit the file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _module_dir(root: Path, module: str) -> Path:
    """The folder of an existing module."""
    folder = root / "modules" / module
    if not (folder / "index.md").is_file():
        known = sorted(p.name for p in (root / "modules").glob("*") if (p / "index.md").is_file())
        raise ScaffoldError(f"no module '{module}' in {root / 'modules'} (modules: {', '.join(known) or 'none yet'})")
    return folder


def _front_matter(path: Path) -> dict:
    """An existing file's front matter, or {} when it cannot be read (the checker will say why)."""
    text = path.read_text(encoding="utf-8")
    parts = text.split("\n---", 1)
    try:
        data = yaml.load(parts[0].removeprefix("---\n"), Loader=StrictLoader) if text.startswith("---") else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _language(language: str) -> str:
    """The value, if it is a language code."""
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        raise ScaffoldError(f"'{language}' is not a language code: use e.g. fr, es, ar or pt-BR")
    return language


def new_module(root: Path, slug: str, title: str | None = None, language: str = "en") -> list[Path]:
    """Create modules/<slug>/index.md and the activities/<slug>/ folder."""
    _slug(slug, "module")
    _language(language)
    folder = root / "modules" / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists: not overwriting it (choose another slug)")
    orders = [o for p in (root / "modules").glob("*/index.md") if isinstance(o := _front_matter(p).get("order"), int)]
    order = max(orders, default=-1) + 1
    name = _title(title, slug)
    index = _write(folder / "index.md", MODULE.format(title=_quote(name), order=order, slug=slug, language=language))
    activities = root / "activities" / slug
    activities.mkdir(parents=True, exist_ok=True)
    return [index, activities]


def copy_module(root: Path, source: str, slug: str, language: str | None = None) -> list[Path]:
    """Copy a module and its activities to a new slug (a translation or adaptation), as a draft with links rewritten."""
    _slug(source, "module")
    _slug(slug, "module")
    if language is not None:
        _language(language)
    src = _module_dir(root, source)
    targets = [(src, root / "modules" / slug), (root / "activities" / source, root / "activities" / slug)]
    for _, target in targets:
        if target.exists():
            raise ScaffoldError(f"{target} already exists: not overwriting it (choose another slug)")
    created = []
    for origin, target in targets:
        if origin.is_dir():
            shutil.copytree(origin, target)
        else:
            target.mkdir(parents=True)
        created.append(target)
        for path in sorted(target.glob("*.md")):
            path.write_text(_retarget(path.read_text(encoding="utf-8"), source, slug), encoding="utf-8")
    index = created[0] / "index.md"
    text = _set_key(index.read_text(encoding="utf-8"), "status", "draft")
    if language is not None:
        text = _set_key(text, "language", language)
    index.write_text(text, encoding="utf-8")
    return created


def _retarget(text: str, source: str, slug: str) -> str:
    """Point a copied file's links, `module:` and `activities:` entries at the copy."""
    s = re.escape(source)
    head, sep, body = text.partition("\n---\n") if text.startswith("---") else ("", "", text)
    head = re.sub(rf"^module:(\s*){s}(?=\s|$)", rf"module:\g<1>{slug}", head, flags=re.MULTILINE)
    head = re.sub(rf"(?<=[\s\[,]){s}/(?=[a-z0-9-]+\s*(?:[,\]#]|$))", f"{slug}/", head, flags=re.MULTILINE)
    text = head + sep + body
    text = re.sub(rf"@activities/{s}/", f"@activities/{slug}/", text)
    return re.sub(rf"@{s}(?=[/#)\s]|$)", f"@{slug}", text)


def _set_key(text: str, key: str, value: str) -> str:
    """Set a top-level front-matter key, replacing its line or adding one before the closing '---'."""
    head, sep, body = text.partition("\n---\n")
    line = re.compile(rf"^{key}:.*$", re.MULTILINE)
    head = line.sub(f"{key}: {value}", head, count=1) if line.search(head) else f"{head}\n{key}: {value}"
    return head + sep + body


def new_topic(root: Path, module: str, slug: str, title: str | None = None) -> Path:
    """Create modules/<module>/NN-<slug>.md with the next free NN."""
    _slug(module, "module")
    _slug(slug, "topic")
    folder = _module_dir(root, module)
    taken = [m for p in folder.glob("*.md") if (m := TOPIC_FILE.match(p.name))]
    for m in taken:
        if m["slug"] == slug:
            raise ScaffoldError(f"{folder / m.string} already exists: not overwriting it (choose another slug or edit the file)")
    order = max((int(m["order"]) for m in taken), default=0) + 1
    if order > 99:
        raise ScaffoldError(f"module '{module}' already has topic 99: topic files are numbered 01 to 99")
    text = TOPIC.format(title=_quote(_title(title, slug)), order=order, module=module)
    return _write(folder / f"{order:02d}-{slug}.md", text)


def new_activity(
    root: Path, module: str, slug: str, method: str, title: str | None = None, topic: str | None = None, number: str | None = None
) -> Path:
    """Create activities/<module>/<slug>.md with the settings of its live method."""
    _slug(module, "module")
    _slug(slug, "activity")
    folder = _module_dir(root, module)
    if method not in SETTINGS:
        raise ScaffoldError(f"unknown method '{method}': use one of {', '.join(SETTINGS)}")
    if topic is not None:
        _slug(topic, "topic")
        if not any((m := TOPIC_FILE.match(p.name)) and m["slug"] == topic for p in folder.glob("*.md")):
            raise ScaffoldError(f"module '{module}' has no topic '{topic}' (a file NN-{topic}.md in {folder})")
    target = root / "activities" / module / f"{slug}.md"
    if number is None:
        used = [str(_front_matter(p).get("number", "")) for p in target.parent.glob("*.md")]
        number = str(max((int(n) for n in used if n.isdigit()), default=0) + 1)
    topic_line = f"topic: {topic}  # the topic it belongs to"
    if topic is None:
        topic_line = "# topic: a-topic-slug  # optional: the topic of this module it belongs to"
    text = ACTIVITY.format(
        title=_quote(_title(title, slug)),
        number=_quote(number),
        module=module,
        topic_line=topic_line,
        method=method,
        settings=SETTINGS[method].rstrip("\n"),
    )
    return _write(target, text)


MODULE = """\
---
# The module's front matter. Lines starting with '#' are comments: delete them when you like.
title: {title}
short_title: "Module {order}"       # short name for menus and breadcrumbs
order: {order}                      # position on the home page (0 comes first)
summary: One or two sentences for the home page, saying what this module is about.
objectives:                         # the module's general objectives, one per line
  - Explain the first thing a participant will learn.
  - Apply the second thing in their own work.
attribution: >-
  Who wrote this module, and what it is adapted from (e.g. "Adapted from the JMDI toolbox,
  © 2015 ITC-ILO and IOM").
# running_case:                     # optional: a case the whole module comes back to
#   name: Naga City
#   place: Philippines
#   summary: One paragraph introducing the case, in Markdown.
pass_mark: 70                       # quiz score (%) that counts as passed
status: draft                       # draft: only authors and admins see it; published: everyone
language: {language}                        # the language of this module (en, fr, es…)
---
Introduce the module here, in Markdown: how it is organised and who it is for.

Add topics with `toolbox content new topic --module {slug} --slug my-topic` and activity guides
with `toolbox content new activity --module {slug} --slug 1-my-activity --method dot-voting`.

## Editorial notes
Say where your text departs from its source, and why.
"""

TOPIC = """\
---
title: {title}
order: {order}                      # must match the NN at the start of the file name
summary: One sentence for the module page.
objectives:                         # what a learner can do after this topic
  - Explain the first idea of this topic.
  - Analyse a case from your own territory.
minutes: 30                         # estimated reading and reflection time
# activities:                       # optional: activity guides for this topic, as module/slug
#   - {module}/1-my-activity
status: draft                       # draft: only authors and admins see it; published: everyone
---
Start with a short introduction. Replace every paragraph of this file with your own text, and delete
the blocks you do not need: only the quiz is expected in every topic.

## 1. The first section
Write sections with `##` headings; they build the table of contents. Link to other pages with
`@` references, e.g. [this module](@{module}).

::: reflection {{#first-reflection}} A point for reflection
A sentence that sets the scene for the questions below.

- {{#first-question}} The first question the learner answers in their journal?
- {{#second-question}} A second question?
:::

::: case {{#first-case place="Town, Country"}} The name of the case
What happened, who did it, and what came of it.
:::

::: figure {{#first-figure}} The title of the figure
| Column | Another column |
|---|---|
| A cell | Another cell |
:::

::: note
An information box: a definition, a quotation, a convention.
:::

::: editorial
Where and why this text departs from its source.
:::

## 2. The second section
More text.

::: go-further
- Back to [the module page](@{module}).
:::

::: key-points
- The first key learning point.
- The second key learning point.
:::

```quiz
questions:
  - id: first-question               # a stable slug: keep it when you reword the question
    type: single                     # single | multiple | true-false
    prompt: The question, with exactly one right answer?
    options:
      - text: The right answer.
        correct: true
        feedback: Right. See [section 1](#1-the-first-section).
      - text: A wrong answer.
        feedback: Not so. See [section 1](#1-the-first-section).
  - id: second-question
    type: multiple                   # one or more right answers; all must be chosen
    prompt: Which of these are right?
    options:
      - {{id: first, text: A right answer, correct: true, feedback: Yes.}}
      - {{id: second, text: Another right answer, correct: true, feedback: Yes.}}
      - {{id: third, text: A wrong answer, feedback: No.}}
  - id: third-question
    type: true-false
    prompt: A statement that is true or false.
    answer: true
    feedback_true: Correct, because…
    feedback_false: Not so, because…
```
"""

ACTIVITY = """\
---
title: {title}
number: {number}                    # as numbered in the module: "1", "0a", "1.b"
module: {module}                    # must match the folder
{topic_line}
summary: One sentence saying what participants do.
method: {method}                    # the live method; its settings are below
participants: {{min: 6, max: 30}}
group_size: {{min: 4, max: 5}}       # optional: for activities in groups
materials:                          # one item per line
  - Flipchart and markers
timing:                             # one entry per step, in order; minutes or "min-max"
  - {{step: Introduce the activity, minutes: 5}}
  - {{step: Work, minutes: "15-20"}}
  - {{step: Debrief, minutes: 10}}
{settings}
status: draft                       # draft: only authors and admins see it; published: everyone
---
## Objectives
- What participants will get out of this activity.

## Preparation
What the facilitator prepares before the session.

## Steps
1. Introduce the activity: its purpose and how it runs.
2. Participants work; see [the handout](#first-handout).
3. Debrief in plenary: what did you learn?

## Tips
- A practical tip for the facilitator.

## Handouts
::: handout {{#first-handout}} The handout's title
Material to hand out or project.
:::

## Variations
- Another way to run it.

## Debrief
- A question for the debrief.
"""
