"""Numerical answers read in the officer's language, strictly, and graded by the value read (issue 18, point 5)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.quizzes import spec
from lms.quizzes.answers import for_grading, number_value
from lms.quizzes.grading import grade_question
from lms.quizzes.models import Answer
from lms.quizzes.numbers import AMBIGUOUS, UNREADABLE, read_number
from tests.quizzes.conftest import attempt_page, post_form, started_attempt


@pytest.mark.parametrize(
    ("typed", "mark", "value"),
    [
        ("2,5", ",", "2.5"),  # German, French, Spanish, Portuguese, Dutch, Swedish
        ("2.5", ".", "2.5"),  # English, Korean, Hebrew
        ("1.234,5", ",", "1234.5"),
        ("1,234.5", ".", "1234.5"),
        ("1.234.567", ",", "1234567"),
        ("1 500", ",", "1500"),
        ("1\u202f500,25", ",", "1500.25"),  # French and Swedish group with a narrow no-break space
        ("0,125", ",", "0.125"),  # a leading zero is never a thousands group
        (",5", ",", "0.5"),
        ("\u22124", ".", "-4"),
        ("1e3", ".", "1E+3"),
        ("2016", ",", "2016"),
    ],
)
def test_read_in_the_locales_notation(typed, mark, value):
    assert read_number(typed, mark).value == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "mark"),
    [("2.5", ","), ("1,50", "."), ("1,234.5", ","), ("2,", ","), ("1,2,3", "."), ("12,345,6", "."), ("ten", "."),
     ("", "."), ("1e999999999", "."), ("3 BTC", ".")],
)  # fmt: skip
def test_unreadable_is_refused(typed, mark):
    reading = read_number(typed, mark)
    assert (reading.value, reading.problem) == (None, UNREADABLE)


@pytest.mark.parametrize("mark", [",", "."])
@pytest.mark.parametrize("typed", ["1,500", "1.500", "-12.345"])
def test_one_mark_before_three_digits_is_ambiguous_in_every_language(typed, mark):
    reading = read_number(typed, mark)
    assert reading.problem == AMBIGUOUS and reading.value is None
    sign = -1 if typed.startswith("-") else 1
    thousands, fraction = reading.could_be
    assert thousands == sign * Decimal(typed.lstrip("-").replace(",", "").replace(".", ""))
    assert fraction * 1000 == thousands


def test_grading_uses_the_value_read_whatever_the_language():
    question = spec.Question(
        type=spec.NUMERICAL, text="?", numerical=spec.Numerical(Decimal("2.5"), None, Decimal("2.5"))
    )
    german = {"text": "2,5", "value": "2.5"}
    english = {"text": "2.5", "value": "2.5"}
    assert grade_question(question, for_grading(question, german), Decimal(1), "all") == 1
    assert grade_question(question, for_grading(question, english), Decimal(1), "all") == 1
    # An answer saved before values were stored is read by the rules of its time.
    assert number_value({"text": "0,5"}) == Decimal("0.5") and number_value({"text": "3,125"}) == 3125


def _set_language(app, user, locale):
    from lms.auth.models import User

    with app.app_context():
        db.session.get(User, user.id).locale = locale
        db.session.commit()


def test_a_german_officer_types_2_comma_5(app, client, officer):
    """In German `2,5` is two and a half; it is stored with its value and the review shows it."""
    _set_language(app, officer, "de")
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    assert 'inputmode="decimal" name="q3"' in html
    assert post_form(client, "basics-quiz", attempt_id, {3: "1.000.000,5"}, present="3").status_code == 302
    with app.app_context():
        stored = json.loads(db.session.scalar(select(Answer.response).where(Answer.attempt_id == attempt_id)))
    assert stored == {"text": "1.000.000,5", "value": "1000000.5"}
    review = post_form(client, "basics-quiz", attempt_id, {}, action="submit", present="", revision="1")
    page = client.get(review.headers["Location"]).get_data(as_text=True)
    assert "1.000.000,5" in page and "1000000,5)" in page  # as typed, then "(read as …)" in German notation


def test_an_ambiguous_number_is_refused_with_how_to_write_it(app, client, officer):
    _set_language(app, officer, "de")
    attempt_id = started_attempt(client, "basics-quiz")
    attempt_page(client, "basics-quiz", attempt_id)
    response = post_form(client, "basics-quiz", attempt_id, {3: "1.500"}, present="3")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r"1500.*1,5", page) and 'value="1.500"' in page
    with app.app_context():
        assert db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)).all() == []
