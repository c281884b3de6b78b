"""H6: NUL and other control characters are refused as input on both databases, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.cohorts.models import Cohort
from lms.cohorts.service import check_cohort
from lms.extensions import db
from lms.text import control_character
from tests.cohorts.test_import import counts, upload
from tests.conftest import csrf_token

MESSAGE = "invisible control character"


@pytest.mark.parametrize(("text", "found"), [("a\x00b", "U+0000"), ("\x1b[31m", "U+001B"), ("x\x7f", "U+007F"),
                                             ("tab\tline\r\nfeed", None), ("Ünïcode 名前", None)])  # fmt: skip
def test_h6_control_character_names_the_first_one(text, found):
    assert control_character(text) == found


def test_h6_nul_in_the_login_email_is_refused_and_counts_nothing(app, client, make_user):
    make_user(email="ana@police.example")
    token = csrf_token(client)
    response = client.post("/auth/login", data={"email": "ana@police.example\x00", "password": "x" * 12,
                                                 "csrf_token": token})  # fmt: skip
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "login")) == 0


@pytest.mark.parametrize(
    "query",
    ["country=K%00E", "agency=A%00", "status=%00", "sort=name%00", "page=1%00", "x%00y=1"],
)
def test_h6_nul_in_cohort_filters_is_refused(client, login, make_user, make_cohort, query):
    coordinator = make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    response = client.get(f"/cohorts/{cohort}/?{query}")
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_h6_nul_in_a_path_is_refused(client):
    response = client.get("/verify/ABCD%00EFGH")
    assert response.status_code == 400


def test_h6_nul_in_add_member_and_cohort_name_changes_nothing(app, client, login, make_user, make_cohort):
    coordinator = make_user("coordinator")
    cohort = make_cohort(name="Nairobi workshop", coordinators=[coordinator])
    login(coordinator)
    token = csrf_token(client, f"/cohorts/{cohort}/")
    response = client.post(f"/cohorts/{cohort}/members", data={"email": "a\x00@police.example", "csrf_token": token})
    assert response.status_code == 400
    token = csrf_token(client, f"/cohorts/{cohort}/edit")
    response = client.post(f"/cohorts/{cohort}/edit", data={"csrf_token": token, "name": "Evil\x00 name",
                                                             "country": "KE", "course": "quiz-course"})  # fmt: skip
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Cohort, cohort).name == "Nairobi workshop"


def test_h6_nul_in_csv_names_is_a_row_problem(app, client, login, make_user, make_cohort):
    coordinator = make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    text = "email,name,agency,country\nana@pf.example,Ana\x00 Souza,PF,BR\nkim@knpa.example,Kim,KN\x01PA,KR\n"
    html = upload(client, cohort, text).get_data(as_text=True)
    assert "Nothing was imported: the file has 2 problems." in html
    assert "Line 2: name: holds an invisible control character (U+0000)" in html
    assert "Line 3: agency: holds an invisible control character (U+0001)" in html
    assert counts(app, cohort) == (0, 0)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "ana@pf.example")) == 0


def test_h6_cohort_fields_are_checked_outside_the_web_too():
    problems = check_cohort("Bad\x00", "K\x00", "quiz-course", {"quiz-course"}, None, None, "Room\x07")
    assert set(problems) == {"name", "country", "location"}
    assert all("control character" in message for message in problems.values())
