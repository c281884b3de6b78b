"""Numbers as officers type them into numerical questions, read in the officer's language. Pure.

Read once, when the answer is saved: the value is stored beside the typed text, so grading never
depends on the language a page was in, and the review shows the number as it was understood.

`read_number(text, decimal)` takes the locale's decimal mark (`.` in English, Korean and Hebrew;
`,` in German, French, Spanish, Portuguese, Dutch and Swedish; from Babel's CLDR data). The rules,
strict because a grade hangs on them:

- spaces (also no-break and thin ones) and apostrophes group digits in every language: `1 500`;
- the decimal mark appears at most once: `2,5` in German is 2.5, `2.5` in English;
- the other mark only groups thousands, in groups of three before the decimal mark:
  `1.234,5` in German, `1,234.5` in English; `1,50` in English is refused;
- a single mark of either kind followed by exactly three digits (`1,500`, `1.500`) is refused as
  ambiguous: it is fifteen hundred by one convention and one and a half by the other, and the
  officer is asked to write `1500` or `1,5`. A leading zero settles it (`0,125`).
- a sign, `−` and an exponent (`1e3`) are read; words, units and anything else are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007'’]+")
_SHAPE = re.compile(r"^([+-]?)([\d.,]+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")

UNREADABLE = "unreadable"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Reading:
    """What a typed answer was read as: a value, or why it was not (UNREADABLE or AMBIGUOUS)."""

    value: Decimal | None
    problem: str | None = None
    # For AMBIGUOUS: the two values it could be (thousands first).
    could_be: tuple[Decimal, Decimal] | None = None


def _sane(value: Decimal) -> Decimal | None:
    # Finite and of sane size: 1e999999999 would make later arithmetic crawl.
    return value if value.is_finite() and abs(value.adjusted()) <= 100 else None


def read_number(raw: str | None, decimal: str = ".") -> Reading:
    """Read `raw` with `decimal` as the decimal mark (see the module's rules)."""
    other = "," if decimal == "." else "."
    text = _SPACES.sub("", unicodedata.normalize("NFKC", raw or "")).replace("\u2212", "-")
    shape = _SHAPE.match(text) if len(text) <= 60 else None
    if shape is None:
        return Reading(None, UNREADABLE)
    sign, digits, exponent = shape.group(1), shape.group(2), shape.group(3) or ""
    whole, _, fraction = digits.partition(decimal)
    if decimal in fraction or other in fraction or (not whole and not fraction):
        return Reading(None, UNREADABLE)
    if other in whole and not re.fullmatch(rf"\d{{1,3}}(\{other}\d{{3}})+", whole):
        return Reading(None, UNREADABLE)
    single = re.fullmatch(r"([1-9]\d{0,2})[.,](\d{3})", digits)
    if single and not exponent:
        a, b = single.groups()
        return Reading(None, AMBIGUOUS, (Decimal(sign + a + b), Decimal(f"{sign}{a}.{b}")))
    if digits.endswith(decimal):
        return Reading(None, UNREADABLE)
    plain = sign + (whole.replace(other, "") or "0") + ("." + fraction if fraction else "") + exponent
    try:
        value = _sane(Decimal(plain))
    except InvalidOperation:
        return Reading(None, UNREADABLE)
    return Reading(value) if value is not None else Reading(None, UNREADABLE)


def parse_number(raw: str | None) -> Decimal | None:
    """How answers saved before numbers were read per language are graded (kept for them only).

    A comma followed by groups of three digits separates thousands (`3,125` is 3125); any other
    single comma is a decimal comma (`0,5` is 0.5).
    """
    if raw is None:
        return None
    text = _SPACES.sub("", unicodedata.normalize("NFKC", raw)).replace("\u2212", "-")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    if not text or len(text) > 60:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return _sane(value)
