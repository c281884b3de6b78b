"""Issue 15, point 18: the profile is reached from the name in the header, on a desktop and a phone;
issue 16: the optional e-mail is turned off there."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, browser_page, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_name_in_the_header_opens_the_profile(browser, live_server, make_user, viewport):
    officer = make_user(name="Emma de Vries", country="NL")
    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, officer.email)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Emma de Vries").click()
        assert page.get_by_role("heading", name="Your profile").is_visible()
        page.get_by_label("Agency").fill("Politie Nederland")
        page.get_by_role("button", name="Save profile").click()
        assert page.get_by_text("Your profile is saved.").is_visible()
        assert page.get_by_label("Agency").input_value() == "Politie Nederland"
        assert page.get_by_role("link", name="Change your password").is_visible()
        marked = page.get_by_label("When my written answers are marked")
        assert marked.is_checked() and page.get_by_label("A weekly progress digest of my cohorts").count() == 0
        marked.uncheck()
        page.get_by_role("button", name="Save e-mail choices").click()
        assert page.get_by_text("Your e-mail choices are saved.").is_visible()
        assert not page.get_by_label("When my written answers are marked").is_checked()
        assert page.get_by_label("When my certificate is issued").is_checked()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
