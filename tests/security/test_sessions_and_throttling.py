"""shared/security.md A2 (throttling), A7 (idle and absolute timeouts) and F1 for sign-in events."""

import json

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.conftest import PASSWORD, csrf_token


def attempt_login(client, email, password, address="198.51.100.7"):
    token = csrf_token(client)
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})  # fmt: skip


def events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_eleventh_try_is_refused_even_with_the_right_password(app, client, make_user):
    user = make_user()
    for _ in range(10):
        assert attempt_login(client, user.email, "wrong-password-123").status_code == 200
    refused = attempt_login(client, user.email, PASSWORD)
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert client.get("/progress/").status_code == 302
    throttled = events(app, "login.throttled")
    assert len(throttled) == 1 and throttled[0].outcome == "refused" and throttled[0].address == "198.51.100.7"


def test_other_addresses_are_unaffected(app, client, make_user):
    user = make_user()
    for _ in range(10):
        attempt_login(client, user.email, "wrong-password-123")
    elsewhere = app.test_client()
    assert attempt_login(elsewhere, user.email, PASSWORD, address="203.0.113.9").status_code == 302


def test_counters_are_shared_by_every_app_instance(app, database_url, make_user, monkeypatch):
    """Two app objects (two workers or nodes) over one database count the same failures."""
    from lms import create_app
    from tests.conftest import base_overrides

    user = make_user()
    other_node = create_app(base_overrides(database_url))
    for i in range(10):
        node = app if i % 2 else other_node
        attempt_login(node.test_client(), user.email, "wrong-password-123")
    assert attempt_login(app.test_client(), user.email, PASSWORD).status_code == 429
    assert attempt_login(other_node.test_client(), user.email, PASSWORD).status_code == 429
    with other_node.app_context():
        db.engine.dispose()


def test_failures_expire_after_the_window(app, client, make_user, monkeypatch):
    from datetime import timedelta

    import lms.clock

    user = make_user()
    for _ in range(10):
        attempt_login(client, user.email, "wrong-password-123")
    real = lms.clock.now
    monkeypatch.setattr(lms.clock, "now", lambda: real() + timedelta(minutes=16))
    assert attempt_login(client, user.email, PASSWORD).status_code == 302


def test_logins_and_logouts_are_audited_without_secrets(app, client, make_user):
    user = make_user()
    attempt_login(client, user.email, "wrong-password-123")
    attempt_login(client, "not an email", "whatever-password")
    attempt_login(client, user.email, PASSWORD)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/progress/")})
    logins = events(app, "login")
    assert [(e.outcome, e.target) for e in logins] == [
        ("failed", user.email),
        ("failed", "(not an e-mail address)"),
        ("ok", f"user:{user.id}"),
    ]
    assert logins[2].actor_id == user.id and logins[2].actor_role == "officer"
    assert len(events(app, "logout")) == 1
    with app.app_context():
        everything = " ".join(e.detail + e.target for e in db.session.scalars(select(AuditEvent)))
    assert "wrong-password-123" not in everything and PASSWORD not in everything


def test_csrf_failures_are_audited(app, client, make_user, login):
    login(make_user())
    assert client.post("/auth/logout").status_code == 400
    [event] = events(app, "csrf.refused")
    assert event.target == "/auth/logout" and event.outcome == "refused"


def test_user_data_cannot_forge_audit_lines(app, client, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="lms.audit")
    attempt_login(client, 'evil@x.example\n2026-01-01 INFO lms.audit: {"action": "login"}', "pw-pw-pw-pw-pw")
    lines = [r.getMessage() for r in caplog.records if r.name == "lms.audit"]
    assert lines and all("\n" not in line for line in lines)
    assert all(json.loads(line)["action"] in ("login", "login.throttled") for line in lines)


REAL_TIME = __import__("time").time


def shift(monkeypatch, seconds):
    """Move the wall clock `seconds` ahead of the real one (not of the last shift)."""
    import time

    monkeypatch.setattr(time, "time", lambda: REAL_TIME() + seconds)


