"""Text that cannot be stored or shown faithfully: control characters. Pure.

PostgreSQL refuses NUL in text outright (a 500 if it reaches the database) and the other C0
controls are invisible in pages and exports, so input holding any of them is refused (H6).
Tab, line feed and carriage return are ordinary text and stay allowed.
"""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """A readable name of the first control character in `text` (e.g. "U+0000"), or None."""
    match = CONTROL.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


class NotUtf8(ValueError):
    """Bytes that are not UTF-8; `line` is the 1-based line of the first bad byte."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is not valid UTF-8")
        self.line = line


def decode_utf8(raw: bytes, *, bom: bool = False) -> str:
    """`raw` as text, or NotUtf8 naming the line to fix. With `bom`, a leading byte-order mark is dropped."""
    try:
        return raw.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(raw[: exc.start].count(b"\n") + 1) from None


def ascii_name(text: str, fallback: str = "officer") -> str:
    """`text` as a lower-case ASCII file-name part: "Léa Dubois" -> "lea-dubois", "田中 由紀" -> fallback."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def count_of(n: int, thing: str) -> str:
    """English counts for the command line: "1 problem", "3 problems" (pages use ngettext)."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
                               "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"})  # fmt: skip


def sort_key(text: str) -> str:
    """`text` as people alphabetise it whatever their language: accents and case set aside.

    "Léa" -> "lea", so Léa comes before Lucas (a plain code-point order puts é after every
    ASCII letter). Scripts without accents (Hangul, kana, Han) keep their own order. Orders
    particular to one language (Swedish å after z) are not applied: one key serves every reader.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())
