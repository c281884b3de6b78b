"""`one question at a time` with `can't go back`, text regions, and images beside quiz files."""

import re

from lms.extensions import db
from lms.quizzes.models import Attempt
from tests.quizzes.conftest import COURSE, attempt_page, post_form, started_attempt


def shown_questions(html):
    return re.findall(r'<span class="q-number">Question (\d+)</span>', html)


def test_pages_move_forward_and_never_back(app, client, officer):
    attempt_id = started_attempt(client, "stepwise-quiz")
    first = attempt_page(client, "stepwise-quiz", attempt_id).get_data(as_text=True)
    assert shown_questions(first) == ["1"] and "Before you start" in first and "Question 1 of 3" in first
    assert "Previous question" not in first and "Finish attempt" not in first
    response = post_form(client, "stepwise-quiz", attempt_id, {1: "2016"}, action="next", page=0)
    assert response.headers["Location"].endswith("?page=1")
    second = client.get(response.headers["Location"]).get_data(as_text=True)
    assert shown_questions(second) == ["2"] and "Before you start" not in second
    # Asking for the first page again shows the furthest page reached instead.
    again = attempt_page(client, "stepwise-quiz", attempt_id, page=0).get_data(as_text=True)
    assert shown_questions(again) == ["2"]
    post_form(client, "stepwise-quiz", attempt_id, {2: "100000000"}, action="next", page=1)
    last = attempt_page(client, "stepwise-quiz", attempt_id).get_data(as_text=True)
    assert shown_questions(last) == ["3"] and "Finish attempt" in last
    ethereum = re.search(r'name="q3" value="(3-\d+)"[^>]*> <span>Ethereum', last).group(1)
    post_form(client, "stepwise-quiz", attempt_id, {3: ethereum}, action="submit", page=2)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "graded" and attempt.percent == 100


def test_quiz_images_are_served_and_only_those(client, officer):
    attempt_id = started_attempt(client, "stepwise-quiz")
    html = attempt_page(client, "stepwise-quiz", attempt_id).get_data(as_text=True)
    src = re.search(r'<img alt="A block with its header" src="([^"]+)"', html).group(1)
    assert src == f"/quizzes/{COURSE}/assets/block.svg"
    image = client.get(src)
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    image.close()
    assert client.get(f"/quizzes/{COURSE}/assets/basics-quiz.md").status_code == 404
    assert client.get(f"/quizzes/{COURSE}/assets/../../config.py", follow_redirects=True).status_code == 404
