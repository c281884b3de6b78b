"""Completion-grade rows for the cohort dashboard and the exports. Pure.

One row per officer and course. Columns: officer id, name, e-mail, agency, country, cohort;
per module its status and best quiz percent; final assessment percent; course grade;
completed (yes/no); completed at (ISO 8601 UTC, the certificate's issue time); certificate code.
Numbers stay numbers (Decimal, 2 places) so spreadsheets can sum them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

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


def header(modules: Sequence[ModuleColumn], has_final: bool) -> list[str]:
    names = ["officer_id", "name", "email", "agency", "country", "cohort"]
    for m in modules:
        names.append(f"{m.slug}_status")
        if m.quiz:
            names.append(f"{m.slug}_quiz_percent")
    if has_final:
        names.append("final_assessment_percent")
    return [*names, "course_grade", "completed", "completed_at", "certificate_code"]


def _percent(value: Fraction | None) -> Decimal | None:
    return None if value is None else rounded(value)


def row(officer: Officer, cohort: str, modules: Sequence[ModuleColumn], final_quiz: str | None, outcome: CourseResult,
        issued: Issued | None) -> list[object]:  # fmt: skip
    values: list[object] = [officer.id, officer.name, officer.email, officer.agency, officer.country, cohort]
    for m, state in zip(modules, outcome.state.modules, strict=True):
        values.append(state.status.value)
        if m.quiz:
            values.append(_percent(outcome.quiz_grades.get(m.quiz)))
    if final_quiz:
        values.append(_percent(outcome.quiz_grades.get(final_quiz)))
    valid = issued is not None and not issued.revoked
    values += [
        _percent(outcome.grade),
        "yes" if valid else "no",
        issued.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ") if valid else "",
        issued.code if valid else "",
    ]
    return values
