"""Completion-grade rows for the cohort dashboard, its charts and the exports. Pure.

One row per officer and course. Columns: officer id, name, e-mail, agency, country, cohort;
per module its status and best quiz percent; final assessment percent; course grade;
completed (yes/no); completed at (ISO 8601 UTC, the certificate's issue time); certificate code.
Numbers stay numbers (Decimal, 2 places) so spreadsheets can sum them. Pages read the typed
`GradebookRow`; exports read it through `columns()`, so reordering columns cannot break a page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from ..progress.grades import CourseResult
from ..quizzes.grading import rounded


@dataclass(frozen=True)
class ModuleColumn:
    slug: str
    title: str
    quiz: str | None


@dataclass(frozen=True)
class Officer:
    id: int
    name: str
    email: str
    agency: str
    country: str


@dataclass(frozen=True)
class Issued:
    code: str
    issued_at: datetime
    revoked: bool = False


@dataclass(frozen=True)
class ModuleCell:
    slug: str
    status: str  # a progress.rules.Status value
    has_quiz: bool
    quiz_percent: Decimal | None  # best graded attempt; None without a quiz or an attempt


@dataclass(frozen=True)
class GradebookRow:
    """One officer's standing in one course, as the dashboard, the charts and every export read it."""

    officer: Officer
    cohort: str
    modules: tuple[ModuleCell, ...]
    final_percent: Decimal | None
    course_grade: Decimal | None
    completed: bool  # a certificate that stands: revoked ones do not count
    completed_at: datetime | None
    certificate_code: str
    languages: str = ""  # the languages of the officer's graded attempts ("en", "pt_BR", "en pt_BR")


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[GradebookRow], object]


def columns(modules: Sequence[ModuleColumn], has_final: bool) -> list[Column]:
    """The export columns in order, each with how it reads a row: the one place that order lives."""

    cols = [
        Column("officer_id", lambda r: r.officer.id),
        Column("name", lambda r: r.officer.name),
        Column("email", lambda r: r.officer.email),
        Column("agency", lambda r: r.officer.agency),
        Column("country", lambda r: r.officer.country),
        Column("cohort", lambda r: r.cohort),
    ]
    for i, m in enumerate(modules):
        cols.append(Column(f"{m.slug}_status", _module_cell(i, lambda c: c.status)))
        if m.quiz:
            cols.append(Column(f"{m.slug}_quiz_percent", _module_cell(i, lambda c: c.quiz_percent)))
    if has_final:
        cols.append(Column("final_assessment_percent", lambda r: r.final_percent))
    return [
        *cols,
        Column("course_grade", lambda r: r.course_grade),
        Column("completed", lambda r: "yes" if r.completed else "no"),
        Column("completed_at", lambda r: r.completed_at.strftime("%Y-%m-%dT%H:%M:%SZ") if r.completed_at else ""),
        Column("certificate_code", lambda r: r.certificate_code),
        Column("attempt_languages", lambda r: r.languages),
    ]


def _module_cell(i: int, value: Callable[[ModuleCell], object]) -> Callable[[GradebookRow], object]:
    """How a column reads its module's cell; a function of its own, so each column keeps its `i`."""
    return lambda r: value(r.modules[i])


def header(cols: Sequence[Column]) -> list[str]:
    return [c.name for c in cols]


def values(cols: Sequence[Column], r: GradebookRow) -> list[object]:
    return [c.value(r) for c in cols]


@lru_cache(maxsize=20_000)  # officers' grades repeat: a cohort has far fewer distinct ones than cells
def _percent(value: Fraction | None) -> Decimal | None:
    return None if value is None else rounded(value)


def row(officer: Officer, cohort: str, modules: Sequence[ModuleColumn], final_quiz: str | None, outcome: CourseResult,
        issued: Issued | None, languages: str = "") -> GradebookRow:  # fmt: skip
    cells = tuple(
        ModuleCell(
            m.slug, state.status.value, bool(m.quiz), _percent(outcome.quiz_grades.get(m.quiz)) if m.quiz else None
        )
        for m, state in zip(modules, outcome.state.modules, strict=True)
    )
    valid = issued is not None and not issued.revoked
    return GradebookRow(
        officer=officer,
        cohort=cohort,
        modules=cells,
        final_percent=_percent(outcome.quiz_grades.get(final_quiz)) if final_quiz else None,
        course_grade=_percent(outcome.grade),
        completed=valid,
        completed_at=issued.issued_at if issued is not None and valid else None,
        certificate_code=issued.code if issued is not None and valid else "",
        languages=languages,
    )


# How far a module is, for sorting by progress: complete beats passed beats read.
STATUS_RANK = {"not_started": 0, "read": 1, "passed": 2, "complete": 3}


def progress_key(completed: bool, statuses: Sequence[str]) -> tuple[int, int, int]:
    """Further along is larger: a standing certificate, then modules complete, then every step taken."""
    complete = sum(status == "complete" for status in statuses)
    return (int(completed), complete, sum(STATUS_RANK.get(status, 0) for status in statuses))


def ranks(outcome: CourseResult, completed: bool) -> tuple[int, int]:
    """(grade rank, progress rank) for storing and sorting: ascending is best first.

    The grade is the course grade as shown (rounded to hundredths); progress is `progress_key`
    packed into one integer in the same order (a course has at most 333 modules here)."""
    statuses = [m.status.value for m in outcome.state.modules]
    if len(statuses) > 333:
        raise ValueError("a progress rank packs up to 333 modules")
    certified, complete, steps = progress_key(completed, statuses)
    grade = rounded(outcome.grade)
    return -int(grade.scaleb(2)), -(certified * 1_000_000 + complete * 1_000 + steps)


@dataclass
class Summary:
    """A cohort's gradebook summed up for its charts: `Summary(module_done=[0] * modules)`, then add rows."""

    total: int = 0
    started: int = 0  # officers who have read a module or taken a quiz
    module_done: list[int] = field(default_factory=list)  # officers with each module complete
    finals: list[float] = field(default_factory=list)  # final assessment percents
    completions: Counter[str] = field(default_factory=Counter)  # ISO day -> certificates issued

    def add(self, r: GradebookRow) -> None:
        self.total += 1
        self.started += r.completed or any(cell.status != "not_started" for cell in r.modules)
        for i, cell in enumerate(r.modules):
            self.module_done[i] += cell.status == "complete"
        if r.final_percent is not None:
            self.finals.append(float(r.final_percent))
        if r.completed_at is not None:
            self.completions[r.completed_at.date().isoformat()] += 1

    def completed_since(self, day: str) -> int:
        """Certificates issued on or after `day` (ISO date)."""
        return sum(count for issued, count in self.completions.items() if issued >= day)

    def running_completions(self) -> list[tuple[str, int]]:
        running, points = 0, []
        for day in sorted(self.completions):
            running += self.completions[day]
            points.append((day, running))
        return points
