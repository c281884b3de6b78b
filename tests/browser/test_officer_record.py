"""Issue 15, point 7: the coordinator's page for one officer, at desktop and phone width."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, browser_page, screenshot, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_coordinator_reads_an_officers_record_and_attempt(app, browser, live_server, make_user, make_cohort, login,
                                                         device):  # fmt: skip
    from tests.quizzes.conftest import passed_basics_quiz

    viewport = PHONE if device == "phone" else DESKTOP
    coordinator, officer = make_user("coordinator"), make_user(name="Mariana Costa")
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    passed_basics_quiz(app, login, officer)
    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, coordinator.email)
        page.goto(f"/cohorts/{cohort}/officers/{officer.id}")
        assert page.get_by_role("cell", name="Quiz passed, not read").is_visible()
        assert page.get_by_text("Not issued yet.").is_visible()
        page.get_by_label("Quiz").select_option(label="Final assessment")
        page.get_by_label("Extra minutes").fill("15")
        page.get_by_role("button", name="Grant").click()
        assert page.get_by_text("Granted to Mariana Costa on Final assessment").is_visible()
        assert page.get_by_text("Final assessment: 15 extra minutes", exact=True).is_visible()
        screenshot(page, f"{device}-coordinator-officer-page")
        assert_accessible(page)
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .filter(e => !e.closest('.table-scroll')).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)""")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], wide
        page.get_by_role("link", name="Basics quiz").click()
        assert page.get_by_role("heading", name="Basics quiz, attempt 1").is_visible()
        assert "Correct answer" not in page.content()
        assert_accessible(page)


def test_the_dashboard_and_the_users_list_fit_a_phone(browser, live_server, make_user, make_cohort):
    """Issue 15, point 12: no sideways scroll of the page at 390 px (wide tables scroll inside their box)."""
    coordinator, admin = make_user("coordinator"), make_user("admin")
    cohort = make_cohort(coordinators=[coordinator], members=[make_user(name="Sofia Martínez"), make_user()])
    for user, path in ((coordinator, f"/cohorts/{cohort}/"), (admin, "/admin/users")):
        with browser_page(browser, live_server, viewport=PHONE) as page:
            sign_in(page, user.email)
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            header = page.locator("header").first.bounding_box()
            assert header["height"] < PHONE["height"] / 4, "the header takes too much of the screen"
            assert_accessible(page)