def test_idle_session_ends_after_30_minutes(client, make_user, login, monkeypatch):
    login(make_user())
    shift(monkeypatch, 29 * 60)
    assert client.get("/progress/").status_code == 200  # activity resets the idle clock
    shift(monkeypatch, 29 * 60 + 29 * 60)
    assert client.get("/progress/").status_code == 200
    shift(monkeypatch, 29 * 60 + 29 * 60 + 31 * 60)
    response = client.get("/progress/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_absolute_lifetime_ends_a_busy_session(client, make_user, login, monkeypatch):
    login(make_user())
    for step in range(1, 26):  # a request every 29 minutes for 12 hours and more
        shift(monkeypatch, step * 29 * 60)
        status = client.get("/progress/").status_code
    assert status == 302


def test_timeout_keeps_saved_quiz_answers(app, client, make_user, login, monkeypatch):
    from lms.quizzes.models import Answer
    from tests.quizzes.conftest import started_attempt

    user = make_user()
    login(user)
    attempt_id = started_attempt(client, "basics-quiz")
    token = csrf_token(client, f"/quizzes/quiz-course/basics-quiz/attempts/{attempt_id}")
    client.post(
        f"/quizzes/quiz-course/basics-quiz/attempts/{attempt_id}/save",
        data={"csrf_token": token, "present": "3", "revision": "0", "q3": "42"},
    )
    shift(monkeypatch, 31 * 60)
    assert client.get(f"/quizzes/quiz-course/basics-quiz/attempts/{attempt_id}").status_code == 302
    monkeypatch.undo()
    login(user)
    page = client.get(f"/quizzes/quiz-course/basics-quiz/attempts/{attempt_id}").get_data(as_text=True)
    assert 'value="42"' in page
    with app.app_context():
        assert db.session.scalar(select(Answer.response)) == '{"text": "42", "value": "42"}'


def test_a_quiz_answered_slowly_still_submits_after_the_idle_time(app, client, make_user, login, monkeypatch):
    """security.md E2 with A7: 80 minutes between the first answer and submit, no other request."""
    from lms.quizzes.models import Attempt
    from tests.quizzes.conftest import started_attempt

    login(make_user())
    attempt_id = started_attempt(client, "basics-quiz")
    token = csrf_token(client, f"/quizzes/quiz-course/basics-quiz/attempts/{attempt_id}")
    shift(monkeypatch, 80 * 60)
    response = client.post(f"/quizzes/quiz-course/basics-quiz/attempts/{attempt_id}",
                           data={"csrf_token": token, "action": "submit", "present": "", "revision": "0"})  # fmt: skip
    assert response.headers["Location"].endswith("/review")
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "graded"
    assert client.get("/progress/").status_code == 200  # the submit was activity


def test_attempt_lifecycle_and_refused_access_are_audited(app, client, make_user, login, clock):
    from tests.quizzes.conftest import post_form, started_attempt

    login(make_user())
    attempt_id = started_attempt(client, "basics-quiz")
    post_form(client, "basics-quiz", attempt_id, {}, action="submit")
    timed = started_attempt(client, "final")
    clock.advance(minutes=45)
    client.get(f"/quizzes/quiz-course/final/attempts/{timed}")
    assert client.get("/cohorts/").status_code == 404
    actions = [
        (e.action, e.target)
        for e in events(app, "attempt.start") + events(app, "attempt.submit") + events(app, "attempt.finalise")
    ]
    assert actions == [("attempt.start", f"attempt:{attempt_id}"), ("attempt.start", f"attempt:{timed}"),
                       ("attempt.submit", f"attempt:{attempt_id}"), ("attempt.finalise", f"attempt:{timed}")]  # fmt: skip
    [refused] = events(app, "access.refused")
    assert refused.target == "/cohorts/" and refused.outcome == "refused"
