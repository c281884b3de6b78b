"""Issue 15, point 17: words people take for granted."""

import re

import pytest

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_sign_in_says_what_is_missing_and_starts_with_the_email_after_a_new_password(app, page, make_user):
    from lms.auth import links
    from lms.auth.models import User
    from lms.extensions import db

    page.goto("/auth/login")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Enter your e-mail address.", exact=True).is_visible()
    assert_accessible(page)

    user = make_user(email="new.officer@police.example", password=None)
    with app.app_context():
        token = links.token_for(links.create(db.session.get(User, user.id)))
        db.session.commit()
    page.goto(f"/auth/set-password/{token}")
    page.get_by_label("New password", exact=True).fill("a-long-test-passphrase-42")
    page.get_by_label("Repeat the new password").fill("a-long-test-passphrase-42")
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url(re.compile(r"/auth/login$"))
    assert page.get_by_label("E-mail").input_value() == "new.officer@police.example"
    page.reload()
    assert page.get_by_label("E-mail").input_value() == ""  # offered once, not kept in the session


def test_an_exact_answer_reads_as_one_number_and_one_problem_is_singular(page, make_user):
    sign_in(page, make_user("instructor").email)
    page.goto("/authoring/quizzes/quiz-course/final")
    assert page.get_by_text("Accepted: 2016", exact=True).is_visible()
    assert "2,016" not in page.content()
    page.goto("/authoring/draft")
    page.get_by_label("Text", exact=True).fill("Quiz title: Q\n\n1.  Pick one\na)  A\nb)  B\n")
    page.get_by_role("button", name="Check", exact=True).click()
    assert page.get_by_text("1 problem", exact=True).is_visible()
