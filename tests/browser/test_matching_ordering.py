"""A matching and an ordering question in Chromium: answered with their selects, autosaved (a reload
shows the choices again), submitted, reviewed row by row, and counted in the item statistics; axe
finds nothing serious or critical, at desktop and at phone width."""

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, browser_page, finish_attempt, screenshot, sign_in
from tests.quizzes.conftest import with_extra_module

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
QUIZ = "/quizzes/quiz-course/pairs-quiz/"


@pytest.fixture
def app_overrides(tmp_path):
    return with_extra_module(tmp_path, "pairs-quiz", "Pairs")


def choose(page, label: str, option: str) -> None:
    """The select whose label holds `label`: pick `option`, as an officer does."""
    page.get_by_label(label).select_option(label=option)
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_matching_and_ordering_are_taken_autosaved_reviewed_and_in_statistics(browser, live_server, make_user,
                                                                              viewport):  # fmt: skip
    officer, instructor = make_user(), make_user(role="instructor")
    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, officer.email)
        page.goto(QUIZ)
        page.get_by_role("button", name=re.compile("Start")).click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        assert page.locator("#attempt-form select").count() == 7
        assert_accessible(page)
        choose(page, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "Bitcoin")
        choose(page, "0x742d35Cc6634C0532925a3b844Bc454e4438f44e", "Ethereum")
        choose(page, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "Monero")
        for item, place in (("Photograph the screen", "1"), ("flight mode", "2"), ("Seal and label", "3"),
                            ("exhibit log", "4")):  # fmt: skip
            choose(page, item, place)
        assert page.locator("#answered-count").inner_text() == "2"
        screenshot(page, f"pairs-attempt-{viewport['width']}")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

        page.reload()  # what autosave stored comes back without the form ever being posted
        page.get_by_label("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy").wait_for()
        picked = page.get_by_label("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")
        assert picked.evaluate("s => s.options[s.selectedIndex].text") == "Monero"
        assert page.get_by_label("exhibit log").evaluate("s => s.options[s.selectedIndex].text") == "4"

        finish_attempt(page)
        page.wait_for_url(re.compile(r"/review$"))
        review = page.locator("main")
        review.get_by_text("Score 2 / 3").wait_for()
        assert review.get_by_text("Score 2 / 2").count() == 1
        wrong = page.locator("table.review-rows tr.wrong")
        assert wrong.count() == 1 and "Monero" in wrong.inner_text() and "Bitcoin" in wrong.inner_text()
        assert page.locator("table.review-rows tr.correct").count() == 6
        screenshot(page, f"pairs-review-{viewport['width']}")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_accessible(page)

    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, instructor.email)
        page.goto("/authoring/quizzes/quiz-course/pairs-quiz/statistics")
        row = page.locator("table.item-stats tbody tr").first
        row.locator("summary").click()
        row.get_by_text("matched right 1 time").first.wait_for()
        assert (
            row.get_by_text("matched right 1 time").count() == 2
            and row.get_by_text("matched right 0 times").count() == 1
        )
        assert page.locator("table.item-stats tbody tr").nth(1).get_by_text("in its place 1 time").count() == 4
        assert "66.7%" in row.inner_text()  # facility: two prompts of three
        assert_accessible(page)
