"""Translated content: overlay files beside the source, checked against it. Pure (no Flask).

A translation of any content file sits in a `locales/<locale>/` folder beside its source, under
the same name: `courses/<course>/locales/es/03-exchanges.md`, `.../locales/es/requests/freeze.md`,
`.../locales/es/request-path.svg` (a figure), `quizzes/<course>/locales/pt_BR/final-assessment.md`.
A reader whose content language has a translation of a page sees it; any page without one falls
back to the source, file by file.

Each Markdown or quiz translation starts its front matter with `translation_of: <stamp>`, the
first 16 hex digits of the SHA-256 of the source file it translates (`flask lms
translation-stamp FILE` writes it). When the source changes, the translation is *stale*: still
shown, with a notice and a link to the original, and listed on the content health page and by
`flask lms check`, until a translator updates it and stamps it again.

What a translation may change: text. A module keeps the source's `minutes`, `quiz` and `lab`; a
course its pass mark, weights, final assessment and order; a quiz its whole structure
(lms/quizzes/equivalence.py). Anything else is a problem, as in the source.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

LOCALES_DIR = "locales"
STAMP_KEY = "translation_of"
STAMP_LENGTH = 16
LOCALE_FOLDER = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
STAMP_LINE = re.compile(rf"(?m)^{STAMP_KEY}:[ \t]*(\S*)[ \t]*$")

CURRENT, STALE, MISSING, UNSTAMPED = "current", "stale", "missing", "unstamped"


def stamp_of(source: bytes) -> str:
    """The version of a source file a translation records: 16 hex digits of its SHA-256."""
    return hashlib.sha256(source).hexdigest()[:STAMP_LENGTH]


def recorded_stamp(text: str) -> str | None:
    """The `translation_of:` value in a translation's front matter, if any."""
    head = text.split("\n---", 1)[0] if text.startswith("---") else ""
    found = STAMP_LINE.search(head)
    return found.group(1) if found else None


def without_stamp(text: str) -> str:
    """The file's text with its stamp line turned into a YAML comment: the front matter then holds
    only the source's settings, and every line keeps its number for messages."""
    if not text.startswith("---"):
        return text
    head, sep, rest = text.partition("\n---")
    return STAMP_LINE.sub(lambda m: "# " + m.group(0), head, count=1) + sep + rest


def stamped(source: bytes, translation: str) -> str:
    """`translation` with its stamp set to `source`'s version (added as the first setting if absent)."""
    line = f"{STAMP_KEY}: {stamp_of(source)}"
    if recorded_stamp(translation) is not None:
        head, sep, rest = translation.partition("\n---")
        return STAMP_LINE.sub(line, head, count=1) + sep + rest
    if translation.startswith("---\n"):
        return "---\n" + line + "\n" + translation[4:]
    return "---\n" + line + "\n---\n" + translation


def locales_beside(folder: Path) -> list[str]:
    """The locale folders under `folder/locales/`, sorted."""
    root = folder / LOCALES_DIR
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and LOCALE_FOLDER.match(p.name))


def overlay_path(source: Path, base: Path, locale: str) -> Path:
    """Where the `locale` translation of `source` (a file below `base`) sits."""
    return base / LOCALES_DIR / locale / source.relative_to(base)


@dataclass(frozen=True, order=True)
class TranslationState:
    """One source file in one language: its translation is current, stale, unstamped or missing."""

    locale: str
    source: str  # display path of the source file
    path: str  # display path of the translation (where it would be, when missing)
    state: str


def state_of(source: Path, translation: Path) -> str:
    if not translation.is_file():
        return MISSING
    try:
        recorded = recorded_stamp(translation.read_text(encoding="utf-8"))
        current = stamp_of(source.read_bytes())
    except (OSError, UnicodeDecodeError):
        return UNSTAMPED
    if recorded is None:
        return UNSTAMPED
    return CURRENT if recorded == current else STALE


def translation_source(translation: Path) -> Path | None:
    """The source file a translation at `<base>/locales/<locale>/<rest>` translates: `<base>/<rest>`."""
    parts = translation.resolve().parts
    for index in range(len(parts) - 2, 0, -1):
        if parts[index] == LOCALES_DIR and LOCALE_FOLDER.match(parts[index + 1]):
            return Path(*parts[:index], *parts[index + 2 :])
    return None
