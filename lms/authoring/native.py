"""Writing native quiz lines (text2qti syntax) from converted text and numbers. Pure."""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = r"[+-]?\d+(?:\.\d+)?"
_WITH_MARGIN = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")  # 3, or 3.5:0.1
_LOW_HIGH = re.compile(rf"^({_NUMBER})\.\.({_NUMBER})$")
_SMALLEST = Decimal("0.0001")  # text2qti and Canvas refuse accepted values closer to zero


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def native_numerical(answer: str) -> str | None:
    """GIFT `3`, `3.5:0.1` or `1..5` as text2qti's `= …` value; None if text2qti cannot take it."""
    answer = answer.replace(" ", "")
    if found := _WITH_MARGIN.match(answer):
        exact, margin = Decimal(found.group(1)), abs(Decimal(found.group(2) or 0))
        low, high = exact - margin, exact + margin
        value = _plain(exact) if margin == 0 and exact == exact.to_integral_value() else None
        value = value or f"{_plain(exact)} +- {_plain(margin)}"
    elif found := _LOW_HIGH.match(answer):
        low, high = sorted((Decimal(found.group(1)), Decimal(found.group(2))))
        value = f"[{_plain(low)}, {_plain(high)}]"
    else:
        return None
    return None if min(abs(low), abs(high)) < _SMALLEST else value


def native_lines(marker: str, text: str) -> list[str]:
    """A text2qti line: marker, then text; continuation lines indented to the text."""
    pad = marker.ljust(max(3, len(marker))) + " "
    first, *rest = text.split("\n")
    return [pad + first] + [" " * len(pad) + part if part.strip() else "" for part in rest]
