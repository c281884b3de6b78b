"""Quiz grades across attempts, extra attempts, and module completion through a passed quiz."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from lms.extensions import db
from lms.quizzes import allowances, service
from lms.quizzes.spec import Settings
from tests.conftest import csrf_token
from tests.quizzes.conftest import COURSE, attempt_page, post_form, right_answers, start, started_attempt


def graded(percent, passed):
    return SimpleNamespace(state="graded", percent=Decimal(percent), passed=passed)


@pytest.mark.parametrize(
    ("method", "expected_grade", "expected_pass"),
    [("highest", 90, True), ("latest", 60, False), ("first", 50, False), ("average", Decimal("66.67"), False)],
)
def test_graded_result_by_method(method, expected_grade, expected_pass):
    attempts = [graded(50, False), graded(90, True), graded(60, False), SimpleNamespace(state="awaiting_grading")]
    grade, passed = service.graded_result(Settings(grading=method, pass_percent=80), attempts)
    assert round(grade, 2) == round(Decimal(expected_grade), 2) and passed is expected_pass


def test_no_graded_attempt_means_no_grade():
    assert service.graded_result(Settings(), []) == (None, False)


def test_extra_attempts_reopen_a_used_up_quiz(app, client, officer, clock):
    for _ in range(3):
        post_form(client, "basics-quiz", started_attempt(client, "basics-quiz"), {}, action="submit")
        clock.advance(minutes=11)
    assert "/attempts/" not in start(client, "basics-quiz").headers["Location"]
    with app.app_context():
        allowances.grant(officer.id, COURSE, "basics-quiz", extra_attempts=1)
        db.session.commit()
    assert "4 of 4 used" not in client.get(f"/quizzes/{COURSE}/basics-quiz/").get_data(as_text=True)
    assert "/attempts/" in start(client, "basics-quiz").headers["Location"]


def test_reading_and_passing_completes_the_module(client, officer):
    token = csrf_token(client, f"/courses/{COURSE}/basics")
    client.post(f"/progress/{COURSE}/basics/read", data={"csrf_token": token})
    module = client.get(f"/courses/{COURSE}/basics").get_data(as_text=True)
    assert "Pass the quiz to complete the module." in module
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    post_form(client, "basics-quiz", attempt_id, right_answers(html), action="submit")
    module = client.get(f"/courses/{COURSE}/basics").get_data(as_text=True)
    assert "You passed this module&#39;s quiz." in module or "You passed this module's quiz." in module
    course = client.get(f"/courses/{COURSE}/").get_data(as_text=True)
    assert course.count("status-complete") == 1
