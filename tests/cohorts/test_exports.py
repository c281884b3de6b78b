"""Completion-grade exports: parsed back, injection-safe, streamed, audited; CLI equals web."""

import csv
import io
import json
import re
import tracemalloc

import openpyxl
import pytest
from sqlalchemy import insert, select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.cohorts.models import CohortMember
from lms.extensions import db
from tests.quizzes.conftest import passed_basics_quiz

HOSTILE = [
    '=HYPERLINK("http://evil.example")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    " =lead",
    "\rCR",
    "Plain, with comma",
]


@pytest.fixture
def graded_cohort(app, make_user, make_cohort, coordinator, login, client):
    """A quiz-course cohort: one officer passed the basics quiz at 100 %, others with hostile names."""
    achiever = make_user(name="Ana Souza", agency="PF", country="BR")
    others = [
        make_user(name=name, agency="-Agency" if i == 0 else "KNPA", country="KR") for i, name in enumerate(HOSTILE)
    ]
    cohort = make_cohort(coordinators=[coordinator], members=[achiever, *others])
    passed_basics_quiz(app, login, achiever)
    login(coordinator)
    return cohort, achiever


EXPECTED_HEADER = ["officer_id", "name", "email", "agency", "country", "cohort", "basics_status", "basics_quiz_percent",
                   "writing_status", "writing_quiz_percent", "stepwise_status", "stepwise_quiz_percent",
                   "final_assessment_percent", "course_grade", "completed", "completed_at", "certificate_code",
                   "attempt_languages"]  # fmt: skip


def test_csv_parses_back_with_the_agreed_columns_and_values(client, graded_cohort):
    cohort, achiever = graded_cohort
    response = client.get(f"/cohorts/{cohort}/export.csv")
    assert response.is_streamed
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="letp-grades-cohort-') and disposition.isascii()
    body = response.get_data(as_text=True)
    assert "\r\n" in body
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == EXPECTED_HEADER
    ana = next(r for r in rows if r[1] == "Ana Souza")
    assert ana[0] == str(achiever.id) and ana[4] == "BR" and ana[5] == "Nairobi workshop"
    assert ana[6:8] == ["passed", "100.00"] and ana[13] == "13.33" and ana[14] == "no" and ana[17] == "en"
    assert len(rows) == 1 + 1 + len(HOSTILE)
    for row in rows[1:]:
        assert "password" not in ",".join(row).lower() and "$argon2" not in ",".join(row)


def test_csv_defuses_formulas_and_keeps_numbers(client, graded_cohort):
    cohort, _ = graded_cohort
    rows = list(csv.reader(io.StringIO(client.get(f"/cohorts/{cohort}/export.csv").get_data(as_text=True), newline="")))
    names = {r[1] for r in rows[1:]}
    for hostile in HOSTILE:
        stored = " ".join(hostile.split())  # names are normalised when accounts are created
        expected = stored if stored[0].isalpha() else "'" + stored
        assert expected in names, hostile
    assert "'-Agency" in {r[3] for r in rows[1:]}
    assert all(not r[0].startswith("'") for r in rows[1:])  # ids stay numbers


def test_excel_csv_has_bom_and_semicolons(client, graded_cohort):
    cohort, _ = graded_cohort
    body = client.get(f"/cohorts/{cohort}/export.csv?excel=1").get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == EXPECTED_HEADER


def test_xlsx_parses_back_without_formulas(client, graded_cohort):
    cohort, achiever = graded_cohort
    response = client.get(f"/cohorts/{cohort}/export.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == EXPECTED_HEADER
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    ana = next(r for r in rows if r[1] == "Ana Souza")
    assert ana[0] == achiever.id and ana[7] == 100 and isinstance(ana[13], float)
    assert '=HYPERLINK("http://evil.example")' in {r[1] for r in rows}  # kept as text, never a formula


def test_json_parses_back(client, graded_cohort):
    cohort, achiever = graded_cohort
    data = json.loads(client.get(f"/cohorts/{cohort}/export.json").get_data(as_text=True))
    ana = next(r for r in data if r["name"] == "Ana Souza")
    assert list(ana) == EXPECTED_HEADER
    assert ana["officer_id"] == achiever.id and ana["basics_quiz_percent"] == 100 and ana["completed"] == "no"
    assert ana["writing_quiz_percent"] is None


def test_every_export_is_audited_with_its_filter_and_row_count(app, client, graded_cohort):
    cohort, _ = graded_cohort
    for fmt in ("csv", "xlsx", "json"):
        client.get(f"/cohorts/{cohort}/export.{fmt}").get_data()
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "grades.export")).all()
        assert [json.loads(e.detail)["format"] for e in events] == ["csv", "xlsx", "json"]
        assert {e.target for e in events} == {f"cohort:{cohort}"} and {
            json.loads(e.detail)["rows"] for e in events
        } == {9}


