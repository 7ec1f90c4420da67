"""The Chatham House switch's name matching (no database)."""

from __future__ import annotations

from toolbox.reports.services import anonymise, names_pattern


def hide(text: str, names: list[str], exact: list[str] = ()) -> str:
    return anonymise(text, names_pattern(names, exact))


def test_whole_names_and_their_words_in_any_case():
    assert hide("Ana Diallo spoke, then DIALLO and ana again.", ["Ana Diallo"]) == "anonymous spoke, then anonymous and anonymous again."


def test_only_whole_words():
    assert hide("Anabelle and Banana, not Ana.", ["Ana"]) == "Anabelle and Banana, not anonymous."


def test_a_second_person_of_the_same_name():
    assert hide("Ana (2) and Ana agreed.", ["Ana", "Ana (2)"]) == "anonymous and anonymous agreed."


def test_short_words_of_a_name_are_kept_alone_but_not_the_whole_name():
    assert hide("Jo Li said so; Li Jo too.", ["Jo Li"]) == "anonymous said so; Li Jo too."


def test_names_to_hide_are_matched_as_written():
    assert hide("The Ministry of Planning plans.", [], ["Ministry of Planning"]) == "The anonymous plans."


def test_nothing_to_hide():
    assert names_pattern([], []) is None
    assert hide("Nothing changes.", []) == "Nothing changes."
    assert hide("", ["Ana"]) == ""


def test_names_with_regex_characters():
    assert hide("Thanks to K.*O and (Bob)!", ["K.*O", "(Bob)"]) == "Thanks to anonymous and anonymous!"
