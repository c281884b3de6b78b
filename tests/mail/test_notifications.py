"""Issue 16, notifications: certificate issued, written answers marked, the coordinators' weekly
digest; each can be turned off on the profile page. Delivered to a real SMTP server and read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.extensions import db
from lms.mail.models import OutboxMessage
from lms.quizzes.models import Attempt
from tests.conftest import csrf_token, send
from tests.quizzes.conftest import attempt_page, label_value, post_form, started_attempt

ROOT = Path(__file__).resolve().parents[2]


def kinds(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))


def choose_mail(app, user, **choices) -> None:
    client = app.test_client()
    from tests.conftest import PASSWORD

    token = csrf_token(client)
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    token = csrf_token(client, "/profile/")
    data = {"csrf_token": token} | {key: "1" for key, wanted in choices.items() if wanted}
    assert client.post("/profile/mail", data=data).status_code == 302


def submit_essay_quiz(app, login, officer) -> int:
    officer_client = app.test_client()
    login(officer, target=officer_client)
    attempt_id = started_attempt(officer_client, "essay-quiz")
    html = attempt_page(officer_client, "essay-quiz", attempt_id).get_data(as_text=True)
    post_form(officer_client, "essay-quiz", attempt_id,
              {0: label_value(html, 0, "change output"), 1: "They show the sender."}, action="submit")  # fmt: skip
    return attempt_id


def mark(app, client, attempt_id: int) -> None:
    with app.app_context():
        answer_id = next(a.id for a in db.session.get(Attempt, attempt_id).answers if a.slot == 1)
    token = csrf_token(client, "/authoring/essays")
    client.post(f"/authoring/essays/{answer_id}", data={"csrf_token": token, "mark": "2", "comment": "Well argued."})


def test_marking_the_last_essay_tells_the_officer_with_a_link_to_the_review(app, client, login, make_user, mail):
    officer = make_user(email="ana@pf.example", name="Ana Souza")
    attempt_id = submit_essay_quiz(app, login, officer)
    login(make_user("instructor"))
    mark(app, client, attempt_id)
    assert kinds(app) == ["essay_marked"]
    send(app)
    [got] = mail.inbox.to("ana@pf.example")
    assert got.message["Subject"] == "Your answers are marked: Writing quiz"
    text = got.part("plain")
    assert "Score: 100%." in text and "You passed." in text
    review = f"https://letp.test/quizzes/quiz-course/essay-quiz/attempts/{attempt_id}/review"
    assert review in text and review in got.part("html") and "https://letp.test/profile/" in text


def test_an_officer_who_turned_it_off_gets_no_message(app, client, login, make_user, mail):
    officer = make_user(email="ana@pf.example")
    choose_mail(app, officer, mail_certificate=True, mail_essay_marked=False)
    with app.app_context():
        assert db.session.get(User, officer.id).mail_essay_marked is False
    attempt_id = submit_essay_quiz(app, login, officer)
    login(make_user("instructor"))
    mark(app, client, attempt_id)
    assert kinds(app) == []


@pytest.fixture
def real_course(app):
    app.config.update(COURSES_DIR=str(ROOT / "courses"), QUIZZES_DIR=str(ROOT / "quizzes"))
    from lms.catalog import service as content

    content.install(app, strict=True)  # the catalog of the real course, as `make run` serves it
    return app


def test_a_certificate_is_mailed_with_its_verification_link(real_course, runner, mail):
    """The demo's officers who finish the course get their certificates through the real services."""
    app = real_course
    assert runner.invoke(args=["lms", "demo"]).exit_code == 0
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "certificate")).all()
        assert len(rows) == 4  # the four demo officers who completed the day
    send(app)
    got = mail.inbox.received[0]
    code = re.search(r"certificate code is ([A-Z0-9-]{14})", got.part("plain")).group(1)
    assert f"https://letp.test/verify/{code}" in got.part("plain") and f"/verify/{code}" in got.part("html")
    assert "https://letp.test/reports/certificates/crypto-crime-essentials.pdf" in got.part("plain")
    assert app.test_client().get(f"/verify/{code}").status_code == 200


def test_the_weekly_digest_goes_to_each_coordinator_once_a_week(app, runner, make_user, make_cohort, mail, clock):
    ana, bo = make_user("coordinator", email="ana@coord.example"), make_user("coordinator", email="bo@coord.example")
    quiet = make_user("coordinator", email="quiet@coord.example")
    officers = [make_user() for _ in range(3)]
    make_cohort(name="Lima intake", coordinators=[ana, quiet], members=officers)
    make_cohort(name="Quito intake", coordinators=[ana, bo], members=officers[:1])
    closed = make_cohort(name="Closed one", coordinators=[bo])
    with app.app_context():
        from lms.cohorts.models import Cohort

        db.session.get(Cohort, closed).closed_at = clock.now
        db.session.get(User, quiet.id).mail_digest = False
        db.session.commit()
    first = runner.invoke(args=["lms", "send-digests"])
    assert first.exit_code == 0 and "Queued 2 digest(s)" in first.output
    assert "Queued 0 digest(s)" in runner.invoke(args=["lms", "send-digests"]).output  # twice in a week: once
    clock.advance(days=7)
    assert "Queued 2 digest(s)" in runner.invoke(args=["lms", "send-digests"]).output
    send(app)
    text = mail.inbox.to("ana@coord.example")[0].part("plain")
    assert "Lima intake" in text and "Quito intake" in text
    assert "3 officers; 0 started; 0 completed, 0 of them in the last 7 days." in text
    assert re.search(r"https://letp\.test/cohorts/\d+/", text)
    bo_text = mail.inbox.to("bo@coord.example")[0].part("plain")
    assert "Quito intake" in bo_text and "Closed one" not in bo_text
    assert mail.inbox.to("quiet@coord.example") == []
