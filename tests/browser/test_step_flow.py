"""Issue 15, point 5: no dead ends between steps.

"Mark as read" lands on the module's quiz, a passed module quiz offers the next module, the
"Next" link of a locked module says it is locked, and the grade line explains the final's weight.
(Passing the final and being shown the certificate is in test_course_completion.py.)
"""

import re

import pytest

from tests.browser.conftest import PHONE, assert_accessible, browser_page, finish_attempt, screenshot, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_read_then_quiz_then_the_next_module(browser, live_server, make_user, viewport):
    officer = make_user()
    with browser_page(browser, live_server, **({"viewport": viewport} if viewport else {})) as page:
        sign_in(page, officer.email)
        page.goto("/courses/quiz-course/basics")
        page.get_by_role("button", name="Mark as read").click()
        page.wait_for_url(re.compile(r"/courses/quiz-course/basics#module-quiz$"))
        quiz_button = page.get_by_role("link", name="Go to the quiz")
        assert quiz_button.is_visible() and quiz_button.bounding_box()["y"] < page.viewport_size["height"]
        quiz_button.click()
        page.get_by_role("button", name="Start the quiz").click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        page.get_by_label("Ten minutes").check()
        page.get_by_label("False").check()
        page.get_by_label("Whole outputs are spent").check()
        page.get_by_label("Change returns to the sender").check()
        page.get_by_label("Your answer (a number)").fill("100,000,000")
        page.get_by_label("Your answer", exact=True).fill("change output")
        finish_attempt(page)
        page.wait_for_url(re.compile(r"/review$"))
        next_module = page.get_by_role("link", name="Next module: Writing")
        assert next_module.is_visible()
        assert_accessible(page)
        next_module.click()
        assert page.get_by_role("heading", name="Writing", level=1).is_visible()
        page.goto("/progress/")
        assert page.get_by_text("The final assessment carries 60% of the course grade and must be passed.").is_visible()


def test_the_next_link_of_a_locked_module_says_it_is_locked(page, make_user):
    sign_in(page, make_user().email)
    page.goto("/courses/sample-course/first-steps")
    pager = page.get_by_role("navigation", name="Modules")
    assert pager.get_by_text("Next, locked until this module is complete").is_visible()
    assert pager.get_by_role("link").count() == 0  # no link that would lead to a refusal
    screenshot(page, "module-locked-next")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as read").click()
    page.wait_for_url(re.compile(r"/courses/sample-course/second-steps$"))  # no quiz: on to the next module
