"""Quiz balance: figures that show whether a quiz can be passed from the form of its answers, without reading the lesson."""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, fields

from .errors import ContentError
from .models import Option, Quiz, QuizQuestion

TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")
# A verdict that opens a feedback ("Yes.", "Not quite:"), and a pointer to where to read ("See section 2.").
VERDICT = re.compile(
    r"^\s*(?:yes|no|right|correct|incorrect|wrong|true|false|exactly|indeed|not so|not quite)\b[\s.,;:!\u2013\u2014-]*", re.I
)
POINTER = re.compile(r"(?:^|(?<=[.;,!(]))\s*(?:see|read)\b[^.]*\.?", re.I)
# Below these, a share says little: with 3 true/false questions, 3 of 3 "false" is still a coin's luck.
MIN_TRUE_FALSE, MAX_ONE_WAY = 4, 0.8
MIN_CHOICE, MAX_LONGEST = 3, 0.6
EXPLANATION_WORDS = 3


def plain(fragment: str) -> str:
    """The text a learner reads in a rendered fragment."""
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def bare(feedback_html: str) -> bool:
    """True when a feedback gives a verdict and at most a pointer ("Yes. See section 2."), but no reason."""
    rest = POINTER.sub(" ", VERDICT.sub("", plain(feedback_html), count=1))
    return len(WORD.findall(rest)) < EXPLANATION_WORDS


def right_is_longest(q: QuizQuestion) -> bool:
    """True when a right option is longer than every wrong one: a learner who picks the longest option gets it."""
    right = [len(plain(o.html)) for o in q.options if o.correct]
    wrong = [len(plain(o.html)) for o in q.options if not o.correct]
    return bool(right and wrong) and max(right) > max(wrong)


def wrong_options(q: QuizQuestion) -> int:
    """How many options of a choice question are wrong."""
    return sum(not o.correct for o in q.options)


@dataclass(frozen=True)
class QuizBalance:
    """The balance figures of one quiz, or of several added together."""

    questions: int = 0
    true_false: int = 0
    keyed_true: int = 0
    choice: int = 0  # single and multiple choice
    longest_right: int = 0
    # How many choice questions would have a right option longest if option lengths were random (k right of n: k/n).
    chance: float = 0.0
    multiple: int = 0
    few_wrong: int = 0  # multiple-choice questions with fewer than two wrong options
    feedbacks: int = 0
    bare_feedbacks: int = 0

    def __add__(self, other: QuizBalance) -> QuizBalance:
        return QuizBalance(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def true_share(self) -> float | None:
        """The share of true/false questions whose key is true."""
        return self.keyed_true / self.true_false if self.true_false else None

    @property
    def longest_share(self) -> float | None:
        """The share of choice questions whose right option is the longest."""
        return self.longest_right / self.choice if self.choice else None

    @property
    def chance_share(self) -> float | None:
        """What `longest_share` would be by chance."""
        return self.chance / self.choice if self.choice else None

    def as_dict(self) -> dict[str, float | int | None]:
        """The counts and shares, for JSON."""
        out: dict[str, float | int | None] = {**asdict(self), "chance": round(self.chance, 2)}
        for name in ("true_share", "longest_share", "chance_share"):
            value = getattr(self, name)
            out[name] = None if value is None else round(value, 2)
        return out


def quiz_balance(quiz: Quiz) -> QuizBalance:
    """Count what makes a quiz guessable: true/false keys, longest right options, thin multiple choice, bare feedback."""
    total = QuizBalance()
    for q in quiz.questions:
        choice = q.type != "true-false"
        right = sum(o.correct for o in q.options)
        total += QuizBalance(
            questions=1,
            true_false=int(not choice),
            keyed_true=int(not choice and "true" in q.correct_ids),
            choice=int(choice),
            longest_right=int(choice and right_is_longest(q)),
            chance=right / len(q.options) if choice and right < len(q.options) else 0.0,
            multiple=int(q.type == "multiple"),
            few_wrong=int(q.type == "multiple" and wrong_options(q) < 2),
            feedbacks=len(q.options),
            bare_feedbacks=sum(bare(o.feedback_html) for o in q.options),
        )
    return total


def _option_name(q: QuizQuestion, o: Option) -> str:
    if q.type == "true-false":
        return f"feedback_{o.id}"
    return f"option '{o.id}'"


def quiz_warnings(quiz: Quiz, path: str) -> list[ContentError]:
    """Giveaway patterns in a quiz, each at its line; warnings, not errors: the quiz still works."""
    out: list[ContentError] = []
    b = quiz_balance(quiz)
    if b.true_false >= MIN_TRUE_FALSE:
        way, count = ("true", b.keyed_true) if b.keyed_true * 2 >= b.true_false else ("false", b.true_false - b.keyed_true)
        if count / b.true_false >= MAX_ONE_WAY:
            out.append(
                ContentError(
                    path,
                    quiz.line,
                    f"quiz: {count} of {b.true_false} true/false answers are '{way}', so answering '{way}' every time passes; "
                    "make about half of them true",
                )
            )
    # Above chance too: a multiple-choice question with three right options of four has one of them longest 3 times in 4.
    if b.choice >= MIN_CHOICE and b.longest_right / b.choice > MAX_LONGEST and b.longest_right > b.chance:
        out.append(
            ContentError(
                path,
                quiz.line,
                f"quiz: the right option is the longest in {b.longest_right} of {b.choice} choice questions "
                f"(by chance about {b.chance:.0f}), so picking the longest option passes; make the wrong options as full as the right one",
            )
        )
    for q in quiz.questions:
        if q.type == "multiple" and wrong_options(q) < 2:
            n = wrong_options(q)
            out.append(
                ContentError(
                    path,
                    q.line,
                    f"question '{q.id}' has {n} wrong option{'' if n == 1 else 's'}: "
                    "give a multiple-choice question at least two plausible wrong options from the lesson",
                )
            )
        for o in q.options:
            if bare(o.feedback_html):
                out.append(
                    ContentError(
                        path,
                        o.feedback_line or q.line,
                        f"question '{q.id}', {_option_name(q, o)}: the feedback says '{plain(o.feedback_html)[:40]}' "
                        "without a reason; say why, in a sentence that teaches",
                    )
                )
    return out
