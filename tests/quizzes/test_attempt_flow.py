"""An officer takes, resumes, submits and reviews a quiz through the real routes (CSRF on)."""

import re

from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes.models import Answer, Attempt
from tests.quizzes.conftest import (
    COURSE,
    attempt_page,
    choice_values,
    label_value,
    post_form,
    right_answers,
    start,
    started_attempt,  # fmt: skip
)

MARKERS = ("FEEDBACKMARK", "CORRECTMARK", "INCORRECTMARK", "GENERALMARK")


def test_intro_shows_rules_and_starts(client, officer):
    html = client.get(f"/quizzes/{COURSE}/basics-quiz/").get_data(as_text=True)
    assert "Pass mark" in html and "80%" in html and "0 of 3 used" in html and "Start the quiz" in html
    attempt_id = started_attempt(client, "basics-quiz")
    page = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    assert "What is Bitcoin&#39;s target time between blocks?" in page or "What is Bitcoin's target time" in page
    assert "<math" in page  # the description's $x^2$


def test_attempt_page_never_carries_the_key_or_feedback(client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    for marker in MARKERS:
        assert marker not in html
    assert "correct" not in html.lower().replace("correct answers", "")
    assert "100000000" not in html and "change output" not in html.lower()


def test_take_resume_submit_review(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    answers = right_answers(html)
    response = post_form(client, "basics-quiz", attempt_id, {0: answers[0], 3: answers[3]})
    assert response.status_code == 302
    # Closing the browser: a new session of the same officer finds the saved answers.
    again = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    assert f'value="{answers[0]}" checked' in again and 'value="100,000,000"' in again
    # Starting again resumes the same attempt.
    assert started_attempt(client, "basics-quiz") == attempt_id
    response = post_form(client, "basics-quiz", attempt_id, answers, action="submit")
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/review")
    review = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Passed" in review and "5 of 5 points" in review and "Well done." in review
    # after_pass: answers and feedback are shown once passed
    assert "CORRECTMARK" in review and "GENERALMARK" in review and "FEEDBACKMARK-b" in review
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "graded" and attempt.passed and attempt.percent == 100
    # The module is complete once read: the quiz counts towards progress.
    dashboard = client.get("/progress/").get_data(as_text=True)
    assert "Quiz passed" in dashboard


def test_failed_attempt_hides_answers_until_passed(client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    post_form(client, "basics-quiz", attempt_id, {0: label_value(html, 0, "One minute")}, action="submit")
    review = client.get(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Not passed yet" in review and "0 of 5 points" in review and "Read the module again." in review
    for marker in MARKERS:
        assert marker not in review
    assert "not shown for this quiz yet" in review


def test_double_submit_grades_once_and_returns_the_same_result(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    first = post_form(client, "basics-quiz", attempt_id, right_answers(html), action="submit")
    with app.app_context():
        before = db.session.get(Attempt, attempt_id)
        snapshot = (before.state, before.score, before.submitted_at, before.revision)
    second = post_form(client, "basics-quiz", attempt_id, {0: choice_values(html, 0)[0]}, action="submit", revision="0")
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        after = db.session.get(Attempt, attempt_id)
        assert (after.state, after.score, after.submitted_at, after.revision) == snapshot


def test_stale_save_from_a_second_tab_is_refused_and_the_newer_answer_stays(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    old_revision = re.search(r'name="revision" value="(\d+)"', html).group(1)
    post_form(client, "basics-quiz", attempt_id, {3: "2016"}, present="3")  # tab A saves
    stale = post_form(client, "basics-quiz", attempt_id, {3: "99"}, present="3", revision=old_revision)  # tab B
    assert stale.status_code == 409 and "another tab" in stale.get_data(as_text=True)
    with app.app_context():
        saved = db.session.scalar(
            select(Answer.response).join(Attempt).where(Attempt.id == attempt_id, Answer.slot == 3)
        )
    assert saved == '{"text": "2016", "value": "2016"}'


def test_autosave_json(client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    url = f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/save"
    ok = client.post(url, data={"csrf_token": token, "present": "4", "revision": "0", "q4": "change"})
    assert ok.status_code == 200 and ok.json["revision"] == 1
    stale = client.post(url, data={"csrf_token": token, "present": "4", "revision": "0", "q4": "fee"})
    assert stale.status_code == 409 and stale.json["error"] == "stale"
    no_token = client.post(url, data={"present": "4", "revision": "1", "q4": "fee"})
    assert no_token.status_code == 400


def test_forged_choices_are_400_and_change_nothing(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    other_question = choice_values(html, 1)[0]
    for answers in ({0: other_question}, {0: "0-99"}, {0: "zero"}, {2: [choice_values(html, 2)[0]] * 2}, {7: "x"}):
        present = ",".join(str(k) for k in answers)
        response = post_form(client, "basics-quiz", attempt_id, answers, present=present)
        assert response.status_code == 400, answers
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_extra_fields_are_ignored(app, client, officer):
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}", data={
        "csrf_token": token, "action": "submit", "present": "", "revision": "0",
        "score": "100", "passed": "1", "user_id": "999", "percent": "100"})  # fmt: skip
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.score == 0 and attempt.passed is False and attempt.user_id == officer.id


def test_another_officers_attempt_is_404_and_unchanged(app, client, officer, make_user, login):
    attempt_id = started_attempt(client, "basics-quiz")
    intruder = app.test_client()
    login(make_user(), target=intruder)
    assert attempt_page(intruder, "basics-quiz", attempt_id).status_code == 404
    assert intruder.get(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/review").status_code == 404
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', intruder.get("/progress/").get_data(as_text=True)
    ).group(1)
    for url in (
        f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}",
        f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/save",
    ):
        response = intruder.post(
            url, data={"csrf_token": token, "action": "submit", "present": "3", "revision": "0", "q3": "1"}
        )
        assert response.status_code == 404
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "in_progress" and attempt.revision == 0


def test_attempt_limit_and_cooldown(client, officer, clock):
    for n in range(3):
        attempt_id = started_attempt(client, "basics-quiz")
        post_form(client, "basics-quiz", attempt_id, {}, action="submit")
        refused = start(client, "basics-quiz")
        assert refused.headers["Location"].endswith("/quizzes/quiz-course/basics-quiz/")
        if n < 2:
            assert "You can start another attempt at" in client.get(refused.headers["Location"]).get_data(as_text=True)
            clock.advance(minutes=10)
    html = client.get(f"/quizzes/{COURSE}/basics-quiz/").get_data(as_text=True)
    assert "You have used every attempt" in html and "3 of 3 used" in html


def test_essay_awaits_grading(app, client, officer):
    attempt_id = started_attempt(client, "essay-quiz")
    html = attempt_page(client, "essay-quiz", attempt_id).get_data(as_text=True)
    post_form(
        client,
        "essay-quiz",
        attempt_id,
        {0: label_value(html, 0, "change output"), 1: "Because they show the sender."},
        action="submit",
    )
    review = client.get(f"/quizzes/{COURSE}/essay-quiz/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Awaiting grading" in review and "not marked yet" in review
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "awaiting_grading" and attempt.score is None and attempt.passed is None
