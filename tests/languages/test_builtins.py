"""Built-in slot types in each supported language: dates (future-biased, Lex V2's week rules,
the locale's numeric order), times, numbers, durations, yes/no answers and first names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.nlu.builtins import builtin_samples, get_builtin, unavailable_in
from bot.nlu.languages import available, require
from bot.nlu.types import ParseContext

# Wednesday 26 November 2025, noon UTC.
NOW = datetime(2025, 11, 26, 12, 0, tzinfo=UTC)
CJK = ("ja_JP", "ko_KR")
# The `test` extra installs lexbot[ja,ko]: without them these tests fail, never skip.
if not all(available(loc) for loc in CJK):
    raise ImportError("the Japanese and Korean tests need lexbot[ja,ko]: pip install -e '.[test]'")


@pytest.fixture(autouse=True, scope="module")
def _segmenters() -> None:
    for locale in CJK:
        require(locale)


def _value(type_name: str, locale: str, text: str, zone: str = "Europe/Paris") -> object:
    found = get_builtin(type_name)
    assert found is not None
    res = found.resolve(text, ParseContext(now=NOW, time_zone=zone, locale=locale))
    if res is None:
        return None
    return res.interpreted_value if res.interpreted_value is not None else res.resolved_values


DATES = [
    ("de_DE", "morgen", "2025-11-27"), ("de_DE", "übermorgen", "2025-11-28"),
    ("de_DE", "am 12. März", "2026-03-12"), ("de_DE", "12.03.", "2026-03-12"),
    ("de_DE", "nächsten Freitag", "2025-11-28"), ("de_DE", "nächste Woche", "2025-11-30"),
    ("fr_FR", "demain", "2025-11-27"), ("fr_FR", "le 12 mars", "2026-03-12"),
    ("fr_FR", "12/03", "2026-03-12"), ("fr_FR", "vendredi prochain", "2025-11-28"),
    ("fr_FR", "le 1er juillet", "2026-07-01"), ("fr_FR", "dans 3 jours", "2025-11-29"),
    ("es_US", "mañana", "2025-11-27"), ("es_ES", "pasado mañana", "2025-11-28"),
    ("es_US", "el 12 de marzo", "2026-03-12"), ("es_ES", "el próximo viernes", "2025-11-28"),
    ("it_IT", "domani", "2025-11-27"), ("it_IT", "il 12 marzo", "2026-03-12"),
    ("it_IT", "venerdì prossimo", "2025-11-28"), ("it_IT", "tra 3 giorni", "2025-11-29"),
    ("en_GB", "12/03", "2026-03-12"), ("en_US", "12/03", "2025-12-03"),
    ("en_GB", "tomorrow", "2025-11-27"),
]  # fmt: skip
CJK_DATES = [
    ("ja_JP", "明日", "2025-11-27"), ("ja_JP", "3月12日", "2026-03-12"),
    ("ja_JP", "来週の金曜日", "2025-12-05"), ("ja_JP", "次の金曜日", "2025-11-28"),
    ("ja_JP", "2026年3月12日", "2026-03-12"), ("ja_JP", "３月１２日", "2026-03-12"),
    ("ja_JP", "3/12", "2026-03-12"), ("ja_JP", "来週", "2025-11-30"),
    ("ja_JP", "明日でお願いします", "2025-11-27"),
    ("ko_KR", "내일", "2025-11-27"), ("ko_KR", "3월 12일", "2026-03-12"),
    ("ko_KR", "다음 주 금요일", "2025-12-05"), ("ko_KR", "모레", "2025-11-28"),
]  # fmt: skip


@pytest.mark.parametrize(("locale", "text", "expected"), DATES)
def test_dates_read_the_locales_words_and_order(locale: str, text: str, expected: str) -> None:
    assert _value("AMAZON.Date", locale, text) == expected


@pytest.mark.parametrize(("locale", "text", "expected"), CJK_DATES)
def test_japanese_and_korean_dates(locale: str, text: str, expected: str) -> None:
    assert _value("AMAZON.Date", locale, text) == expected


@pytest.mark.parametrize(
    ("locale", "text"), [("de_DE", "in 1 Jahr"), ("fr_FR", "dans 1 an"), ("en_US", "in 1 year")]
)
def test_a_year_from_a_months_last_day_keeps_the_day(locale: str, text: str) -> None:
    found = get_builtin("AMAZON.Date")
    assert found is not None
    end_of_january = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
    res = found.resolve(text, ParseContext(now=end_of_january, time_zone="UTC", locale=locale))
    assert res is not None and res.interpreted_value == "2027-01-31"


def test_tomorrow_is_the_users_tomorrow_in_their_time_zone() -> None:
    # 26 November 23:30 UTC is already the 27th in Tokyo.
    late = datetime(2025, 11, 26, 23, 30, tzinfo=UTC)
    found = get_builtin("AMAZON.Date")
    assert found is not None
    ctx = ParseContext(now=late, time_zone="Asia/Tokyo", locale="de_DE")
    res = found.resolve("morgen", ctx)
    assert res is not None and res.interpreted_value == "2025-11-28"


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("de_DE", "15 Uhr", "15:00"), ("de_DE", "9 Uhr morgens", "09:00"),
        ("de_DE", "halb drei", ("02:30", "14:30")), ("fr_FR", "15h30", "15:30"),
        ("fr_FR", "midi", "12:00"), ("fr_FR", "8 heures du soir", "20:00"),
        ("es_US", "las 3 de la tarde", "15:00"), ("it_IT", "le 3 del pomeriggio", "15:00"),
        ("it_IT", "alle 10", ("10:00", "22:00")),
    ],
)  # fmt: skip
def test_times(locale: str, text: str, expected: object) -> None:
    assert _value("AMAZON.Time", locale, text) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [("ja_JP", "午後3時", "15:00"), ("ja_JP", "3時半", ("03:30", "15:30")),
     ("ko_KR", "오후 3시", "15:00"), ("ko_KR", "오전 9시 30분", "09:30")],
)  # fmt: skip
def test_japanese_and_korean_times(locale: str, text: str, expected: object) -> None:
    assert _value("AMAZON.Time", locale, text) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("de_DE", "3,5", "3.5"), ("de_DE", "1.000", "1000"), ("de_DE", "dreiundzwanzig", "23"),
        ("fr_FR", "vingt et un", "21"), ("es_US", "veinte", "20"), ("it_IT", "cento", "100"),
        ("ja_JP", "二十三", "23"), ("ja_JP", "１２", "12"), ("ko_KR", "이십", "20"),
        ("en_US", "twenty one", "21"),
    ],
)  # fmt: skip
def test_numbers(locale: str, text: str, expected: str) -> None:
    assert _value("AMAZON.Number", locale, text) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("de_DE", "1 Stunde und 30 Minuten", "PT1H30M"), ("fr_FR", "une heure et demie", "PT1H30M"),
        ("es_US", "3 días", "P3D"), ("it_IT", "due ore", "PT2H"), ("ja_JP", "1時間半", "PT1H30M"),
        ("ja_JP", "2時間", "PT2H"), ("ko_KR", "10분", "PT10M"),
    ],
)  # fmt: skip
def test_durations(locale: str, text: str, expected: str) -> None:
    assert _value("AMAZON.Duration", locale, text) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("de_DE", "ja bitte", "Yes"), ("de_DE", "nein danke", "No"), ("fr_FR", "oui", "Yes"),
        ("fr_FR", "non merci", "No"), ("es_US", "claro", "Yes"), ("es_ES", "no", "No"),
        ("it_IT", "va bene", "Yes"), ("it_IT", "forse", "Maybe"), ("en_US", "yes", "Yes"),
    ],
)  # fmt: skip
def test_yes_and_no(locale: str, text: str, expected: str) -> None:
    assert _value("AMAZON.Confirmation", locale, text) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [("ja_JP", "はい、お願いします", "Yes"), ("ja_JP", "いいえ", "No"), ("ko_KR", "네", "Yes"),
     ("ko_KR", "아니요", "No")],
)  # fmt: skip
def test_japanese_and_korean_yes_and_no(locale: str, text: str, expected: str) -> None:
    assert _value("AMAZON.Confirmation", locale, text) == expected


def test_an_answer_read_without_a_locale_understands_every_language() -> None:
    # The dialog reads a confirmation prompt's answer without knowing the locale.
    assert _value("AMAZON.Confirmation", "", "oui") == "Yes"
    assert _value("AMAZON.Confirmation", "", "nein") == "No"
    assert _value("AMAZON.Confirmation", "", "yes") == "Yes"


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [("de_DE", "ich heiße Anna", "Anna"), ("fr_FR", "je m'appelle Camille", "Camille"),
     ("es_US", "me llamo Lucía", "Lucía"), ("it_IT", "mi chiamo Giulia", "Giulia"),
     ("ja_JP", "マリアです", "マリア"), ("ko_KR", "마리아입니다", "마리아")],
)  # fmt: skip
def test_first_names_drop_the_languages_lead_ins(locale: str, text: str, expected: str) -> None:
    assert _value("AMAZON.FirstName", locale, text) == expected


def test_samples_follow_the_locale() -> None:
    assert "morgen" in builtin_samples("AMAZON.Date", "de_DE")
    assert "明日" in builtin_samples("AMAZON.Date", "ja_JP")
    assert "tomorrow" in builtin_samples("AMAZON.Date", "en_GB")
    assert builtin_samples("AMAZON.EmailAddress", "ja_JP") == builtin_samples(
        "AMAZON.EmailAddress", "en_US"
    )


def test_generic_types_work_in_every_locale() -> None:
    for locale in ("de_DE", "fr_FR", "es_US", "it_IT", "ja_JP", "ko_KR"):
        assert unavailable_in("AMAZON.Number", locale) is None
        assert unavailable_in("AMAZON.City", locale) is None
        assert _value("AMAZON.EmailAddress", locale, "jo@example.com") == "jo@example.com"


def test_a_type_lex_lacks_in_a_locale_says_so() -> None:
    why = unavailable_in("AMAZON.UKPostalCode", "ja_JP")
    assert why is not None and "ja_JP" in why and "en_GB" in why
    assert unavailable_in("AMAZON.AlphaNumeric", "ko_KR") is not None
    assert unavailable_in("AMAZON.Confirmation", "de_DE") is not None
