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


def parse_officers_csv(data: bytes) -> tuple[list[OfficerRow], list[RowProblem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [RowProblem(line, "the file is not UTF-8 text; save it as 'CSV UTF-8' and try again")]
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [RowProblem(1, "the file is empty; the first line must be the header email,name,agency,country")]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    except csv.Error as exc:
        return [], [RowProblem(1, f"the header row is not valid CSV ({exc})")]
    problems: list[RowProblem] = []
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing:
        problems.append(
            RowProblem(
                1, f"the header lacks the column(s) {', '.join(missing)}; it must name email, name, agency and country"
            )
        )
    if unknown:
        problems.append(
            RowProblem(
                1,
                f"unknown column(s) {', '.join(repr(u) for u in unknown)}; allowed are email, name, agency, country and cohort",
            )
        )
    if len(set(header)) != len(header):
        problems.append(RowProblem(1, "a column is named twice in the header"))
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
                problems.append(RowProblem(line, f"more than {MAX_ROWS:,} officers; split the file"))
                break
            if len(values) != len(header):
                problems.append(
                    RowProblem(
                        line,
                        f"has {len(values)} fields but the header has {len(header)}; check for a missing or extra '{delimiter}'",
                    )
                )
                continue
            record = dict(zip(header, values, strict=True))
            try:
                clean = check_account(record["email"], record["name"], record["agency"], record["country"], "officer")
            except AccountError as exc:
                problems.extend(RowProblem(line, f"{field}: {message}") for field, message in exc.problems.items())
                continue
            if clean["email"] in first_line_of:
                problems.append(
                    RowProblem(line, f"email: {clean['email']} is already on line {first_line_of[clean['email']]}")
                )
                continue
            first_line_of[clean["email"]] = line
            cohort = (record.get("cohort") or "").strip() or None
            rows.append(OfficerRow(line, clean["email"], clean["name"], clean["agency"], clean["country"], cohort))
    except csv.Error as exc:
        problems.append(RowProblem(reader.line_num, f"is not valid CSV ({exc}); check the quotes"))
    if not rows and not problems:
        problems.append(RowProblem(2, "the file has a header but no officers"))
    return rows, problems
