"""AMAZON.StreetName and AMAZON.UKPostalCode."""

from __future__ import annotations

import pytest

from bot.nlu.builtins.street_name import StreetNameType
from bot.nlu.builtins.uk_postcode import UKPostalCodeType
from bot.nlu.types import ParseContext


def _street(text: str, ctx: ParseContext) -> str | None:
    res = StreetNameType().resolve(text, ctx)
    return None if res is None else res.interpreted_value


def _postcode(text: str, ctx: ParseContext) -> str | None:
    res = UKPostalCodeType().resolve(text, ctx)
    return None if res is None else res.interpreted_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Main Street", "Main Street"),
        ("123 Main St", "Main Street"),
        ("221B Baker Street, London", "Baker Street"),
        ("I live on 12 Elm Ave.", "Elm Avenue"),
        ("it's on Sunset Blvd", "Sunset Boulevard"),
        ("1600 Pennsylvania Ave NW", "Pennsylvania Avenue NW"),
        ("5th Ave", "5th Avenue"),
        ("42nd St.", "42nd Street"),
        ("Maple Dr", "Maple Drive"),
        ("Pine Ln", "Pine Lane"),
        ("Church Rd", "Church Road"),
    ],
)
def test_street_drops_house_number_and_writes_out_abbreviations(
    text: str, value: str, ctx: ParseContext
) -> None:
    assert _street(text, ctx) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("main st", "main street"), ("MAIN ST", "MAIN STREET"), ("Main  street", "Main street")],
)
def test_street_keeps_the_case_it_was_said_in(text: str, value: str, ctx: ParseContext) -> None:
    assert _street(text, ctx) == value


def test_street_first_word_st_is_saint_not_street(ctx: ParseContext) -> None:
    assert _street("St James Street", ctx) == "St James Street"


@pytest.mark.parametrize(
    ("text", "value"),
    [("Broadway", "Broadway"), ("The Strand", "The Strand"),
     ("Avenue of the Americas", "Avenue of the Americas")],
)  # fmt: skip
def test_street_takes_a_capitalised_name_without_street_word(
    text: str, value: str, ctx: ParseContext
) -> None:
    assert _street(text, ctx) == value


@pytest.mark.parametrize(
    "text",
    ["broadway", "help", "No", "Street", "the street", "I don't know", "seven eleven",
     "one two three four five six seven", ""],
)  # fmt: skip
def test_street_rejects_non_street_answers(text: str, ctx: ParseContext) -> None:
    assert _street(text, ctx) is None


def test_street_find_takes_name_and_street_word(ctx: ParseContext) -> None:
    text = "I live at 123 Main St. in Springfield, near Hollywood Boulevard and 5th Avenue"
    found = [(m.text, m.resolution.interpreted_value) for m in StreetNameType().find(text, ctx)]
    assert found == [
        ("Main St", "Main Street"),
        ("Hollywood Boulevard", "Hollywood Boulevard"),
        ("5th Avenue", "5th Avenue"),
    ]


def test_street_find_takes_one_lower_case_word(ctx: ParseContext) -> None:
    text = "turn left on main street then cross the road"
    assert [m.text for m in StreetNameType().find(text, ctx)] == ["main street"]


def test_street_find_ignores_titles_and_everyday_words(ctx: ParseContext) -> None:
    text = "meet Dr Smith at St James Park, the best way is to walk down the road"
    assert StreetNameType().find(text, ctx) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("E1 6AN", "E1 6AN"),
        ("m1 1ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("my postcode is EC1A 1BB.", "EC1A 1BB"),
    ],
)
def test_postcode_all_six_formats_in_any_case(text: str, value: str, ctx: ParseContext) -> None:
    assert _postcode(text, ctx) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("s w one a one a a", "SW1A 1AA"),
        ("s w one a one double a", "SW1A 1AA"),
        ("e one six a n", "E1 6AN"),
        ("b double three eight t h", "B33 8TH"),
        ("d n fifty five one p t", "DN55 1PT"),
        ("w one a oh a x", "W1A 0AX"),
    ],
)
def test_postcode_spoken_character_by_character(text: str, value: str, ctx: ParseContext) -> None:
    assert _postcode(text, ctx) == value


@pytest.mark.parametrize("text", ["hello", "12345", "SW1A", "SW1A 1A", "ABC123", ""])
def test_postcode_other_text_does_not_resolve(text: str, ctx: ParseContext) -> None:
    assert _postcode(text, ctx) is None


def test_postcode_find_typed_postcodes(ctx: ParseContext) -> None:
    text = "send it to SW1A 1AA or e1 6an, not ABC123 or W1A0AX-2"
    found = [(m.text, m.resolution.interpreted_value) for m in UKPostalCodeType().find(text, ctx)]
    assert found == [("SW1A 1AA", "SW1A 1AA"), ("e1 6an", "E1 6AN")]
