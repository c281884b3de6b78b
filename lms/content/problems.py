"""Content problems reported as `file:line: message`, collected rather than raised one by one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import translated
from ..text import count_of


@dataclass(frozen=True, order=True)
class Problem:
    """`message` is usually an lms.i18n.Message: English here and on the command line; `translate` for pages."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def translate(self, gettext: Callable[..., str]) -> Problem:
        """The same problem, its message in the reader's language (see lms/i18n.py)."""
        return Problem(self.path, self.line, translated(self.message, gettext))


class ContentError(Exception):
    """Raised when content files are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        listing = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"The content has {count_of(len(self.problems), 'problem')}:\n{listing}")
