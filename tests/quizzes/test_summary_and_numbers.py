"""The safety net before grading (issue 15): a summary step before submitting, and numbers that
are refused when they are not numbers, keeping the other answers."""

import json
import re

from sqlalchemy import select

from lms.extensions import db
from lms.quizzes.models import Answer, Attempt
from tests.quizzes.conftest import COURSE, REVISION, attempt_page, label_value, post_form, started_attempt
from tests.quizzes.test_attempt_time import numerical_slot


def test_finish_shows_the_summary_and_only_its_button_submits(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    assert "Finish attempt…" in html and "0</strong> of 5 answered" in html
    finish = post_form(client, "basics-quiz", attempt_id, {0: label_value(html, 0, "Ten minutes")}, action="finish")
    assert finish.status_code == 302 and finish.headers["Location"].endswith(f"/attempts/{attempt_id}/summary")
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "in_progress"  # nothing graded yet
    summary = client.get(finish.headers["Location"]).get_data(as_text=True)
    assert "1</strong> of 5 answered" in summary
    assert "4 questions have no answer" in summary
    assert summary.count("Not answered") == 4 and summary.count(">Answered<") == 1
    assert f"/attempts/{attempt_id}#question-1" in summary  # back to the question, on its page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', summary).group(1)
    revision = REVISION.search(summary).group(1)
    done = client.post(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}",
                       data={"csrf_token": token, "action": "submit", "present": "", "revision": revision})  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"].endswith("/review")
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "graded"
    assert client.get(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/summary").status_code == 302


def test_past_the_deadline_finish_submits_without_the_summary(app, client, officer, clock):
    attempt_id = started_attempt(client, "final")
    html = attempt_page(client, "final", attempt_id).get_data(as_text=True)
    slot = numerical_slot(html)
    clock.advance(minutes=30, seconds=5)  # the deadline has passed, inside the grace
    response = post_form(client, "final", attempt_id, {slot: "2016"}, present=str(slot), action="finish")
    assert response.headers["Location"].endswith("/review")
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "graded"


def test_the_summary_of_an_expired_attempt_submits_it(app, client, officer, clock):
    attempt_id = started_attempt(client, "final")
    clock.advance(minutes=31)
    response = client.get(f"/quizzes/{COURSE}/final/attempts/{attempt_id}/summary")
    assert response.headers["Location"].endswith("/review")
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finalised_by == "deadline"


def test_text_in_a_number_field_is_refused_and_the_other_answers_are_kept(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    assert 'inputmode="decimal" name="q3"' in html
    first = label_value(html, 0, "Ten minutes")
    response = post_form(client, "basics-quiz", attempt_id, {0: first, 3: "about an hour"}, action="finish")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Type a number here" in page and 'value="about an hour"' in page and 'aria-invalid="true"' in page
    assert "One answer needs a number; the others are saved." in page
    with app.app_context():
        saved = {a.slot: json.loads(a.response) for a in db.session.scalars(
            select(Answer).where(Answer.attempt_id == attempt_id))}  # fmt: skip
        assert saved == {0: {"choice": saved[0]["choice"]}}  # the choice kept, the text not stored
        assert db.session.get(Attempt, attempt_id).state == "in_progress"
    # A number in the officer's writing is accepted.
    ok = post_form(client, "basics-quiz", attempt_id, {3: "100 000 000"}, present="3")
    assert ok.status_code == 302


def test_autosave_refuses_text_in_a_number_field(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/save",
                           data={"csrf_token": token, "present": "3", "revision": "0", "q3": "ten"},
                           headers={"Accept": "application/json"})  # fmt: skip
    assert response.status_code == 422
    assert response.get_json()["error"] == "number" and response.get_json()["slots"] == [3]
    with app.app_context():
        assert db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)).all() == []
