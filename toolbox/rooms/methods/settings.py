"""Settings of each live method, validated from an activity guide's `settings:` front matter."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolbox.content.schema import Reader

COLOURS = ("blue", "orange", "green", "purple", "red", "teal")
SYMBOLS = ("circle", "triangle", "square", "diamond", "star", "cross")
ZONES = ("Strongly agree", "Agree", "Disagree", "Strongly disagree")


@dataclass(frozen=True)
class Ballot:
    label: str
    colour: str
    symbol: str
    dots: int


@dataclass(frozen=True)
class DotVotingSettings:
    options: tuple[str, ...]
    ballots: tuple[Ballot, ...]
    stacking: bool = False
    results: str = "hidden"


@dataclass(frozen=True)
class SpeedDatingSettings:
    questions: tuple[str, ...] = ()
    rounds_per_question: int = 1
    round_minutes: float = 3
    prompt: str = ""  # what pairs talk about when there are no questions (a meet-and-greet)
    odd: str = "bye"  # an odd number of people: a rotating break ("bye") or a trio


@dataclass(frozen=True)
class CafeRound:
    question: str
    minutes: float


@dataclass(frozen=True)
class WorldCafeSettings:
    tables: tuple[str, ...]
    rounds: tuple[CafeRound, ...]
    hosts: str = "volunteer"


GROUPINGS = ("random", "mixed", "territory", "self", "individual", "plenary")
SPLITS = ("prompts", "rows")


@dataclass(frozen=True)
class GroupBoardSettings:
    grouping: str = "random"
    groups: int | None = None
    max_group_size: int | None = None
    prompts: tuple[str, ...] = ()
    matrix_rows: tuple[str, ...] = ()
    matrix_columns: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    queue: bool = False
    report_back: str = "plenary"
    split: str | None = None  # "prompts" or "rows": each group gets one prompt or one matrix row
    work_minutes: float | None = None  # the work phase's timer
    present_minutes: float | None = None  # each group's turn in a plenary report-back


@dataclass(frozen=True)
class BrainwritingSettings:
    prompt: str
    passes: int = 2
    round_minutes: float = 5
    vote_dots: int = 0


@dataclass(frozen=True)
class TakeAStandSettings:
    statements: tuple[str, ...]
    zones: tuple[str, ...] = ZONES


@dataclass(frozen=True)
class FishbowlSettings:
    topic: str
    seats: int
    expert_seats: int = 0


@dataclass(frozen=True)
class ReviewQuestion:
    question: str
    points: int | None = None  # the question's own value, shown with it (e.g. 1 to recall, 3 to apply)


@dataclass(frozen=True)
class ReviewGameSettings:
    source: str = "participants"
    questions: tuple[ReviewQuestion, ...] = ()
    points: tuple[int, ...] = (1, 2, 3)
    draw: str = "random"  # random, or in-order (the list's order, e.g. topic by topic)
    questions_each: int = 2  # how many questions each participant may write


@dataclass(frozen=True)
class NoSettings:
    extra: dict = field(default_factory=dict)


def _unique(r: Reader, key: str, values: list[str]) -> None:
    lowered = [v.casefold() for v in values]
    for dup in sorted({v for v in lowered if lowered.count(v) > 1}):
        r.error(key, f"lists '{dup}' more than once")


def dot_voting(r: Reader) -> DotVotingSettings:
    """Options and ballots for a dot vote."""
    options = r.str_list("options", min_items=2)
    _unique(r, "options", options)
    ballots = []
    for i in r.list("ballots", min_items=1):
        b = r.child("ballots", i)
        ballot = Ballot(
            b.str("label") or "",
            b.str("colour", choices=COLOURS) or "",
            b.str("symbol", choices=SYMBOLS) or "",
            b.int("dots", lo=1, hi=20) or 0,
        )
        if b.finish():
            ballots.append(ballot)
    for attr in ("colour", "symbol", "label"):
        _unique(r, "ballots", [getattr(b, attr) for b in ballots])
    settings = DotVotingSettings(
        tuple(options), tuple(ballots), r.bool("stacking"), r.str("results", "hidden", choices=("hidden", "live")) or "hidden"
    )
    return settings


def speed_dating(r: Reader) -> SpeedDatingSettings:
    """Questions and rounds for pair rotation."""
    return SpeedDatingSettings(
        tuple(r.str_list("questions", required=False, min_items=0)),
        r.int("rounds_per_question", 1, required=False, lo=1, hi=20) or 1,
        r.number("round_minutes", 3, required=False) or 3,
        r.str("prompt", "", required=False) or "",
        r.str("odd", "bye", required=False, choices=("bye", "trio")) or "bye",
    )


def world_cafe(r: Reader) -> WorldCafeSettings:
    """Tables and rounds for a world café."""
    tables = r.str_list("tables", min_items=2)
    rounds = []
    for i in r.list("rounds", min_items=1):
        c = r.child("rounds", i)
        rnd = CafeRound(c.str("question") or "", c.number("minutes") or 0)
        if c.finish():
            rounds.append(rnd)
    hosts = r.str("hosts", "volunteer", required=False, choices=("facilitator", "volunteer")) or "volunteer"
    return WorldCafeSettings(tuple(tables), tuple(rounds), hosts)


MAX_PARTS = 12  # prompts, rows or roles: a board a phone can still show
MAX_COLUMNS = 6


def group_board(r: Reader) -> GroupBoardSettings:
    """Groups and what they fill in: prompts, a matrix, sides or roles."""
    grouping = r.str("grouping", "random", required=False, choices=GROUPINGS) or "random"
    groups = r.int("groups", required=False, lo=1, hi=50)
    max_size = r.int("max_group_size", required=False, lo=1, hi=100)
    one_board = grouping in ("individual", "plenary")
    for key, value in (("groups", groups), ("max_group_size", max_size)):
        if value is not None and one_board:
            what = "each person has their own board" if grouping == "individual" else "the whole room shares one board"
            r.error(key, f"has no use with grouping: {grouping} ({what}); remove it")
    if max_size == 1 and not one_board:
        r.error("max_group_size", "of 1 gives everyone their own board: write 'grouping: individual' instead")
    rows: list[str] = []
    cols: list[str] = []
    if r.has("matrix"):
        m = r.child("matrix")
        rows = m.str_list("rows", min_items=1)
        cols = m.str_list("columns", min_items=1)
        _unique(m, "rows", rows)
        _unique(m, "columns", cols)
        if len(rows) > MAX_PARTS:
            m.error("rows", f"has {len(rows)} rows: a phone shows at most {MAX_PARTS}")
        if len(cols) > MAX_COLUMNS:
            m.error("columns", f"has {len(cols)} columns: a phone shows at most {MAX_COLUMNS}")
        m.finish()
    else:
        r.used.add("matrix")
    prompts = r.str_list("prompts", required=False, min_items=0)
    sides = r.str_list("sides", required=False, min_items=0)
    if sides and len(sides) < 2:
        r.error("sides", "needs at least two sides")
    if len(sides) > 4:
        r.error("sides", "has more than four sides: use a matrix instead")
    roles = r.str_list("roles", required=False, min_items=0)
    for key, values in (("prompts", prompts), ("roles", roles), ("sides", sides)):
        _unique(r, key, values)
        if len(values) > MAX_PARTS:
            r.error(key, f"has {len(values)} items: keep it to {MAX_PARTS} at most")
    if roles and one_board:
        r.error("roles", f"need groups: with grouping: {grouping} there is no group to hand a role to")
    queue = r.bool("queue")
    report = r.str("report_back", "plenary", required=False, choices=("plenary", "gallery")) or "plenary"
    split = r.str("split", required=False, choices=SPLITS)
    if split is not None:
        if one_board:
            r.error("split", f"needs groups: with grouping: {grouping} there is no group to hand a part to")
        elif split == "prompts" and len(prompts) < 2:
            r.error("split", "'prompts' needs at least two prompts to hand out, one per group")
        elif split == "rows" and len(rows) < 2:
            r.error("split", "'rows' needs a matrix with at least two rows to hand out, one per group")
    work = r.number("work_minutes", required=False)
    present = r.number("present_minutes", required=False)
    for key, value in (("work_minutes", work), ("present_minutes", present)):
        if value is not None and value > 240:
            r.error(key, f"must be at most 240 minutes, got {value:g}")
    if present is not None and report != "plenary":
        r.error("present_minutes", "times each group's turn in a plenary report-back: it needs 'report_back: plenary'")
    if not (prompts or rows or sides or roles or queue):
        r.error(None, "a group board needs something to fill in: 'prompts', 'matrix', 'sides', 'roles' or 'queue: true'")
    return GroupBoardSettings(
        grouping=grouping,
        groups=groups,
        max_group_size=max_size,
        prompts=tuple(prompts),
        matrix_rows=tuple(rows),
        matrix_columns=tuple(cols),
        sides=tuple(sides),
        roles=tuple(roles),
        queue=queue,
        report_back=report,
        split=split,
        work_minutes=work,
        present_minutes=present,
    )


def brainwriting(r: Reader) -> BrainwritingSettings:
    """The prompt and the passing of cards."""
    return BrainwritingSettings(
        r.str("prompt") or "",
        r.int("passes", 2, required=False, lo=1, hi=10) or 2,
        r.number("round_minutes", 5, required=False) or 5,
        r.int("vote_dots", 0, required=False, lo=0, hi=20) or 0,
    )


def take_a_stand(r: Reader) -> TakeAStandSettings:
    """Statements and the zones of the spectrum."""
    statements = r.str_list("statements", min_items=1)
    zones = r.str_list("zones", required=False, min_items=2, default=list(ZONES)) if r.has("zones") else list(ZONES)
    r.used.add("zones")
    return TakeAStandSettings(tuple(statements), tuple(zones))


def fishbowl(r: Reader) -> FishbowlSettings:
    """Inner-circle seats and expert seats."""
    topic = r.str("topic") or ""
    seats = r.int("seats", lo=3, hi=20) or 0
    experts = r.int("expert_seats", 0, required=False, lo=0, hi=20) or 0
    if seats and experts >= seats:
        r.error("expert_seats", f"must leave at least one open seat ({experts} of {seats})")
    return FishbowlSettings(topic, seats, experts)


def review_game(r: Reader) -> ReviewGameSettings:
    """Who writes the questions, how many points they are worth and how they are drawn."""
    source = r.str("source", "participants", required=False, choices=("participants", "facilitator")) or "participants"
    questions: list[ReviewQuestion] = []
    for i in r.list("questions", required=source == "facilitator", min_items=1 if source == "facilitator" else 0):
        item = r.data["questions"][i]
        if isinstance(item, dict):
            q = r.child("questions", i)
            question = ReviewQuestion(q.str("question") or "", q.int("points", required=False, lo=1, hi=100))
            if q.finish():
                questions.append(question)
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            questions.append(ReviewQuestion(str(item).strip()))
        else:
            r.log.add(
                r.doc.line(r.path + ("questions", i)), f"'questions' item {i + 1} must be a question, or {{question: ..., points: N}}"
            )
            r.ok = False
    points: tuple[int, ...] = (1, 2, 3)
    if r.has("points"):
        raw = r.raw("points", False)
        if not isinstance(raw, list) or not raw or not all(isinstance(p, int) and not isinstance(p, bool) and 0 < p <= 100 for p in raw):
            r.error("points", "must be a list of whole numbers from 1 to 100")
        else:
            points = tuple(raw)
    r.used.add("points")
    draw = r.str("draw", "random", required=False, choices=("random", "in-order")) or "random"
    each = r.int("questions_each", 2, required=False, lo=1, hi=10) or 2
    return ReviewGameSettings(source, tuple(questions), points, draw, each)
