"""H2: answer keys and answer feedback appear only when no attempt is open and none can start.

The fixture quiz `key-quiz` (tests/fixtures/quizzes/quiz-course/key-quiz.md) has two attempts
and `show_correct_answers: after_last_attempt`; every piece of its key and feedback carries the
marker KEYMARK. Once a review has shown the key, a coordinator can no longer grant attempts.
"""

import json
import re

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.quizzes.models import QuizAllowance
from tests.conftest import csrf_token
from tests.quizzes.conftest import COURSE, attempt_page, label_value, post_form, started_attempt, with_extra_module

QUIZ = "key-quiz"
MARKER = "KEYMARK"


@pytest.fixture
def app_overrides(tmp_path):
    """The quiz course with one more module, whose quiz is key-quiz."""
    return with_extra_module(tmp_path, "key-quiz", "Keys")


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


def review(client, attempt_id: int, quiz: str = QUIZ) -> str:
    response = client.get(f"/quizzes/{COURSE}/{quiz}/attempts/{attempt_id}/review")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def take_wrongly(client) -> int:
    """Start an attempt, answer Bitcoin (wrong) and 2016, submit; returns the attempt id."""
    attempt_id = started_attempt(client, QUIZ)
    html = attempt_page(client, QUIZ, attempt_id).get_data(as_text=True)
    post_form(client, QUIZ, attempt_id, {0: label_value(html, 0, "Bitcoin"), 1: "2016"}, action="submit")
    return attempt_id


def shows_key(html: str) -> bool:
    return MARKER in html or "Correct answer" in html or "Accepted:" in html


def allowance(app, user) -> QuizAllowance | None:
    with app.app_context():
        row = db.session.scalar(select(QuizAllowance).where(QuizAllowance.user_id == user.id,
                                                            QuizAllowance.quiz_slug == QUIZ))  # fmt: skip
        if row is not None:
            db.session.expunge(row)
        return row


def grant(client, cohort: int, officer, **fields):
    token = csrf_token(client, f"/cohorts/{cohort}/officers/{officer.id}")
    data = {"csrf_token": token, "quiz": QUIZ, "extra_attempts": "0", "extra_minutes": "0"}
    data.update({name: str(value) for name, value in fields.items()})
    return client.post(f"/cohorts/{cohort}/officers/{officer.id}/grant", data=data, follow_redirects=True)


def test_h2_no_key_in_an_earlier_review_while_the_last_attempt_is_open(app, client, make_user, login):
    officer = make_user()
    login(officer)
    first = take_wrongly(client)
    assert not shows_key(review(client, first)), "one attempt is left: the key stays hidden"
    second = started_attempt(client, QUIZ)
    during = review(client, first)
    assert not shows_key(during), "the last attempt is open: the key must not be shown"
    assert "Score" not in during, "per-question scores flag the right answers while an attempt is open"
    assert not shows_key(attempt_page(client, QUIZ, second).get_data(as_text=True))
    assert allowance(app, officer).answers_shown_at is None
    html = attempt_page(client, QUIZ, second).get_data(as_text=True)
    post_form(client, QUIZ, second, {0: label_value(html, 0, "Ethereum")}, action="submit")
    after = review(client, first)
    for marker in ("KEYMARK-GENERAL", "KEYMARK-WRONG", "KEYMARK-CHOICE-BTC", "Correct answer"):
        assert marker in after, marker
    assert "KEYMARK-RIGHT" in review(client, second)
    assert allowance(app, officer).answers_shown_at is not None


def test_h2_no_key_of_any_policy_while_an_attempt_is_open(client, make_user, login):
    """after_submit shows the key after each attempt, but never while the next one is open (C1)."""
    login(make_user())
    first = started_attempt(client, "essay-quiz")
    html = attempt_page(client, "essay-quiz", first).get_data(as_text=True)
    post_form(client, "essay-quiz", first, {0: label_value(html, 0, "fee")}, action="submit")
    assert "Correct answer" in review(client, first, "essay-quiz")
    started_attempt(client, "essay-quiz")
    assert "Correct answer" not in review(client, first, "essay-quiz")


def test_h2_no_extra_attempt_after_the_key_was_shown(app, client, make_user, login, coordinator, make_cohort):
    officer = make_user(name="Officer Amani")
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    officer_client = app.test_client()
    login(officer, target=officer_client)
    take_wrongly(officer_client)
    last = take_wrongly(officer_client)
    assert MARKER in review(officer_client, last)
    login(coordinator)
    page = grant(client, cohort, officer, extra_attempts=1).get_data(as_text=True)
    assert re.search(r"Officer Amani has already seen the answer key of\s+Key quiz", page), page
    row = allowance(app, officer)
    assert row.extra_attempts == 0 and row.extra_minutes == 0
    with app.app_context():
        events = [(e.outcome, json.loads(e.detail)) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "quiz.grant"))]  # fmt: skip
    assert [outcome for outcome, _detail in events] == ["refused"]
    assert events[0][1]["extra_attempts"] == 1
    # Extra minutes alone are still granted.
    assert "Granted" in grant(client, cohort, officer, extra_minutes=15).get_data(as_text=True)
    row = allowance(app, officer)
    assert row.extra_attempts == 0 and row.extra_minutes == 15
    start = officer_client.post(f"/quizzes/{COURSE}/{QUIZ}/start",
                                data={"csrf_token": csrf_token(officer_client, f"/quizzes/{COURSE}/{QUIZ}/")})  # fmt: skip
    assert "/attempts/" not in start.headers["Location"]


def test_h2_extra_attempt_before_the_key_was_shown_is_granted(app, client, make_user, login, coordinator, make_cohort):
    officer = make_user()
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    officer_client = app.test_client()
    login(officer, target=officer_client)
    take_wrongly(officer_client)
    last = take_wrongly(officer_client)  # every attempt used, but no review opened yet
    login(coordinator)
    assert "Granted" in grant(client, cohort, officer, extra_attempts=1).get_data(as_text=True)
    assert allowance(app, officer).extra_attempts == 1
    # One attempt is left again: the review keeps the key hidden.
    assert not shows_key(review(officer_client, last))
    assert allowance(app, officer).answers_shown_at is None
