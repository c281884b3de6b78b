"""Content problems reported as `file:line: message`, collected rather than raised one by one."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import count_of


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised when content files are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        listing = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"The content has {count_of(len(self.problems), 'problem')}:\n{listing}")
