"""Keyboard-only use, visible focus, announced form errors and contrast, in Chromium.

The whole quiz is taken with Tab, arrow keys, typing and Enter: no mouse. Every element that
receives focus on the way must show a focus indicator (an outline or a box shadow).
"""

import re

import pytest

from tests.browser.conftest import COMPRESSED, assert_accessible, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    type: e.type || "",
    name: (e.getAttribute("aria-label") || e.labels?.[0]?.innerText || e.innerText || e.value || "").trim().slice(0, 60),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== "none",
  };
}"""


@pytest.fixture
def app_overrides():
    return {"COURSES_DIR": str(COMPRESSED / "courses"), "QUIZZES_DIR": str(COMPRESSED / "quizzes")}


def tab_to(page, matches, limit: int = 40) -> dict:
    """Press Tab until the focused element matches; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] != "body":
            assert focused["outline"] or focused["shadow"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError(f"nothing matching was reached in {limit} presses of Tab")


def follow(page) -> None:
    """Press Enter on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def named(text):
    return lambda f: text in f["name"]


def test_quiz_is_completed_with_the_keyboard_alone(page, make_user):
    officer = make_user()
    page.goto("/auth/login")
    tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.type(officer.email)
    tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type(PASSWORD)
    follow(page)
    assert page.url.endswith("/progress/")

    tab_to(page, named("Start: Seizing a wallet"))
    follow(page)
    assert page.url.endswith("/seizure")
    tab_to(page, named("Mark as read"))
    follow(page)
    tab_to(page, named("Go to the quiz"))
    follow(page)
    tab_to(page, named("Start the quiz"))
    follow(page)
    assert re.search(r"/attempts/\d+$", page.url)

    tab_to(page, lambda f: f["type"] == "radio")  # Tab enters the group; arrows choose within it
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("The recovery phrase").is_checked()
    tab_to(page, lambda f: f["tag"] == "input" and f["type"] == "text")
    page.keyboard.type("24")
    screenshot(page, "keyboard-attempt")
    tab_to(page, named("Finish attempt"))
    follow(page)
    assert page.url.endswith("/summary")
    tab_to(page, named("Submit all and finish"))
    follow(page)
    assert page.url.endswith("/review")
    assert page.get_by_role("heading", name="Passed").is_visible()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page):
    page.goto("/auth/login")
    first = tab_to(page, lambda f: True)
    assert first["name"] == "Skip to content"
    assert page.get_by_role("link", name="Skip to content").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_form_errors_are_announced_and_linked_to_their_fields(page, make_user):
    officer = make_user()
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/progress/$"))
    page.goto("/auth/password")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("password")
    page.get_by_label("Repeat the new password").fill("password")
    page.get_by_role("button", name="Change password").click()

    assert page.title().startswith("Error:")
    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), "summary not focused"
    field = page.get_by_label("New password", exact=True)
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    messages = [page.locator(f"#{i}").inner_text() for i in described]
    assert any(m for i, m in zip(described, messages, strict=True) if i.endswith("-error")), messages
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert_accessible(page)
    screenshot(page, "form-errors")

    page.goto("/auth/password")  # nothing was changed: the old password still signs in
    assert not page.get_by_role("alert").count()


def test_colour_contrast_is_checked_and_passes(page, make_user):
    from axe_playwright_python.sync_playwright import Axe

    page.goto("/auth/login")
    results = Axe().run(page, options={"runOnly": ["color-contrast"]}).response
    assert not results["violations"], results["violations"]
    assert results["passes"], "axe found no text to check: the contrast rule did not run"
