"""Issue 15, point 8: "Reset attempt" and "Remove from this cohort" ask first, without JavaScript too."""

import re

import pytest

from tests.browser.conftest import PHONE, assert_accessible, browser_page, screenshot, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_reset_and_removal_are_confirmed_then_done(
    app, browser, live_server, make_user, make_cohort, login, javascript
):
    from tests.quizzes.conftest import started_attempt

    coordinator, officer = make_user("coordinator"), make_user(name="Lucas Almeida")
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    officer_client = app.test_client()
    login(officer, target=officer_client)
    started_attempt(officer_client, "basics-quiz")
    with browser_page(browser, live_server, viewport=PHONE, java_script_enabled=javascript) as page:
        sign_in(page, coordinator.email, check_accessibility=javascript)
        page.goto(f"/cohorts/{cohort}/officers/{officer.id}")
        page.get_by_role("button", name="Reset attempt").click()
        assert page.get_by_role("heading", name="Reset attempt 1 of Lucas Almeida?").is_visible()
        if javascript:
            assert_accessible(page)
            screenshot(page, "phone-confirm-reset")
        page.get_by_role("link", name="Cancel").click()
        assert page.get_by_text("in progress").first.is_visible()  # nothing changed
        page.get_by_role("button", name="Reset attempt").click()
        page.get_by_role("button", name="Reset attempt").click()  # the confirmation's own button
        assert page.get_by_text("The attempt was reset").is_visible()

        page.get_by_role("button", name="Remove from this cohort").click()
        assert page.get_by_text("Their training record stays").is_visible()
        page.get_by_role("button", name="Remove from this cohort").click()
        page.wait_for_url(re.compile(rf"/cohorts/{cohort}/$"))
        assert page.get_by_text("0 officers").is_visible()
