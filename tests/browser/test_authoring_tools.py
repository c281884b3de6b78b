"""Issue 15, point 15: the instructor's draft checker and item statistics in Chromium.

The checker recognises a module or a quiz from the text alone, numbers the lines beside the
text (and keeps numbering while the text is edited), takes a problem's "Line N" link to that
line, and names no other tool. The statistics number versions per quiz, letter the choices as
the file does, and open a question to its full text. Desktop and phone; axe on every page.
"""

import re

import pytest

from tests.browser.conftest import PHONE, assert_accessible, browser_page, screenshot, sign_in
from tests.quizzes.conftest import attempt_page, label_value, post_form, right_answers, started_attempt

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

MODULE = """---
title: Seizing a hardware wallet
minutes: 20
objectives:
  - Seize a hardware wallet without losing access to the funds.
---
## Before you touch it

1. Photograph the device where it lies.
2. Look for a written recovery phrase.
"""
QUIZ = """Quiz title: Seizure check

1.  What must be seized with a hardware wallet?
a)  The charging cable
b)  The box

2.  How many words are in a common recovery phrase?
=   24.0
"""


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_draft_checker_recognises_numbers_and_points_to_lines(browser, live_server, make_user, viewport):
    with browser_page(browser, live_server, **({"viewport": viewport} if viewport else {})) as page:
        sign_in(page, make_user("instructor").email)
        page.goto("/authoring/draft")
        assert page.get_by_label("recognised from its content").is_checked()  # nothing to choose first

        page.get_by_label("Text").fill(MODULE)
        page.get_by_role("button", name="Check").click()
        assert page.get_by_text("Checked as a module: line 2 has the module setting “title”.").is_visible()
        assert page.get_by_text("No problems found.").is_visible()

        page.get_by_label("Text").fill(QUIZ)
        page.get_by_role("button", name="Check").click()
        assert page.get_by_text("Checked as a quiz: line 1 gives the quiz title.").is_visible()
        problems = page.get_by_role("alert")
        text = problems.inner_text()
        assert "Line 3" in text and "Line 8" in text and "= 24.0 +- 0.01" in text
        assert not re.search(r"text2qti|Canvas|Moodle", text)  # problems in the quiz's own terms
        assert "text2qti" not in page.content()  # the page names Moodle XML, which it reads, only

        gutter = page.locator(".numbered-text .gutter")
        assert gutter.inner_text().split() == [str(n) for n in range(1, 10)]  # 8 lines and the empty last one
        first, eighth = (
            page.locator("#draft-text").evaluate("(el, n) => el.getBoundingClientRect().top", n) for n in (1, 8)
        )
        numbers = gutter.evaluate("el => el.getBoundingClientRect().top")
        assert abs(numbers - first) < 2 and first == eighth  # the gutter starts level with the text

        problems.get_by_role("link", name="Line 8").click()
        selected = page.evaluate(
            "() => { const t = document.getElementById('draft-text');"
            " return [document.activeElement === t, t.value.slice(t.selectionStart, t.selectionEnd)]; }"
        )
        assert selected == [True, "=   24.0"]
        screenshot(page, f"draft-checker-{'phone' if viewport else 'desktop'}")
        assert_accessible(page)

        page.keyboard.press("Control+End")
        page.keyboard.type("\n3.  A third question?\n*a)  Yes\nb)  No")
        lines = page.locator("#draft-text").evaluate("el => el.value.split('\\n').length")
        assert lines == 12 and gutter.inner_text().split()[-1] == "12"  # the numbers follow the edit


def take_basics(app, make_user, login, answers_for) -> None:
    officer = app.test_client()
    login(make_user(), target=officer)
    attempt_id = started_attempt(officer, "basics-quiz")
    html = attempt_page(officer, "basics-quiz", attempt_id).get_data(as_text=True)
    post_form(officer, "basics-quiz", attempt_id, answers_for(html), action="submit")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_item_statistics_number_versions_letter_choices_and_open_questions(
    app, browser, live_server, make_user, login, viewport
):
    take_basics(app, make_user, login, right_answers)
    take_basics(app, make_user, login, lambda html: {0: label_value(html, 0, "One minute")})
    with browser_page(browser, live_server, **({"viewport": viewport} if viewport else {})) as page:
        sign_in(page, make_user("instructor").email)
        page.goto("/authoring/quizzes/quiz-course/basics-quiz/statistics")
        version = page.get_by_label("Version")
        assert re.fullmatch(r"Version 1 of .+ \(latest\)", version.locator("option:checked").inner_text().strip())

        first = page.locator("table.item-stats tbody tr").first
        picked = [" ".join(li.split()) for li in first.locator("ul.picked li").all_text_contents()]
        assert picked == ["a) 1", "b) 1 ✓correct", "c) 0"]  # the tick is read out as "correct"
        question = first.locator("details")
        assert not question.locator(".choice-stats").is_visible()
        question.locator("summary").click()
        choices = question.locator(".choice-stats li")
        assert " ".join(choices.nth(1).inner_text().split()) == "b) Ten minutes picked 1 time · correct"
        assert " ".join(choices.nth(2).inner_text().split()) == "c) Two weeks picked 0 times"
        screenshot(page, f"item-statistics-{'phone' if viewport else 'desktop'}")
        assert_accessible(page)
