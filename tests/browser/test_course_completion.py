"""An officer finishes a whole (compressed) course in Chromium, on a desktop and on a phone.

Read the one module, pass its quiz, take the timed final with a reload in the middle (answers
and the server's countdown survive it), see the certificate on the dashboard, download the PDF
and verify its code publicly from a signed-out browser. axe-core checks every page reached.
"""

import re

import pytest

from tests.browser.conftest import (
    COMPRESSED,
    DESKTOP,
    PHONE,
    assert_accessible,
    browser_page,
    finish_attempt,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]


@pytest.fixture
def app_overrides():
    return {"COURSES_DIR": str(COMPRESSED / "courses"), "QUIZZES_DIR": str(COMPRESSED / "quizzes")}


def countdown_seconds(page) -> int:
    minutes, seconds = page.locator("#countdown").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def no_horizontal_overflow(page, viewport) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], (page.url, width)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_officer_finishes_the_course_and_verifies_the_certificate(browser, live_server, make_user, clock, device):
    viewport = PHONE if device == "phone" else DESKTOP
    officer = make_user(name="Amina Otieno")

    def look(page, name):
        assert_accessible(page)
        no_horizontal_overflow(page, viewport)
        screenshot(page, f"{device}-{name}")

    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, officer.email)
        look(page, "dashboard-start")
        page.get_by_role("link", name="Start: Seizing a wallet").click()
        assert page.get_by_role("heading", name="Seizing a wallet", level=1).is_visible()
        look(page, "module")
        page.get_by_role("button", name="Mark as read").click()
        page.get_by_role("link", name="Go to the quiz").click()
        look(page, "quiz-intro")
        page.get_by_role("button", name="Start the quiz").click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        page.get_by_label("The recovery phrase").check()
        page.get_by_label("Your answer (a number)").fill("24")
        look(page, "quiz-attempt")
        finish_attempt(page)
        page.wait_for_url(re.compile(r"/review$"))
        assert page.get_by_role("heading", name="Passed").is_visible()
        look(page, "quiz-review")

        page.goto("/progress/")
        assert page.get_by_text("Course grade so far").is_visible()
        assert page.get_by_text(re.compile(r"The final assessment carries \d+% of the course grade")).is_visible()
        look(page, "dashboard-half-way")
        page.get_by_role("link", name="Take the final assessment").click()
        assert "20 minutes" in page.content() or "20 min" in page.content()
        page.get_by_role("button", name="Start the quiz").click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        assert 19 * 60 <= countdown_seconds(page) <= 20 * 60
        page.get_by_label("Anyone who holds the phrase").check()
        page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()

        clock.advance(minutes=7)  # the server's time moves on while the officer is away
        page.reload()
        assert page.get_by_label("Anyone who holds the phrase").is_checked()
        assert 12 * 60 <= countdown_seconds(page) <= 13 * 60, "the countdown restarted on reload"
        look(page, "final-attempt-after-reload")
        page.get_by_label("Your answer", exact=True).fill("Exhibit log")
        finish_attempt(page)
        page.wait_for_url(re.compile(r"/review$"))
        assert page.get_by_role("heading", name="Passed").is_visible()
        # Issue 15, point 5: passing the final says the certificate is ready and links it.
        assert page.get_by_text("Your certificate is ready.").is_visible()
        assert page.get_by_role("link", name="Download your certificate (PDF)").is_visible()

        page.goto("/progress/")
        assert page.get_by_text("Course complete.").is_visible()
        look(page, "dashboard-complete")
        code = re.search(r"certificate ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", page.content()).group(1)
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download your certificate (PDF)").click()
        download = download_info.value
        assert download.suggested_filename == f"letp-certificate-{code}.pdf"
        with open(download.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"

    with browser_page(browser, live_server, viewport=viewport) as public:
        public.goto("/")
        public.wait_for_url(re.compile(r"/auth/login"))
        public.get_by_role("link", name="Verify a certificate").click()
        public.get_by_label("Certificate code").fill(code)
        public.get_by_role("button", name="Check").click()
        assert public.get_by_text("Valid.").is_visible()
        assert public.get_by_text("Amina Otieno").is_visible()
        look(public, "verify-valid")
        public.get_by_label("Certificate code").fill("AAAA-BBBB-CCCC")
        public.get_by_role("button", name="Check").click()
        assert public.get_by_text("No certificate has the code AAAA-BBBB-CCCC").is_visible()
