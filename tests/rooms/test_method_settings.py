"""Live methods' settings are validated from an activity's front matter."""

from __future__ import annotations

import pytest

from toolbox.content.errors import ErrorLog
from toolbox.content.schema import Reader
from toolbox.content.yamlmap import parse_yaml
from toolbox.rooms.methods import METHODS, read_settings


def settings(method: str, text: str):
    log = ErrorLog("x.md")
    doc = parse_yaml(text, 1, log)
    result = read_settings(method, Reader(doc, log))
    return result, [str(e) for e in log.errors]


def test_registry_names_every_method():
    assert set(METHODS) == {
        "dot-voting",
        "speed-dating",
        "world-cafe",
        "group-board",
        "brainwriting",
        "take-a-stand",
        "fishbowl",
        "review-game",
        "none",
    }


def test_dot_voting():
    s, errors = settings("dot-voting", "options: [A, B]\nballots:\n  - {label: L, colour: blue, symbol: circle, dots: 3}\nresults: live")
    assert errors == []
    assert s.options == ("A", "B") and s.ballots[0].symbol == "circle" and s.results == "live" and not s.stacking


def test_world_cafe():
    s, errors = settings("world-cafe", "tables: [Before, After]\nrounds:\n  - question: Why?\n    minutes: 12\nhosts: facilitator")
    assert errors == [] and s.rounds[0].minutes == 12 and s.hosts == "facilitator"


def test_speed_dating_defaults_to_meet_and_greet():
    s, errors = settings("speed-dating", "round_minutes: 3")
    assert errors == [] and s.questions == () and s.rounds_per_question == 1


def test_group_board_matrix():
    s, errors = settings("group-board", "grouping: mixed\nmatrix: {rows: [a, b], columns: [c]}\nreport_back: gallery")
    assert errors == [] and s.matrix_rows == ("a", "b") and s.matrix_columns == ("c",)


@pytest.mark.parametrize(
    ("method", "text", "message"),
    [
        ("dot-voting", "options: [A]\nballots: []", "'options' needs at least 2 item(s)"),
        (
            "dot-voting",
            "options: [A, B]\nballots:\n  - {label: L, colour: pink, symbol: circle, dots: 3}",
            "'ballots[1].colour' must be one of",
        ),
        ("dot-voting", "options: [A, a]\nballots:\n  - {label: L, colour: red, symbol: star, dots: 3}", "lists 'a' more than once"),
        ("world-cafe", "tables: [A, B]\nrounds:\n  - {question: Q, minutes: -1}", "'rounds[1].minutes' must be a number greater than 0"),
        ("group-board", "grouping: random", "a group board needs something to fill in"),
        ("group-board", "prompts: [x]\nsides: [only]", "'sides' needs at least two sides"),
        ("fishbowl", "topic: T\nseats: 4\nexpert_seats: 4", "must leave at least one open seat"),
        ("review-game", "source: facilitator", "missing required key 'questions'"),
        ("review-game", "points: [1, zero]", "'points' must be a list of whole numbers"),
        ("take-a-stand", "statements: []", "'statements' needs at least 1 item(s)"),
        ("brainwriting", "prompt: P\npasses: 0", "'passes' must be between 1 and 10"),
        ("none", "anything: 1", "method 'none' takes no settings"),
        ("speed-dating", "questions: [a]\nbogus: 1", "unknown key 'bogus'"),
    ],
)
def test_bad_settings_are_reported(method, text, message):
    _, errors = settings(method, text)
    assert any(message in e for e in errors), errors


def test_review_game_questions_with_their_own_points_and_the_draw():
    text = (
        'source: facilitator\nquestions:\n  - Plain question?\n  - {question: "Worth two?", points: 2}\ndraw: in-order\nquestions_each: 1'
    )
    s, errors = settings("review-game", text)
    assert errors == []
    assert [(q.question, q.points) for q in s.questions] == [("Plain question?", None), ("Worth two?", 2)]
    assert s.draw == "in-order" and s.questions_each == 1 and s.points == (1, 2, 3)
    s, errors = settings("review-game", "source: participants")
    assert errors == [] and s.questions == () and s.draw == "random" and s.questions_each == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source: facilitator\nquestions:\n  - {question: Q, points: 0}", "'questions[1].points' must be between 1 and 100"),
        ("source: facilitator\nquestions:\n  - {question: Q, value: 2}", "unknown key 'questions[1].value'"),
        ("source: facilitator\nquestions:\n  - [a, b]", "'questions' item 1 must be a question"),
        ("draw: shuffled", "'draw' must be one of: random, in-order"),
        ("questions_each: 0", "'questions_each' must be between 1 and 10"),
    ],
)
def test_bad_review_game_settings(text, message):
    _, errors = settings("review-game", text)
    assert any(message in e for e in errors), errors
