"""AMAZON.Currency: an amount of money as Lex's "{ISO 4217 code} {amount}", e.g. "USD 10.00".

As in the Lex V2 docs, the amount always has two decimals ("1 dollar" -> "USD 1.00", more only
when said: "$0.125" -> "USD 0.125"): "$10", "10 dollars", "twenty euros", "5.50 GBP", "€3", "ten
pounds fifty", "five dollars fifteen cents", "3 dimes", "5c", "5 usd and 1/2". "$" is USD whatever
the locale. A bare number is an amount in USD when it is the whole answer ("five fifteen" ->
"USD 515.00", Lex's en-US example); `find` takes only amounts marked with a currency, and reads
upper-case ISO codes only. Numbers are read by _numwords. It never converts between currencies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from bot.nlu.builtins._common import single
from bot.nlu.builtins._numwords import MULTIPLIERS, VOCABULARY, parse_decimal
from bot.nlu.builtins.base import Match, Resolution
from bot.nlu.types import ParseContext

SYMBOLS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "A$": "AUD",
    "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD",
    "R$": "BRL", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₱": "PHP", "₪": "ILS",
}  # fmt: skip
CODES = frozenset({
    "USD", "EUR", "GBP", "JPY", "INR", "AUD", "CAD", "NZD", "CHF", "CNY", "HKD", "SGD", "MXN",
    "BRL", "ZAR", "SEK", "NOK", "DKK", "KRW", "RUB", "TRY", "PLN", "ILS", "AED", "SAR", "THB",
    "PHP", "IDR", "MYR", "ARS", "CLP", "COP", "CZK", "HUF", "NGN", "KES", "EGP", "TWD", "PKR",
})  # fmt: skip
# Currency names, singular and plural; a bare name is the currency most English speakers mean.
NAMES = {
    "USD": ("dollar", "dollars", "buck", "bucks", "us dollar", "us dollars", "american dollars"),
    "EUR": ("euro", "euros"),
    "GBP": ("pound", "pounds", "quid", "pound sterling", "pounds sterling", "sterling",
            "british pound", "british pounds"),
    "JPY": ("yen", "japanese yen"),
    "INR": ("rupee", "rupees", "indian rupee", "indian rupees"),
    "MXN": ("peso", "pesos", "mexican peso", "mexican pesos"),
    "CHF": ("franc", "francs", "swiss franc", "swiss francs"),
    "CAD": ("canadian dollar", "canadian dollars"),
    "AUD": ("australian dollar", "australian dollars", "aussie dollars"),
    "NZD": ("new zealand dollar", "new zealand dollars"),
    "HKD": ("hong kong dollar", "hong kong dollars"),
    "SGD": ("singapore dollar", "singapore dollars"),
    "CNY": ("yuan", "renminbi", "chinese yuan"),
    "ZAR": ("rand", "south african rand"),
    "BRL": ("reais", "brazilian real", "brazilian reais"),
    "SEK": ("kronor", "swedish krona", "swedish kronor"),
    "NOK": ("norwegian krone", "norwegian kroner"),
    "DKK": ("danish krone", "danish kroner"),
    "KRW": ("korean won", "south korean won"),
    "RUB": ("ruble", "rubles", "rouble", "roubles"),
    "TRY": ("lira", "turkish lira"),
    "PLN": ("zloty", "zlotys", "polish zloty"),
    "ILS": ("shekel", "shekels"),
    "AED": ("dirham", "dirhams"),
    "THB": ("baht", "thai baht"),
    "NGN": ("naira",),
    "PKR": ("pakistani rupee", "pakistani rupees"),
    "PHP": ("philippine peso", "philippine pesos"),
}  # fmt: skip
# Coins and hundredths: name -> (currency, or None for the amount's own currency, hundredths).
MINOR = {
    "cent": (None, 1), "cents": (None, 1), "penny": (None, 1), "pennies": (None, 1),
    "pence": ("GBP", 1), "p": ("GBP", 1), "c": ("USD", 1), "dime": ("USD", 10),
    "dimes": ("USD", 10), "nickel": ("USD", 5), "nickels": ("USD", 5), "quarter": ("USD", 25),
    "quarters": ("USD", 25),
}  # fmt: skip

_BY_NAME = {" ".join(n.split()): code for code, names in NAMES.items() for n in names}
_FRACTIONS = {"1/2": Decimal("0.5"), "a half": Decimal("0.5"), "one half": Decimal("0.5"),
              "1/4": Decimal("0.25"), "3/4": Decimal("0.75")}  # fmt: skip


def _alt(options: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(o) for o in options), key=len, reverse=True))


_NUM_WORD = _alt(VOCABULARY - {"dot"})
_WORD_RUN = rf"(?:{_NUM_WORD})\b(?:[\s\-]+(?:{_NUM_WORD})\b)*"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_DIGIT_AMOUNT = rf"(?:{_DIGITS})(?:\s+(?:{_alt(MULTIPLIERS)})\b)?"
_AMOUNT = rf"{_DIGIT_AMOUNT}|{_WORD_RUN}"
_SYMBOL = _alt(SYMBOLS)
_NAME = _alt(_BY_NAME).replace(r"\ ", r"\s+")
_MINOR_WORD = rf"(?:{_alt(k for k in MINOR if len(k) > 1)})\b"
# "c" and "p" only in lower case and right after a number ("5c", "50p"): "5C" is a temperature.
_MINOR_LETTER = r"(?-i:[cp])(?!\w)"
_FRACTION = r"\s+and\s+(?P<frac>1/2|1/4|3/4|a\s+half|one\s+half)"
_MINOR_ANY = rf"{_MINOR_WORD}|{_MINOR_LETTER}"
_CENTS = rf"\s+(?:and\s+)?(?P<minor>{_AMOUNT})(?:\s+|(?=[cp]))(?P<minor_name>{_MINOR_ANY})"
_BARE_CENTS = rf"\s+(?P<bare_minor>\d\d\b|{_WORD_RUN})"
_START = r"(?<![\w.,$€£¥₹])"


def _patterns(code: str) -> list[re.Pattern[str]]:
    """The ways of saying an amount; `code` is the regex for ISO codes (any case or upper only)."""
    forms = [
        rf"(?P<sym>{_SYMBOL})\s?(?P<num>{_DIGIT_AMOUNT})",  # "$10", "£7.50", "$5 million"
        rf"(?P<num>{_DIGIT_AMOUNT})\s?(?P<sym>{_SYMBOL})",  # "10€"
        rf"(?P<code>{code})\s?(?P<num>{_AMOUNT})(?:{_FRACTION})?",  # "USD300"
        rf"(?P<num>{_AMOUNT})\s?(?P<code>{code})(?:{_FRACTION})?",  # "5 usd and 1/2"
        # "ten pounds fifty", "five dollars (and) fifteen cents", "a dollar and a half"
        rf"(?P<num>{_AMOUNT})\s+(?P<name>{_NAME})\b(?:{_FRACTION}|{_CENTS}|{_BARE_CENTS})?",
        rf"(?P<num>{_AMOUNT})\s+(?P<minor_name>{_MINOR_WORD})",  # "3 dimes", "fifty cents"
        rf"(?P<num>{_DIGITS})(?P<minor_name>{_MINOR_LETTER})",  # "5c", "99p"
    ]
    return [re.compile(rf"{_START}(?:{f})(?!\w)", re.IGNORECASE) for f in forms]


_ANY_CASE = _patterns(_alt(CODES))
_UPPER_ONLY = _patterns(rf"(?-i:{_alt(CODES)})")
_HINT_RE = re.compile(
    rf"[\d$€£¥₹₩₽₺₱₪]|\b(?:{_NAME}|{_MINOR_WORD}|(?-i:{_alt(CODES)}))\b", re.IGNORECASE
)
_FILLER_RE = re.compile(
    r"^(?:it'?s|it\s+is|that'?s|that\s+is|about|around|roughly|just|only|like|maybe|"
    r"it\s+costs?|the\s+(?:price|amount|total)\s+is)\s+",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"\s+")


class CurrencyType:
    name = "AMAZON.Currency"
    samples = (
        "$10", "$5.99", "$1.56", "10 dollars", "twenty euros", "€3", "£20", "5.50 GBP",
        "USD 100", "a hundred bucks", "ten pounds fifty", "50 cents", "¥500", "₹250",
        "1000 rupees", "two hundred pesos", "15 Swiss francs", "3 dimes", "EUR 12.50",
        "five dollars fifteen cents", "99p", "forty dollars", "1,200 dollars", "5c",
        "three euros and fifty cents", "5 usd and 1/2",
    )  # fmt: skip

    def resolve(self, text: str, ctx: ParseContext) -> Resolution | None:
        text = _FILLER_RE.sub("", text.strip().rstrip(".!?").strip()).strip()
        for pattern in _ANY_CASE:
            m = pattern.fullmatch(text)
            if m is not None and (value := _value(m)) is not None:
                return single(value)
        amount = _count(text)  # a bare number: Lex reads it as dollars in en-US
        return None if amount is None else single(f"USD {_money(amount)}")

    def find(self, text: str, ctx: ParseContext) -> list[Match]:
        if _HINT_RE.search(text) is None:  # most sentences name no money at all
            return []
        found: list[tuple[int, int, str]] = []
        for pattern in _UPPER_ONLY:
            pos = 0
            while (m := pattern.search(text, pos)) is not None:
                value = _value(m)
                if value is None:  # e.g. "and twenty dollars": try again from the next word
                    pos = m.start() + 1
                    continue
                found.append((m.start(), m.end(), value))
                pos = m.end()
        found.sort(key=lambda f: (f[0], -f[1]))
        out: list[Match] = []
        for start, end, value in found:
            if not out or start >= out[-1].end:
                out.append(Match(start, end, text[start:end], single(value)))
        return out


def _value(m: re.Match[str]) -> str | None:
    """The "CODE amount" of one match of a `_patterns` form, or None if its numbers do not parse."""
    groups = m.groupdict()
    amount = _count(groups["num"])
    if amount is None:
        return None
    code = _code(groups)
    if groups.get("minor_name") and not groups.get("name"):  # "50 cents" alone
        amount = amount * MINOR[groups["minor_name"].lower()][1] / 100
    elif groups.get("minor") or groups.get("bare_minor"):
        if amount != amount.to_integral_value():
            return None  # "5.5 dollars 20": not an amount anyone says
        minor = _count(groups.get("minor") or groups["bare_minor"])
        per = MINOR[groups["minor_name"].lower()][1] if groups.get("minor_name") else 1
        if minor is None or minor <= 0 or minor * per >= 100 or minor != int(minor):
            return None
        amount += minor * per / 100
    if groups.get("frac"):
        amount += _FRACTIONS[_SPACES_RE.sub(" ", groups["frac"].lower())]
    if (groups.get("name") or "").lower().startswith("pound") and _followed_by_of(m):
        return None  # "10 pounds of flour" is a weight
    return f"{code} {_money(amount)}"


def _code(groups: dict[str, str | None]) -> str:
    if sym := groups.get("sym"):
        return SYMBOLS[sym.upper()]
    if code := groups.get("code"):
        return code.upper()
    if name := groups.get("name"):
        return _BY_NAME[_SPACES_RE.sub(" ", name.lower())]
    own = MINOR[(groups.get("minor_name") or "c").lower()][0]
    return own or "USD"


def _followed_by_of(m: re.Match[str]) -> bool:
    return m.string[m.end() :].lstrip().lower().startswith("of ")


def _count(text: str) -> Decimal | None:
    """A number of units: "a"/"an" are one ("a dollar fifty"); negatives are not amounts."""
    text = _SPACES_RE.sub(" ", text.strip().lower())
    value = Decimal(1) if text in ("a", "an") else parse_decimal(text)
    return None if value is None or value < 0 else value


def _money(amount: Decimal) -> str:
    """Two decimals, or more when more were said ("0.125")."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return format(amount.normalize(), "f")
    return format(amount.quantize(Decimal("0.01")), "f")
