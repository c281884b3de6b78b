"""Bulk import through the page and the CLI: all or nothing, idempotent, one-time links."""

import re

from sqlalchemy import func, select

from lms.auth.models import SetPasswordLink, User
from lms.cohorts.models import CohortMember
from lms.extensions import db
from lms.mail.models import OutboxMessage
from tests.cohorts.conftest import csv_file
from tests.conftest import csrf_token

GOOD = "email,name,agency,country\nana@pf.example,Ana Souza,Polícia Federal,BR\nkim@knpa.example,Kim Min-jun,KNPA,KR\n"


def upload(client, cohort_id, text):
    token = csrf_token(client, f"/cohorts/{cohort_id}/import")
    return client.post(f"/cohorts/{cohort_id}/import", data={"csrf_token": token, "file": csv_file(text)},
                       content_type="multipart/form-data")  # fmt: skip


def counts(app, cohort_id):
    with app.app_context():
        users = db.session.scalar(select(func.count()).select_from(User).where(User.role == "officer"))
        members = db.session.scalar(
            select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == cohort_id)
        )
        return users, members


def test_bad_file_shows_every_problem_and_imports_nothing(app, client, login, coordinator, make_cohort):
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    html = upload(client, cohort, GOOD + "bad-email,X,Y,FR\nz@p.example,Z,P,ZZ\n").get_data(as_text=True)
    assert "Nothing was imported: the file has 2 problems." in html
    assert "Line 4: email:" in html and "Line 5: country:" in html
    assert counts(app, cohort) == (0, 0)


def test_import_creates_links_and_reimport_changes_nothing(app, client, login, coordinator, make_cohort):
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    html = upload(client, cohort, GOOD).get_data(as_text=True)
    assert "2 new officers, 0 existing officers enrolled, 0 already enrolled." in html
    links = re.findall(r"https://letp.test/auth/set-password/[\w.-]+", html)
    assert len(links) == 2
    assert counts(app, cohort) == (2, 2)
    again = upload(client, cohort, GOOD).get_data(as_text=True)
    assert "0 new officers, 0 existing officers enrolled, 2 already enrolled." in again
    assert counts(app, cohort) == (2, 2)
    sheet = client.get(f"/cohorts/{cohort}/links.csv")
    assert sheet.headers["Content-Disposition"].startswith('attachment; filename="letp-password-links-cohort-')
    assert sheet.get_data(as_text=True).count("/auth/set-password/") == 2


def test_existing_officer_is_enrolled_not_duplicated(app, client, login, coordinator, make_cohort, make_user):
    existing = make_user(email="ana@pf.example")
    make_cohort("Earlier intake", coordinators=[coordinator], members=[existing])  # so within my reach (H1)
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    html = upload(client, cohort, GOOD).get_data(as_text=True)
    assert "1 new officers, 1 existing officers enrolled" in html
    assert counts(app, cohort) == (2, 2)
    with app.app_context():
        assert db.session.get(User, existing.id).name == existing.name  # never overwritten


def test_non_officer_accounts_and_foreign_cohorts_are_refused(app, client, login, coordinator, make_cohort, make_user):
    make_user("instructor", email="ana@pf.example")
    cohort = make_cohort(coordinators=[coordinator])
    other = make_cohort("Not mine")
    login(coordinator)
    html = upload(client, cohort, "email,name,agency,country,cohort\nana@pf.example,A,P,BR,\nb@p.example,B,P,BR,"
                                  + str(other) + "\n").get_data(as_text=True)  # fmt: skip
    assert "Line 2: email: this e-mail cannot be enrolled by your import; ask an admin to add this officer" in html
    assert "instructor" not in html and "is not a cohort you coordinate" in html
    assert counts(app, cohort)[1] == 0


def test_set_password_link_works_once(app, client, login, coordinator, make_cohort):
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    link = re.findall(
        r"https://letp.test(/auth/set-password/[\w.-]+)", upload(client, cohort, GOOD).get_data(as_text=True)
    )[0]
    officer = app.test_client()
    form = officer.get(link)
    assert form.status_code == 200 and "ana@pf.example" in form.get_data(as_text=True)
    token = csrf_token(officer, link)
    weak = officer.post(link, data={"csrf_token": token, "new_password": "password1234", "confirm": "password1234"})
    assert "too common" in weak.get_data(as_text=True)
    done = officer.post(
        link, data={"csrf_token": token, "new_password": "blue-harbour-lantern-9", "confirm": "blue-harbour-lantern-9"}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/auth/login"
    assert officer.get(link).status_code == 404
    token = csrf_token(officer)
    assert (
        officer.post(
            "/auth/login", data={"csrf_token": token, "email": "ana@pf.example", "password": "blue-harbour-lantern-9"}
        ).status_code
        == 302
    )
    forged = link[:-3] + "abc"
    assert app.test_client().get(forged).status_code == 404


def test_cli_create_cohort_and_import(app, runner, tmp_path):
    created = runner.invoke(args=["lms", "create-cohort", "Lima intake", "--country", "pe", "--course", "quiz-course",
                                  "--starts", "2027-03-01", "--ends", "2027-03-02"])  # fmt: skip
    assert created.exit_code == 0, created.output
    cohort_id = int(created.output.strip())
    path = tmp_path / "officers.csv"
    path.write_text(GOOD, encoding="utf-8")
    first = runner.invoke(args=["lms", "import-officers", str(path), "--cohort", str(cohort_id)])
    assert first.exit_code == 0 and "2 created, 0 enrolled, 0 unchanged, 2 invitation(s) queued." in first.output
    assert first.output.count("/auth/set-password/") == 2
    with app.app_context():  # queued with the import, delivered by `flask lms send-mail`
        assert sorted(db.session.scalars(select(OutboxMessage.kind))) == ["invitation", "invitation"]
    with app.app_context():  # the links remember the cohort, so its coordinators are shown them (H1)
        assert set(db.session.scalars(select(SetPasswordLink.cohort_id))) == {cohort_id}
    second = runner.invoke(args=["lms", "import-officers", str(path), "--cohort", str(cohort_id)])
    assert "0 created, 0 enrolled, 2 unchanged, 0 invitation(s) queued." in second.output
    path.write_text(GOOD + "broken,B,P,FR\n", encoding="utf-8")
    bad = runner.invoke(args=["lms", "import-officers", str(path), "--cohort", str(cohort_id)])
    assert bad.exit_code == 1 and f"{path}:4: email:" in bad.output and "nothing was imported" in bad.output
    assert counts(app, cohort_id) == (2, 2)


def test_cli_create_cohort_validation(runner):
    result = runner.invoke(args=["lms", "create-cohort", "X", "--country", "ZZ", "--course", "nope"])
    assert result.exit_code == 1 and "country:" in result.output and "course:" in result.output
    missing = runner.invoke(args=["lms", "import-officers", __file__, "--cohort", "999"])
    assert missing.exit_code == 1 and "no cohort 999" in missing.output
