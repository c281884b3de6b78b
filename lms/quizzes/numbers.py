"""Numbers as officers type them into numerical questions. Pure.

Read the same way when an answer is saved (a value that is not a number is refused there, with
the field's message) and when it is graded.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def parse_number(raw: str | None) -> Decimal | None:
    """Read a typed number: `1,000`, `1 000`, `1e3`, `-2.5`, `0,5`; None if it is not one.

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
    # Finite and of sane size: 1e999999999 would make later arithmetic crawl.
    return value if value.is_finite() and abs(value.adjusted()) <= 100 else None
