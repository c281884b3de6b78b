"""Issue 18, point 3: Hebrew pages mirrored, with Latin values left to right, on a 390-pixel phone.

An officer whose browser asks for Hebrew (Accept-Language: he) and who has chosen no language of
their own reads the dashboard, a module, the lab explorer and a timed final assessment on the
real course. Every page is right to left and no wider than the phone; addresses, transaction ids,
amounts and explorer times read left to right, and so does the course's English content.
"""

import re

import pytest

from tests.browser.conftest import PHONE, REAL_CONTENT, assert_accessible, browser_page, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

COURSE = "crypto-crime-essentials"


@pytest.fixture
def app_overrides():
    return REAL_CONTENT


@pytest.fixture
def officer_before_the_final(worked_through):
    """An officer who has read and passed every module: the labs and the timed final are open."""
    return worked_through("Noa Levi")[0]


def sign_in_by_field_name(page, email: str) -> None:
    """The sign-in form's labels are in Hebrew here: fill its fields by name."""
    page.goto("/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)


def direction(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).direction")


def assert_mirrored(page, name: str) -> None:
    """Hebrew, right to left, and not one pixel wider than the phone."""
    root = page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    assert root == ["he", "rtl"], page.url
    assert direction(page.locator("body")) == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > PHONE["width"] - 40, "the brand starts the header, on the right"
    screenshot(page, f"rtl-{name}", full_page=False)


def test_hebrew_pages_mirror_and_keep_latin_values_left_to_right(browser, live_server, officer_before_the_final):
    with browser_page(browser, live_server, viewport=PHONE, locale="he-IL") as page:
        sign_in_by_field_name(page, officer_before_the_final.email)

        page.goto("/progress/")
        assert_mirrored(page, "dashboard")
        assert_accessible(page)
        bar = page.locator("progress").first.bounding_box()
        assert bar["x"] + bar["width"] > PHONE["width"] - 60  # the progress bar starts on the right
        assert direction(page.locator(".course-card p[dir=auto]").first) == "ltr"  # the English summary

        page.goto(f"/courses/{COURSE}/blockchain-fundamentals")
        assert_mirrored(page, "module")
        article = page.locator("article.prose")
        assert direction(article) == "ltr"  # English content in its own direction (dir="auto")
        assert direction(article.locator("code", has_text=re.compile(r"^bc1q$")).first) == "ltr"
        assert page.locator(".breadcrumb a").first.evaluate("a => getComputedStyle(a).unicodeBidi") == "isolate"

        page.goto(f"/courses/{COURSE}/labs/ransom-payment/")
        assert_mirrored(page, "explorer")
        page.locator("a.mono[href*='/tx/']").first.click()
        page.wait_for_url(re.compile(r"/tx/[0-9a-f]{64}"))
        assert_mirrored(page, "explorer-tx")
        txid = page.locator("p.mono").first
        assert re.fullmatch(r"[0-9a-f]{64}", txid.inner_text().strip())
        for value in (txid, page.locator("a.mono[href*='/address/']").first, page.locator(".amount").first,
                      page.locator("dd time").first):  # fmt: skip
            assert direction(value) == "ltr", value
        page.goto(f"/courses/{COURSE}/labs/ransom-payment/?q=bc1qnothere0")
        assert direction(page.locator(".alert-error bdi")) == "ltr"  # the typed search value

        page.goto(f"/quizzes/{COURSE}/final-assessment/")
        page.locator("form[action$='/start'] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        page.wait_for_function("() => /^\\d+:\\d\\d$/.test(document.getElementById('countdown').textContent)")
        assert_mirrored(page, "final-attempt")
        progress, timer = page.locator(".attempt-progress").bounding_box(), page.locator(".timer").bounding_box()
        assert timer["x"] < progress["x"], "progress on the right, the time left at the other end"
        assert direction(page.locator(".q-text").first) == "ltr"
        page.locator("fieldset.question").last.scroll_into_view_if_needed()
        assert page.locator("#attempt-bar").bounding_box()["y"] <= 1  # the bar stays at the top
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "rtl-final-attempt-scrolled", full_page=False)
