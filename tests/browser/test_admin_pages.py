"""Issue 15, point 16: the admin creates an account from the web and reads a readable audit log,
reached from the navigation, at desktop and phone width."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, browser_page, screenshot, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_admin_creates_an_account_and_reads_the_log(browser, live_server, make_user, device):
    viewport = PHONE if device == "phone" else DESKTOP
    admin = make_user("admin")
    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, admin.email)
        page.get_by_role("link", name="New account").click()
        page.get_by_label("E-mail").fill("lea@police.example")
        page.get_by_label("Full name").fill("Léa Dubois")
        page.get_by_label("Agency").fill("Police nationale")
        page.get_by_label("Country").fill("France")
        page.get_by_label("Role").select_option("instructor")
        assert_accessible(page)
        page.get_by_role("button", name="Create the account").click()
        assert page.get_by_role("heading", name="Set-password link").is_visible()
        assert "/auth/set-password/" in page.locator(".link-box").inner_text()

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
        assert page.get_by_role("heading", name="Audit log", level=1).is_visible()
        row = page.locator("tbody tr").filter(has_text="Account created").first
        assert "Léa Dubois (lea@police.example)" in row.inner_text()
        when = row.locator("td time").first
        box = when.bounding_box()
        line = float(when.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20"))
        assert box["height"] < 1.5 * line, "the date wraps onto a second line"
        screenshot(page, f"{device}-admin-audit-log")
        assert_accessible(page)

        page.goto(f"/admin/users/{admin.id}")
        checkbox, label = page.get_by_label("Active (may sign in)"), page.locator("label.check")
        assert abs(checkbox.bounding_box()["y"] - label.bounding_box()["y"]) < 12  # on the label's line
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
