"""An officer in Chromium: sign in, read, mark read, take a quiz with autosave, reload, submit, review.

Every page reached is checked with axe-core; screenshots land in test-artifacts/screenshots/.
"""

import re

import pytest

from tests.browser.conftest import PHONE, assert_accessible, browser_page, finish_attempt, screenshot, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]


def test_officer_takes_a_quiz_with_autosave_and_review(page, make_user):
    officer = make_user()
    sign_in(page, officer.email)
    assert_accessible(page)
    screenshot(page, "officer-dashboard")
    page.get_by_role("link", name="Basics", exact=True).first.click()
    assert page.get_by_role("heading", name="Basics", level=1).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as read").click()
    page.goto("/quizzes/quiz-course/basics-quiz/")
    assert_accessible(page)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    assert_accessible(page)
    assert "CORRECTMARK" not in page.content()
    page.get_by_label("Ten minutes").check()
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.get_by_label("Your answer (a number)").fill("100,000,000")
    page.get_by_label("Your answer (a number)").blur()
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.wait_for_timeout(300)
    page.reload()
    assert page.get_by_label("Ten minutes").is_checked()
    assert page.get_by_label("Your answer (a number)").input_value() == "100,000,000"
    screenshot(page, "officer-attempt")
    page.get_by_label("False").check()
    page.get_by_label("Whole outputs are spent").check()
    page.get_by_label("Change returns to the sender").check()
    page.get_by_label("Your answer", exact=True).fill("change output")
    finish_attempt(page)
    page.wait_for_url(re.compile(r"/review$"))
    assert page.get_by_role("heading", name="Passed").is_visible()
    assert_accessible(page)
    screenshot(page, "officer-review")
    page.goto("/progress/")
    assert "Complete" in page.content()


def test_quiz_works_without_javascript(browser, live_server, make_user):
    officer = make_user()
    with browser_page(browser, live_server, java_script_enabled=False) as page:
        sign_in(page, officer.email, check_accessibility=False)
        page.goto("/quizzes/quiz-course/stepwise-quiz/")
        page.get_by_role("button", name="Start the quiz").click()
        page.get_by_label("Your answer (a number)").fill("2016")
        page.get_by_role("button", name="Next question").click()
        page.get_by_label("Your answer (a number)").fill("100000000")
        page.get_by_role("button", name="Next question").click()
        page.get_by_label("Ethereum").check()
        finish_attempt(page)
        page.wait_for_url(re.compile(r"/review$"))
        assert page.get_by_role("heading", name="Passed").is_visible()


def test_phone_viewport_has_no_horizontal_overflow(browser, live_server, make_user):
    officer = make_user()
    with browser_page(browser, live_server, viewport=PHONE) as page:
        sign_in(page, officer.email)
        for url in ("/progress/", "/courses/sample-course/first-steps", "/quizzes/quiz-course/basics-quiz/"):
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
            screenshot(page, "phone" + url.replace("/", "-").rstrip("-"))
