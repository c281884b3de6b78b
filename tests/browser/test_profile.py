"""Issue 15, point 18: the profile is reached from the name in the header, on a desktop and a phone."""

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
        page.get_by_role("button", name="Save").click()
        assert page.get_by_text("Your profile is saved.").is_visible()
        assert page.get_by_label("Agency").input_value() == "Politie Nederland"
        assert page.get_by_role("link", name="Change your password").is_visible()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
