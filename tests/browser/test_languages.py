"""An officer in each interface language walks the dashboard, a module, a quiz attempt and its
review in Chromium (issue 18, done when): no interface English is left, Hebrew reads right to
left, nothing overflows a 390 px phone, and axe finds no serious or critical violation.

What stays English is the course content (translated in a later issue) and proper names: the
regions that hold them are left out of the check (CONTENT below). "English left" means a piece
of an interface msgid that the language's catalog translates differently appears in the page's
own text: a string that escaped gettext at run time, or one shown before its catalog was loaded.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lms.auth.models import User
from lms.extensions import db
from lms.i18n import SERVED_LOCALES
from tests.browser.conftest import PHONE, assert_accessible, browser_page, screenshot, sign_in

ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lms" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|<[^>]+>")
# Content from the course files, the officer's own words and names, and the language menu (each
# language in its own name): everything else on these pages is interface.
CONTENT = ".prose, .choices, .review-choices li > span:not(.choice-mark), .typed, .toc, .module-list a, h1, " \
          "[translate=no], #language-switch, .who-name, title, script, style, .brand"  # fmt: skip

UI_TEXT = f"""() => {{
  const skip = new Set(document.querySelectorAll({CONTENT!r}));
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
    let el = node.parentElement, inside = false;
    for (; el; el = el.parentElement) if (skip.has(el)) {{ inside = true; break; }}
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!inside && text) out.push(text);
  }}
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]")) {{
    for (const name of ["aria-label", "title", "placeholder"]) {{
      const value = el.getAttribute(name);
      if (value && !skip.has(el)) out.push(value);
    }}
  }}
  return out;
}}"""


@cache
def english_patterns(locale: str) -> tuple[re.Pattern[str], ...]:
    """The msgids this catalog translates differently, as patterns over a page's text: each
    placeholder matches anything, the English around it must be there as it is."""
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    # A word the translations use themselves is no sign of English ("Module" is German too).
    vocabulary = {w for m in catalog if m.id for f in ([m.string] if isinstance(m.string, str) else m.string)
                  for w in re.findall(r"\w+", f or "")}  # fmt: skip
    patterns = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        string = message.string[0] if isinstance(message.string, tuple) else message.string
        pieces = [" ".join(p.split()) for p in PLACEHOLDER.split(msgid)]
        words = re.findall(r"[A-Za-z]+", " ".join(pieces))
        if string == msgid or not words or (len(words) == 1 and words[0] in vocabulary):
            continue  # the same in both languages, or no English to see
        body = r"\s*.+?\s*".join(_bounded(p.strip()) for p in pieces)
        if len(words) >= 3:  # a sentence: found inside any text
            patterns.append(re.compile(body))
        elif sum(map(len, words)) >= 4:  # a label or a word: only as the whole text
            patterns.append(re.compile(rf"^\W*{body}\W*$"))
    return tuple(patterns)


def _bounded(piece: str) -> str:
    """A literal piece that starts and ends on word boundaries ("Question" is not "Questionário")."""
    start = r"\b" if piece[:1].isalnum() else ""
    end = r"\b" if piece[-1:].isalnum() else ""
    return start + re.escape(piece) + end


def english_left(texts: list[str], locale: str) -> list[str]:
    patterns = english_patterns(locale)
    return [text for text in texts if any(p.search(text) for p in patterns)]


def check(page, locale: str, name: str) -> None:
    html_lang = page.evaluate("document.documentElement.lang")
    assert html_lang == locale.replace("_", "-"), (name, html_lang)
    direction = page.evaluate("document.documentElement.dir")
    assert direction == ("rtl" if locale == "he" else "ltr"), name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} overflows at 390 px"
    left = english_left(page.evaluate(UI_TEXT), locale)
    assert not left, f"{locale} {name}: English left: {left[:8]}"
    assert_accessible(page)
    screenshot(page, f"language-{locale}-{name}")


@pytest.mark.slow
@ON_SQLITE
@pytest.mark.parametrize("locale", [locale for locale in SERVED_LOCALES if locale != "en"])
def test_an_officer_works_in_their_language(browser, live_server, app, make_user, locale):
    officer = make_user()
    with app.app_context():
        db.session.get(User, officer.id).locale = locale
        db.session.commit()
    with browser_page(browser, live_server, viewport=PHONE) as page:
        sign_in(page, officer.email, check_accessibility=False)  # the sign-in page follows the browser
        page.goto("/progress/")
        check(page, locale, "dashboard")
        page.goto("/courses/quiz-course/basics")
        check(page, locale, "module")
        page.locator("form[action$='/read'] button[type=submit]").click()
        page.goto("/quizzes/quiz-course/basics-quiz/")
        check(page, locale, "quiz-intro")
        page.locator("form[action$='/start'] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        page.get_by_label("Ten minutes").check()
        page.locator("input[inputmode=decimal]").fill("100000000")
        page.locator("input[inputmode=decimal]").blur()
        page.locator("#save-status").wait_for()
        check(page, locale, "attempt")
        page.locator("#finish-button").click()
        page.wait_for_url(re.compile(r"/summary$"))
        check(page, locale, "summary")
        page.locator("#submit-button").click()
        page.wait_for_url(re.compile(r"/review$"))
        check(page, locale, "review")


def test_the_check_finds_english_left():
    """The detector itself: an interface phrase in English is found, content and names are not."""
    texts = ["Punkte 2 / 3", "Mark as read", "Module", "Your answer (a number)", "Ana Souza", "LETP", "2016"]
    assert english_left(texts, "de") == ["Mark as read", "Your answer (a number)"]
    assert english_left(["Frage 1 von 3", "Question 1 of 3"], "de") == ["Question 1 of 3"]
