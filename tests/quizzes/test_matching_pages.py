"""Matching and ordering questions through the real pages, without JavaScript: selects on the attempt,
saved and shown again, graded per prompt and per place, reviewed, in the key and in item statistics."""

import re

import pytest

from lms.extensions import db
from lms.quizzes.models import Attempt
from tests.quizzes.conftest import COURSE, attempt_page, post_form, started_attempt, with_extra_module

QUIZ = "pairs-quiz"


@pytest.fixture
def app_overrides(tmp_path):
    """The quiz course with one more module, whose quiz is pairs-quiz."""
    return with_extra_module(tmp_path, QUIZ, "Pairs")


def selects(html: str, slot: int) -> list[dict[str, str]]:
    """Each select of a question: its label's text -> {option text: value}."""
    found = []
    for label, body in re.findall(rf'<label class="select-label" for="q{slot}-\d+" dir="auto">(.*?)</label>\s*'
                                  rf'<select id="q{slot}-\d+" name="q{slot}"[^>]*>(.*?)</select>', html, re.S):  # fmt: skip
        options = dict((text, value) for value, text in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)<', body))
        found.append({"label": re.sub(r"<[^>]+>", "", label), **options})
    return found


def pick(html: str, slot: int, wanted: dict[str, str]) -> list[str]:
    """The values to send: for each row whose label contains a key, the option with that text."""
    values = []
    for row in selects(html, slot):
        choice = next((text for part, text in wanted.items() if part in row["label"]), None)
        values.append(row[choice] if choice else "")
    return values


def test_matching_and_ordering_are_answered_saved_graded_and_reviewed(app, client, officer):
    attempt_id = started_attempt(client, QUIZ)
    html = attempt_page(client, QUIZ, attempt_id).get_data(as_text=True)
    matching, ordering = selects(html, 0), selects(html, 1)
    assert len(matching) == 3 and set(matching[0]) == {"label", "Bitcoin", "Ethereum", "Monero"}
    assert len(ordering) == 4 and set(ordering[0]) == {"label", "1", "2", "3", "4"}
    assert "Choose an answer" in html and "Give each item its place in the order, from 1 (first) to 4 (last)." in html
    assert "exhibit log" in html and "Bech32" not in html  # no feedback before the attempt is over

    # Two of three prompts right, the third left empty; two of four steps in their place.
    first = pick(html, 0, {"bc1q": "Bitcoin", "0x742d": "Ethereum"})
    second = pick(html, 1, {"Photograph": "1", "flight mode": "2", "Seal": "4", "exhibit log": "3"})
    response = post_form(client, QUIZ, attempt_id, {0: first, 1: second})
    assert response.status_code == 302
    again = attempt_page(client, QUIZ, attempt_id).get_data(as_text=True)
    assert len(re.findall(r'value="[01]-\d-\d" selected>', again)) == 6  # what was saved is chosen again on reload

    post_form(client, QUIZ, attempt_id, {0: first, 1: second}, action="submit")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        scores = sorted((a.slot, a.score) for a in attempt.answers)
        assert attempt.state == "graded" and scores == [(0, 2), (1, 1)] and attempt.percent == 60
    review = client.get(f"/quizzes/{COURSE}/{QUIZ}/attempts/{attempt_id}/review").get_data(as_text=True)
    rows = re.findall(r'<tr class="(correct|wrong)"><td dir="auto">(.*?)</td>', review, re.S)
    assert [kind for kind, _label in rows].count("correct") == 4 and len(rows) == 7
    assert "Score 2 / 3" in review and "Score 1 / 2" in review and "Bech32" in review
    assert "Check the prefixes again." in review  # `-` feedback: not every pair was right


def test_the_key_and_statistics_show_pairs_and_places(app, client, make_user, login):
    officer = make_user()
    login(officer)
    attempt_id = started_attempt(client, QUIZ)
    html = attempt_page(client, QUIZ, attempt_id).get_data(as_text=True)
    right = pick(html, 0, {"bc1q": "Bitcoin", "0x742d": "Ethereum", "3J98": "Bitcoin"})
    post_form(client, QUIZ, attempt_id, {0: right, 1: [""] * 4}, action="submit")
    client = app.test_client()
    login(make_user(role="instructor"), target=client)
    preview = client.get(f"/authoring/quizzes/{COURSE}/{QUIZ}").get_data(as_text=True)
    assert "Also offered, matching no prompt:" in preview and "Monero" in preview
    assert re.search(r'<ol class="key-order">\s*<li dir="auto">Photograph the screen as found</li>', preview)
    stats = client.get(f"/authoring/quizzes/{COURSE}/{QUIZ}/statistics").get_data(as_text=True)
    assert stats.count("matched right 1 time") == 3 and stats.count("in its place 0 times") == 4
    assert re.search(r"<td>100\.0%</td>", stats) and re.search(r"<td>0\.0%</td>", stats)
