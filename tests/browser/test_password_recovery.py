"""Issue 16: an officer who forgot a password gets back in alone, in Chromium, through a message
that a real SMTP server on 127.0.0.1 received. The message goes out the way it does in
production: the request queues it and wakes a sender after its response."""

import re
import time

import pytest

from tests.browser.conftest import PHONE, assert_accessible, browser_page, screenshot, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

NEW_PASSWORD = "quarry-meadow-tulip-58"


def wait_for_mail(inbox, address: str, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = inbox.to(address)
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address} within {seconds} s")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_an_officer_resets_a_forgotten_password_from_the_mail(app, browser, live_server, make_user, smtp_server,
                                                              viewport):  # fmt: skip
    app.config.update(MAIL_URL=smtp_server.url, MAIL_SEND_AFTER_REQUEST=True)
    officer = make_user(email="noa@police.example", name="Noa Levi")
    with browser_page(browser, live_server, **({"viewport": viewport} if viewport else {})) as page:
        page.goto("/auth/login")
        page.get_by_role("link", name="Forgot your password?").click()
        assert_accessible(page)
        page.get_by_label("E-mail").fill(officer.email)
        page.get_by_role("button", name="Send the link").click()
        assert page.get_by_role("heading", name="Check your e-mail").is_visible()
        assert_accessible(page)

        received = wait_for_mail(smtp_server.inbox, officer.email)
        link = re.search(r"http://127\.0\.0\.1:\d+/auth/reset/\S+", received.part("plain")).group(0)
        page.goto(link)
        assert page.get_by_role("heading", name="Set a new password").is_visible()
        page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
        screenshot(page, f"password-reset-{'phone' if viewport else 'desktop'}")
        assert_accessible(page)
        page.get_by_role("button", name="Save the new password").click()
        assert page.get_by_text("Your password is changed").is_visible()
        assert page.get_by_label("E-mail").input_value() == officer.email
        sign_in(page, officer.email, password=NEW_PASSWORD, check_accessibility=False)
        assert "/auth/login" not in page.url

        page.goto(link)  # the link worked once
        assert page.get_by_role("heading", name="This link cannot be used").is_visible()