def test_cli_export_matches_the_web_download_byte_for_byte(app, client, runner, graded_cohort, tmp_path):
    cohort, _ = graded_cohort
    for fmt in ("csv", "json"):
        web = client.get(f"/cohorts/{cohort}/export.{fmt}").get_data()
        out = tmp_path / f"grades.{fmt}"
        result = runner.invoke(args=["lms", "export-grades", "--cohort", str(cohort), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == web
    xlsx = tmp_path / "grades.xlsx"
    assert (
        runner.invoke(
            args=["lms", "export-grades", "--cohort", str(cohort), "--format", "xlsx", "-o", str(xlsx)]
        ).exit_code
        == 0
    )
    assert openpyxl.load_workbook(xlsx).active.max_row == 10
    to_stdout = runner.invoke(args=["lms", "export-grades", "--cohort", str(cohort)])
    assert to_stdout.exit_code == 0 and to_stdout.stdout_bytes == client.get(f"/cohorts/{cohort}/export.csv").get_data()
    assert runner.invoke(args=["lms", "export-grades", "--cohort", "999"]).exit_code == 1
    with app.app_context():
        details = [json.loads(e.detail) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "grades.export").order_by(AuditEvent.id))]  # fmt: skip
    assert [(d["format"], d["rows"]) for d in details if d["format"] == "xlsx"] == [("xlsx", 9)]


def _bulk_officers(app, cohort_id, count, start):
    with app.app_context():
        db.session.execute(insert(User), [{"email": f"o{start + i}@bulk.example", "name": f"Officer {start + i}", "agency": "Bulk",
                                           "country": "FR", "role": "officer", "active": True, "session_version": 1}
                                          for i in range(count)])  # fmt: skip
        ids = db.session.scalars(select(User.id).where(User.email.like("%@bulk.example"))).all()
        known = set(db.session.scalars(select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)))
        db.session.execute(
            insert(CohortMember), [{"cohort_id": cohort_id, "user_id": i} for i in ids if i not in known]
        )
        db.session.commit()


def _peak_while_streaming(client, url):
    tracemalloc.start()
    response = client.get(url)
    rows = sum(chunk.count(b"\n") for chunk in response.response)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, peak


def test_export_streams_with_flat_memory(app, client, login, coordinator, make_cohort):
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    _bulk_officers(app, cohort, 600, 0)
    small_rows, small_peak = _peak_while_streaming(client, f"/cohorts/{cohort}/export.csv")
    _bulk_officers(app, cohort, 1800, 600)
    big_rows, big_peak = _peak_while_streaming(client, f"/cohorts/{cohort}/export.csv")
    assert (small_rows, big_rows) == (601, 2401)
    # Four times the officers: memory must not grow with them (chunks of 500 are read at a time).
    assert big_peak < small_peak * 1.8, (small_peak, big_peak)


def test_downloads_are_named_for_what_they_hold(app, client, graded_cohort):
    """Issue 15, point 11: the two CSV variants differ in name; the ZIP names each PDF by officer
    and code in ASCII; a cohort without certificates gets a message, not an empty ZIP."""
    import zipfile

    from lms.progress.models import Certificate

    cohort, achiever = graded_cohort
    plain = client.get(f"/cohorts/{cohort}/export.csv").headers["Content-Disposition"]
    excel = client.get(f"/cohorts/{cohort}/export.csv?excel=1").headers["Content-Disposition"]
    assert re.search(r'letp-grades-cohort-\d+-\d{8}\.csv"$', plain)
    assert re.search(r'letp-grades-cohort-\d+-excel-\d{8}\.csv"$', excel)

    empty = client.get(f"/reports/cohorts/{cohort}/certificates.zip", follow_redirects=True)
    assert "nothing to download" in empty.get_data(as_text=True)
    with app.app_context():
        for n, (name, code) in enumerate([("Léa Dubois", "AAAA-BBBB-CCCC"), ("田中 由紀", "DDDD-EEEE-FFFF")]):
            user = db.session.get(User, achiever.id) if n == 0 else None
            if user is None:
                user = db.session.scalar(select(User).join(CohortMember, CohortMember.user_id == User.id).where(
                    CohortMember.cohort_id == cohort, User.id != achiever.id))  # fmt: skip
            user.name = name
            db.session.add(Certificate(user_id=user.id, course_slug="quiz-course", code=code, grade=90))
        db.session.commit()
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/reports/cohorts/{cohort}/certificates.zip").get_data()))
    assert sorted(archive.namelist()) == ["lea-dubois-AAAA-BBBB-CCCC.pdf", "officer-DDDD-EEEE-FFFF.pdf"]
