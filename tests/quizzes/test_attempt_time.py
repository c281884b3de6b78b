"""Deadlines with a shifted clock: the server decides (security.md C2, C3, E2)."""

import re

from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes.models import Answer, Attempt
from tests.quizzes.conftest import COURSE, attempt_page, post_form, started_attempt


def numerical_slot(html):
    """The final's numerical question (questions are shuffled, so find it by its input)."""
    return int(re.search(r'inputmode="decimal" name="q(\d+)"', html).group(1))


def test_countdown_is_the_servers(client, officer, clock):
    attempt_id = started_attempt(client, "final")
    clock.advance(minutes=12)
    html = attempt_page(client, "final", attempt_id).get_data(as_text=True)
    assert 'data-remaining="1080"' in html  # 30 min limit - 12 min


def test_the_deadline_is_shown_in_the_officers_zone_and_named(app, client, officer, clock):
    """Stored and computed in UTC, shown where the officer is: 09:00 UTC + 30 min is 18:30 in Seoul."""
    from lms.auth.models import User

    with app.app_context():
        db.session.get(User, officer.id).timezone = "Asia/Seoul"
        db.session.commit()
    attempt_id = started_attempt(client, "final")
    html = attempt_page(client, "final", attempt_id).get_data(as_text=True)
    assert "Ends at 1 Dec 2026, 18:30 GMT+9" in html
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).deadline_at.hour == 9  # naive UTC


def test_save_after_deadline_and_grace_is_refused_and_attempt_finalised_from_saved_answers(app, client, officer, clock):
    attempt_id = started_attempt(client, "final")
    html = attempt_page(client, "final", attempt_id).get_data(as_text=True)
    second = numerical_slot(html)
    post_form(client, "final", attempt_id, {second: "2016"}, present=str(second))
    clock.advance(minutes=30, seconds=31)  # past the 30-minute deadline and the 30-second grace
    response = post_form(client, "final", attempt_id, {second: "210000"}, present=str(second), revision="1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/review")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "graded" and attempt.finalised_by == "deadline"
        assert attempt.submitted_at == attempt.deadline_at
        saved = db.session.scalars(select(Answer.response).where(Answer.attempt_id == attempt_id)).all()
        assert saved == ['{"text": "2016", "value": "2016"}']


def test_answers_inside_the_grace_are_accepted(app, client, officer, clock):
    attempt_id = started_attempt(client, "final")
    html = attempt_page(client, "final", attempt_id).get_data(as_text=True)
    second = numerical_slot(html)
    clock.advance(minutes=30, seconds=20)
    response = post_form(client, "final", attempt_id, {second: "2016"}, present=str(second), action="submit")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finalised_by == "officer"


def test_client_timing_fields_are_ignored(app, client, officer, clock):
    attempt_id = started_attempt(client, "final")
    clock.advance(minutes=45)
    html = client.get("/progress/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    client.post(f"/quizzes/{COURSE}/final/attempts/{attempt_id}", data={"csrf_token": token, "action": "submit",
                "present": "", "revision": "0", "deadline_at": "2099-01-01", "started_at": "2099-01-01"})  # fmt: skip
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finalised_by == "deadline"


def test_abandoned_attempt_is_finalised_once_on_next_visit(app, client, officer, clock):
    attempt_id = started_attempt(client, "final")
    clock.advance(hours=2)
    html = client.get(f"/quizzes/{COURSE}/final/").get_data(as_text=True)
    assert "Start attempt 2" in html
    page = attempt_page(client, "final", attempt_id)
    assert page.status_code == 302 and page.headers["Location"].endswith("/review")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "graded" and attempt.finalised_by == "deadline"
        graded_at = attempt.submitted_at
    clock.advance(hours=1)
    client.get(f"/quizzes/{COURSE}/final/")
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).submitted_at == graded_at


def test_finalize_overdue_command(app, client, officer, clock, runner):
    started_attempt(client, "final")
    started_attempt(client, "basics-quiz")  # no time limit: never overdue
    clock.advance(minutes=31)
    result = runner.invoke(args=["lms", "finalize-overdue"])
    assert result.exit_code == 0 and "Finalised 1 overdue attempt(s)." in result.output
    assert "Finalised 0" in runner.invoke(args=["lms", "finalize-overdue"]).output
    with app.app_context():
        states = dict(db.session.execute(select(Attempt.quiz_slug, Attempt.state)).all())
    assert states == {"final": "graded", "basics-quiz": "in_progress"}


def test_extra_minutes_extend_the_deadline(app, client, officer, clock):
    from lms.quizzes import allowances

    with app.app_context():
        allowances.grant(officer.id, COURSE, "final", extra_minutes=15)
        db.session.commit()
    attempt_id = started_attempt(client, "final")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.deadline_at - attempt.started_at).total_seconds() == 45 * 60


def test_long_quiz_submits_after_85_minutes(app, client, officer, clock, make_user):
    """A token issued at the start still works 85 minutes later (security.md E2)."""
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(
        f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/save",
        data={"csrf_token": token, "present": "3", "revision": "0", "q3": "5"},
    )
    app.config["WTF_CSRF_TIME_LIMIT"] = app.config["WTF_CSRF_TIME_LIMIT"]
    import time

    real = time.time
    try:
        time.time = lambda: real() + 85 * 60
        response = client.post(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}",
                               data={"csrf_token": token, "action": "submit", "present": "", "revision": "1"})  # fmt: skip
    finally:
        time.time = real
    assert response.status_code == 302 and response.headers["Location"].endswith("/review")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.state == "graded")) == 1
