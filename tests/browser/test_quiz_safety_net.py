"""The officer's safety net while answering (issue 15, points 1 to 4), in Chromium at desktop and phone width.

1. The timer of a timed quiz stays in view while answering, covers no question, and the last five
   minutes and the last minute are announced in a polite live region.
2. "Finish attempt…" leads to a summary that lists what is unanswered, links back, and submits.
3. Text in a number field is refused next to the field; the other answers are kept.
4. "N of M answered" and the save state sit at the top and follow the answers; long quizzes
   have a question navigator.
"""

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, browser_page, screenshot, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SHORT_DESKTOP = {"width": 1280, "height": 560}  # the fixture final is short: make the page scroll


def start(page, quiz: str) -> None:
    page.goto(f"/quizzes/quiz-course/{quiz}/")
    page.get_by_role("button", name=re.compile("Start")).click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_timer_stays_in_view_and_announces_the_last_minutes(browser, live_server, make_user, clock, device):
    officer = make_user()
    viewport = SHORT_DESKTOP if device == "desktop" else PHONE
    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, officer.email)
        start(page, "final")
        last = page.locator("fieldset.question").last
        last.scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")  # to the very bottom
        assert page.evaluate("window.scrollY") > 150, page.evaluate(
            "[document.documentElement.scrollHeight, window.innerHeight]"
        )
        timer, bar = box(page, "#countdown"), box(page, "#attempt-bar")
        assert timer is not None and timer["y"] >= 0 and timer["y"] + timer["height"] <= viewport["height"]
        assert bar["y"] <= 1, "the bar with the timer scrolled away"
        count = box(page, "#answered-count")
        assert abs(count["y"] + count["height"] - (timer["y"] + timer["height"])) < 12  # progress and time: one line
        assert bar["height"] < 0.11 * viewport["height"]  # the bar covers little of the question
        # Following a question link lands the question below the bar, not under it.
        page.goto(page.url + "#" + last.get_attribute("id"))
        page.wait_for_timeout(100)
        assert box(page, "#" + last.get_attribute("id"))["y"] >= box(page, "#attempt-bar")["height"] - 1
        assert page.locator("#timer-announce").inner_text() == ""  # 30 minutes left: nothing said
        screenshot(page, f"{device}-final-scrolled-timer", full_page=False)  # what the window shows
        assert_accessible(page)

        clock.advance(minutes=26)  # 4 minutes left
        page.reload()
        expect_text(page, "#timer-announce", "5 minutes left.")
        assert page.locator("#timer-announce").get_attribute("aria-live") == "polite"
        clock.advance(minutes=3, seconds=30)  # 30 seconds left
        page.reload()
        expect_text(page, "#timer-announce", "1 minute left.")


def expect_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => document.querySelector(s) && document.querySelector(s).textContent === t", arg=[selector, text]
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_finish_shows_the_summary_with_links_back_then_submits(browser, live_server, make_user, device):
    officer = make_user()
    with browser_page(browser, live_server, viewport=VIEWPORTS[device]) as page:
        sign_in(page, officer.email)
        start(page, "basics-quiz")
        page.get_by_label("Ten minutes").check()
        page.get_by_role("button", name="Finish attempt…").click()
        page.wait_for_url(re.compile(r"/summary$"))
        assert page.get_by_text("4 questions have no answer").is_visible()
        assert page.locator("tbody tr.row-open").count() == 4
        screenshot(page, f"{device}-attempt-summary")
        assert_accessible(page)
        page.get_by_role("link", name="Answer question 2").click()
        page.wait_for_url(re.compile(r"/attempts/\d+#question-1$"))
        page.get_by_label("False").check()
        page.get_by_role("button", name="Finish attempt…").click()
        page.wait_for_url(re.compile(r"/summary$"))
        assert page.locator("tbody tr.row-open").count() == 3
        page.get_by_role("button", name="Submit all and finish").click()
        page.wait_for_url(re.compile(r"/review$"))


def test_text_in_a_number_field_is_refused_beside_the_field(browser, live_server, make_user):
    officer = make_user()
    with browser_page(browser, live_server, viewport=PHONE) as page:
        sign_in(page, officer.email)
        start(page, "basics-quiz")
        page.get_by_label("Ten minutes").check()
        number = page.get_by_label("Your answer (a number)")
        assert number.get_attribute("inputmode") == "decimal"
        number.fill("about an hour")
        number.blur()
        error = page.locator("#q3-error")
        error.wait_for(state="visible")
        assert "Type a number here" in error.inner_text() and number.get_attribute("aria-invalid") == "true"
        # Without the script's help the server says the same, keeps the choice and the typed text.
        with page.expect_navigation():
            page.get_by_role("button", name="Finish attempt…").click()
        assert "One answer needs a number; the others are saved." in page.content()
        assert page.get_by_label("Ten minutes").is_checked() and number.input_value() == "about an hour"
        assert_accessible(page)
        number.fill("100,000,000")
        number.blur()
        expect_text(page, "#q3-error", "")
        assert number.get_attribute("aria-invalid") is None


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_progress_save_state_and_navigator_follow_the_answers(browser, live_server, make_user, device):
    officer = make_user()
    with browser_page(browser, live_server, viewport=VIEWPORTS[device]) as page:
        sign_in(page, officer.email)
        start(page, "basics-quiz")
        progress = page.locator(".attempt-progress")
        assert progress.inner_text() == "0 of 5 answered"
        assert "JavaScript" not in page.content()
        page.get_by_label("Ten minutes").check()
        expect_text(page, "#answered-count", "1")
        page.wait_for_function("() => document.getElementById('save-status').textContent.startsWith('Saved at')")
        status = box(page, "#save-status")
        assert status["y"] < 300, "the save state is near the top"
        nav = page.get_by_role("navigation", name="Questions")
        assert nav.get_by_role("link").count() == 5
        assert nav.get_by_role("link", name="1 answered").count() == 1
        nav.get_by_role("link", name="5 not answered").click()
        assert page.url.endswith("#question-4")
        page.get_by_label("Your answer", exact=True).fill("change")
        expect_text(page, "#answered-count", "2")
        page.wait_for_function("() => document.querySelector('input[name=revision]').value === '2'")
        page.reload()
        assert progress.inner_text() == "2 of 5 answered"
        assert_accessible(page)
