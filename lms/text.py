"""Text that cannot be stored or shown faithfully: control characters. Pure.

PostgreSQL refuses NUL in text outright (a 500 if it reaches the database) and the other C0
controls are invisible in pages and exports, so input holding any of them is refused (H6).
Tab, line feed and carriage return are ordinary text and stay allowed.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """A readable name of the first control character in `text` (e.g. "U+0000"), or None."""
    match = CONTROL.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"
