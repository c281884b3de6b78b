"""Read a CSV of officers to enrol, checking every row before anything is imported. Pure.

Accepted: UTF-8 with or without a BOM; comma or semicolon (taken from the header row);
a header row with email (or e-mail), name, agency and country, in any order and case, and an
optional cohort column (a cohort id or its exact name). Every problem is reported with its line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..auth.validation import AccountError, check_account
from ..i18n import N_, translated
from ..text import NotUtf8, decode_utf8

REQUIRED = ("email", "name", "agency", "country")
OPTIONAL = ("cohort",)
ALIASES = {"e-mail": "email", "e_mail": "email", "mail": "email"}
MAX_ROWS = 5000


@dataclass(frozen=True)
class OfficerRow:
    line: int
    email: str
    name: str
    agency: str
    country: str
    cohort: str | None = None


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"

    def translate(self, gettext) -> RowProblem:
        """The same problem, its message in the reader's language (see lms/i18n.py)."""
        return RowProblem(self.line, translated(self.message, gettext))


def parse_officers_csv(data: bytes) -> tuple[list[OfficerRow], list[RowProblem]]:
    try:
        text = decode_utf8(data, bom=True)
    except NotUtf8 as exc:
        return [], [RowProblem(exc.line, N_("the file is not UTF-8 text; save it as 'CSV UTF-8' and try again"))]
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [RowProblem(1, N_("the file is empty; the first line must be the header email,name,agency,country"))]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    except csv.Error as exc:
        return [], [RowProblem(1, N_("the header row is not valid CSV (%(error)s)", error=str(exc)))]
    problems: list[RowProblem] = []
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing:
        problems.append(
            RowProblem(
                1,
                N_(
                    "the header lacks the column(s) %(columns)s; it must name email, name, agency and country",
                    columns=", ".join(missing),
                ),
            )
        )
    if unknown:
        problems.append(
            RowProblem(
                1,
                N_(
                    "unknown column(s) %(columns)s; allowed are email, name, agency, country and cohort",
                    columns=", ".join(repr(u) for u in unknown),
                ),
            )
        )
    if len(set(header)) != len(header):
        problems.append(RowProblem(1, N_("a column is named twice in the header")))
    if problems:
        return [], problems

    rows: list[OfficerRow] = []
    first_line_of: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(rows) + len(problems) >= MAX_ROWS:
                problems.append(RowProblem(line, N_("more than %(count)s officers; split the file", count=MAX_ROWS)))
                break
            if len(values) != len(header):
                problems.append(
                    RowProblem(
                        line,
                        N_(
                            "has %(fields)s fields but the header has %(columns)s; check for a missing or extra '%(delimiter)s'",
                            fields=len(values),
                            columns=len(header),
                            delimiter=delimiter,
                        ),
                    )
                )
                continue
            record = dict(zip(header, values, strict=True))
            try:
                clean = check_account(record["email"], record["name"], record["agency"], record["country"], "officer")
            except AccountError as exc:
                problems.extend(
                    RowProblem(line, N_("%(field)s: %(problem)s", field=field, problem=message))
                    for field, message in exc.problems.items()
                )
                continue
            if clean["email"] in first_line_of:
                problems.append(
                    RowProblem(
                        line,
                        N_(
                            "email: %(email)s is already on line %(line)s",
                            email=clean["email"],
                            line=first_line_of[clean["email"]],
                        ),
                    )
                )
                continue
            first_line_of[clean["email"]] = line
            cohort = (record.get("cohort") or "").strip() or None
            rows.append(OfficerRow(line, clean["email"], clean["name"], clean["agency"], clean["country"], cohort))
    except csv.Error as exc:
        problems.append(
            RowProblem(reader.line_num, N_("is not valid CSV (%(error)s); check the quotes", error=str(exc)))
        )
    if not rows and not problems:
        problems.append(RowProblem(2, N_("the file has a header but no officers")))
    return rows, problems
