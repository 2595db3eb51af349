"""AMAZON.EmailAddress and AMAZON.PhoneNumber: typed and spoken forms."""

from __future__ import annotations

import pytest

from bot.nlu.builtins.email_address import EmailAddressType
from bot.nlu.builtins.phone_number import PhoneNumberType
from bot.nlu.types import ParseContext


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("jo@example.com", "jo@example.com"),
        ("Jo.Smith@Example.COM", "jo.smith@example.com"),
        ("jo at example dot com", "jo@example.com"),
        ("john dot smith at gmail dot com", "john.smith@gmail.com"),
        ("my email is a_b@mail.co.uk", "a_b@mail.co.uk"),
    ],
)
def test_email_address_is_lower_cased(text: str, value: str, ctx: ParseContext) -> None:
    res = EmailAddressType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value


@pytest.mark.parametrize("text", ["jo", "jo@", "@example.com", "jo at home", "a@b"])
def test_email_non_addresses_do_not_resolve(text: str, ctx: ParseContext) -> None:
    assert EmailAddressType().resolve(text, ctx) is None


def test_email_find_typed_and_spoken(ctx: ParseContext) -> None:
    text = "write to jo@example.com or sam at gmail dot com"
    found = [
        (m.start, m.end, m.resolution.interpreted_value) for m in EmailAddressType().find(text, ctx)
    ]
    assert found == [(9, 23, "jo@example.com"), (27, 47, "sam@gmail.com")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("(555) 123-4567", "5551234567"),
        ("+1 555 123 4567", "+15551234567"),
        ("555.867.5309", "5558675309"),
        ("five five five one two three four", "5551234"),
        ("oh two oh seven nine four six oh nine five eight", "02079460958"),
        ("double five five one two three four", "5551234"),
        ("my number is 415 555 0132", "4155550132"),
    ],
)
def test_phone_number_is_a_digit_string(text: str, value: str, ctx: ParseContext) -> None:
    res = PhoneNumberType().resolve(text, ctx)
    assert res is not None and res.interpreted_value == value


@pytest.mark.parametrize(
    "text", ["123", "555-12", "call me", "2017-03-12", "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6"]
)
def test_phone_too_short_too_long_or_not_a_number(text: str, ctx: ParseContext) -> None:
    assert PhoneNumberType().resolve(text, ctx) is None


def test_phone_plus_only_counts_at_the_start(ctx: ParseContext) -> None:
    assert PhoneNumberType().resolve("555 + 1234567", ctx) is None


def test_phone_find_typed_and_spoken(ctx: ParseContext) -> None:
    text = "call (555) 123-4567 or five five five one two three four"
    found = [(m.text, m.resolution.interpreted_value) for m in PhoneNumberType().find(text, ctx)]
    assert found == [
        ("(555) 123-4567", "5551234567"),
        ("five five five one two three four", "5551234"),
    ]
