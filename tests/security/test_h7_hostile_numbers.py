"""H7 (quiz parts): hostile numbers never give a 500.

Page numbers past the end or below zero on a one-question-at-a-time quiz, and essay marks that
are not finite numbers from 0 to the question's points.
"""

from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.quizzes.models import Answer, Attempt
from tests.conftest import csrf_token
from tests.quizzes.conftest import (
    COURSE,
    attempt_page,
    label_value,
    post_form,
    shown_questions,
    started_attempt,
    with_extra_module,
)

QUIZ = "stepwise-quiz"
HOSTILE_PAGES = ["999999999999", "99999999999999999999999999", "2147483648", "3", "-1", "-999999999999"]


@pytest.fixture
def app_overrides(tmp_path):
    """The quiz course with one more module, whose quiz (pages-quiz) lets officers go back."""
    return with_extra_module(tmp_path, "pages-quiz", "Pages")


@pytest.fixture
def officer(make_user, login):
    user = make_user()
    login(user)
    return user


@pytest.mark.parametrize("page", HOSTILE_PAGES)
@pytest.mark.parametrize("quiz", [QUIZ, "basics-quiz"])
def test_h7_hostile_page_in_the_form_post(app, client, officer, quiz, page):
    attempt_id = started_attempt(client, quiz)
    for action in ("next", "previous", "save"):
        response = post_form(client, quiz, attempt_id, {}, action=action, present="", page=page)
        assert response.status_code in (302, 400), (action, response.status_code)
        view = attempt_page(client, quiz, attempt_id)
        assert view.status_code == 200
    with app.app_context():
        assert 0 <= db.session.get(Attempt, attempt_id).page <= 2
    if quiz == QUIZ:
        html = attempt_page(client, quiz, attempt_id).get_data(as_text=True)
        assert len(shown_questions(html)) == 1
    # The attempt can still be finished and reviewed.
    response = post_form(client, quiz, attempt_id, {}, action="submit", present="")
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("page", [*HOSTILE_PAGES, "NaN", "inf", "1e400", ""])
def test_h7_hostile_page_in_the_address(client, officer, page):
    attempt_id = started_attempt(client, QUIZ)
    response = client.get(f"/quizzes/{COURSE}/{QUIZ}/attempts/{attempt_id}?page={page}")
    assert response.status_code == 200
    assert shown_questions(response.get_data(as_text=True)) == ["1"]


@pytest.mark.parametrize(("page", "shown"), [("999999999999", "3"), ("-999999999999", "1"), ("1", "2")])
def test_h7_hostile_page_when_going_back_is_allowed(app, client, officer, page, shown):
    """One question at a time, going back allowed: pages are clamped to the real ones."""
    attempt_id = started_attempt(client, "pages-quiz")
    html = attempt_page(client, "pages-quiz", attempt_id, page=page).get_data(as_text=True)
    assert shown_questions(html) == [shown]
    response = post_form(client, "pages-quiz", attempt_id, {}, action="next", present="", page=page)
    assert response.status_code == 302
    assert attempt_page(client, "pages-quiz", attempt_id).status_code == 200
    with app.app_context():
        assert 0 <= db.session.get(Attempt, attempt_id).page <= 2


@pytest.fixture
def essay_answer(app, make_user, login):
    """An essay answer (2 points) waiting for its mark."""
    officer_client = app.test_client()
    login(make_user(), target=officer_client)
    attempt_id = started_attempt(officer_client, "essay-quiz")
    html = attempt_page(officer_client, "essay-quiz", attempt_id).get_data(as_text=True)
    post_form(officer_client, "essay-quiz", attempt_id, {0: label_value(html, 0, "change output"), 1: "Because."},
              action="submit")  # fmt: skip
    with app.app_context():
        return next(a.id for a in db.session.get(Attempt, attempt_id).answers if a.slot == 1)


@pytest.mark.parametrize(
    "mark",
    ["NaN", "nan", "-NaN", "sNaN", "inf", "-inf", "Infinity", "-1e400", "1e400", "1e999999999", "-1", "2.01",
     "99999999999999999999", "1e-400", "0.001", "", "two", "1,2,3", "٣" * 3, "1" * 5000],
)  # fmt: skip
def test_h7_hostile_essay_mark_is_refused(app, client, make_user, login, essay_answer, mark):
    login(make_user("instructor"))
    token = csrf_token(client, "/authoring/essays")
    response = client.post(f"/authoring/essays/{essay_answer}", data={"csrf_token": token, "mark": mark, "comment": "x"},
                           follow_redirects=True)  # fmt: skip
    assert response.status_code == 200
    assert "Give a mark from 0 to 2" in response.get_data(as_text=True)
    with app.app_context():
        answer = db.session.get(Answer, essay_answer)
        assert answer.score is None and answer.marked_at is None and answer.comment == ""


@pytest.mark.parametrize(("mark", "stored"), [("2", Decimal("2")), ("0", Decimal("0")), ("1,25", Decimal("1.25"))])
def test_h7_ordinary_essay_marks_still_work(app, client, make_user, login, essay_answer, mark, stored):
    login(make_user("instructor"))
    token = csrf_token(client, "/authoring/essays")
    client.post(f"/authoring/essays/{essay_answer}", data={"csrf_token": token, "mark": mark, "comment": "x"})
    with app.app_context():
        assert db.session.scalar(select(Answer.score).where(Answer.id == essay_answer)) == stored
