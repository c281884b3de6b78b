"""H3: with "can't go back", pages before the furthest one shown are neither shown nor writable.

`stepwise-quiz` shows one question at a time and cannot go back: slot 0 is a text region,
slots 1, 2 and 3 are its three questions, one per page.
"""

import json
import re

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.quizzes.models import Answer, Attempt
from tests.quizzes.conftest import COURSE, REVISION, attempt_page, post_form, shown_questions, started_attempt

QUIZ = "stepwise-quiz"


@pytest.fixture
def officer(make_user, login):
    user = make_user()
    login(user)
    return user


def saved(app, attempt_id: int) -> dict[int, dict]:
    with app.app_context():
        rows = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id))
        return {a.slot: json.loads(a.response) for a in rows}


def furthest(app, attempt_id: int) -> int:
    with app.app_context():
        return db.session.get(Attempt, attempt_id).page


def autosave(client, attempt_id: int, slot: int, value: str):
    html = attempt_page(client, QUIZ, attempt_id).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = {"csrf_token": token, "present": str(slot), "revision": REVISION.search(html).group(1), f"q{slot}": value}
    return client.post(f"/quizzes/{COURSE}/{QUIZ}/attempts/{attempt_id}/save", data=data)


def test_h3_page_parameter_cannot_show_a_later_page(app, client, officer):
    attempt_id = started_attempt(client, QUIZ)
    for page in (1, 2, 5):
        html = attempt_page(client, QUIZ, attempt_id, page=page).get_data(as_text=True)
        assert shown_questions(html) == ["1"], f"?page={page} showed a question not reached yet"
        assert "Question 1 of 3" in html
    assert furthest(app, attempt_id) == 0


def test_h3_page_parameter_cannot_show_an_earlier_page(app, client, officer):
    attempt_id = started_attempt(client, QUIZ)
    post_form(client, QUIZ, attempt_id, {1: "2016"}, action="next", page=0)
    assert furthest(app, attempt_id) == 1
    for page in (0, -1, None):
        html = attempt_page(client, QUIZ, attempt_id, page=page).get_data(as_text=True)
        assert shown_questions(html) == ["2"]


def test_h3_autosave_of_an_earlier_question_is_refused(app, client, officer):
    attempt_id = started_attempt(client, QUIZ)
    post_form(client, QUIZ, attempt_id, {1: "2016"}, action="next", page=0)
    response = autosave(client, attempt_id, 1, "1")
    assert response.status_code == 400
    assert "cannot go back" in response.get_json()["message"]
    assert saved(app, attempt_id) == {1: {"text": "2016", "value": "2016"}}


def test_h3_autosave_of_a_later_question_is_refused(app, client, officer):
    attempt_id = started_attempt(client, QUIZ)
    response = autosave(client, attempt_id, 3, "3-0")
    assert response.status_code == 400 and response.get_json()["error"] == "page"
    assert saved(app, attempt_id) == {}
    assert autosave(client, attempt_id, 1, "2016").status_code == 200
    assert saved(app, attempt_id) == {1: {"text": "2016", "value": "2016"}}


def test_h3_form_post_to_an_earlier_question_is_refused(app, client, officer):
    attempt_id = started_attempt(client, QUIZ)
    post_form(client, QUIZ, attempt_id, {1: "2016"}, action="next", page=0)
    for action in ("save", "next", "previous", "submit"):
        response = post_form(client, QUIZ, attempt_id, {1: "7"}, action=action, present="1", page=0)
        assert response.status_code in (302, 400)
        page = client.get(response.headers["Location"]) if response.status_code == 302 else response
        assert "cannot go back" in page.get_data(as_text=True), action
        assert saved(app, attempt_id) == {1: {"text": "2016", "value": "2016"}}
        assert furthest(app, attempt_id) == 1
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "in_progress"


def test_h3_next_moves_one_page_from_the_furthest(app, client, officer):
    """The page number the form sends does not decide where the officer lands."""
    attempt_id = started_attempt(client, QUIZ)
    response = post_form(client, QUIZ, attempt_id, {1: "2016"}, action="next", page=1)
    assert furthest(app, attempt_id) == 1
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert shown_questions(html) == ["2"]
