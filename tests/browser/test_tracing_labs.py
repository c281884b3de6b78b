"""Issue 17, section 3: both tracing labs, end to end in Chromium, on the real course.

An officer who has finished modules 1 to 7 opens each lab, starts from the one transaction id in
the victim's statement, follows the funds hop by hop in the explorer (adding each hop to the
trace), sees the flow drawn, and finds on the explorer's pages every address the lab's quiz asks
for. The first quiz attempt answers wrongly (a Base58 address in the wrong case, amounts off, the
wrong decisions) and is marked wrong; after the cool-down the second attempt passes and the lab
is complete. axe-core checks every explorer page, at desktop and phone widths.
"""

import re
from decimal import Decimal

import pytest

from lms.content.addresses import looks_like_identifier
from lms.quizzes import spec
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    REAL_CONTENT,
    assert_accessible,
    browser_page,
    finish_attempt,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

COURSE = "crypto-crime-essentials"


@pytest.fixture
def app_overrides():
    return REAL_CONTENT


@pytest.fixture
def officer_past_module_seven(app, worked_through):
    """An officer who has read and passed modules 1 to 7, as the demo's officers do."""
    from lms.catalog.service import catalog

    user, course = worked_through("Dana Cohen", 7)
    labs = [m for m in course.modules if m.lab]
    with app.app_context():
        keys = {m.lab: catalog().quiz(COURSE, m.quiz).spec for m in labs}
    return user, labs, keys


def no_horizontal_overflow(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], page.url


def follow_the_money(page, module, quiz: spec.Quiz, viewport) -> None:
    """Start at the statement's transaction; add each transaction reached to the trace; check that
    every address the quiz asks for appears on a page of the explorer."""
    page.goto(f"/courses/{COURSE}")  # the course page, then the lab module as an officer opens it
    page.get_by_role("link", name=module.title).first.click()
    statement_txid = re.search(r"\b[0-9a-f]{64}\b", page.locator("article.prose").inner_text()).group(0)
    page.get_by_role("link", name="Open the lab explorer").click()
    assert_accessible(page)
    no_horizontal_overflow(page, viewport)
    page.get_by_label("Transaction id or address").fill(statement_txid.upper())
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(rf"/tx/{statement_txid}"))
    assert_accessible(page)
    no_horizontal_overflow(page, viewport)

    wanted = {c.text for q in quiz.questions() if q.type == spec.SHORT_ANSWER for c in q.choices[:1]}
    wanted = {w for w in wanted if looks_like_identifier(w)}
    explorer = f"/courses/{COURSE}/labs/{module.lab}"
    # Breadth-first, as an officer works: on a UTXO chain along each output's "spent in" link, on
    # an account chain through each address's list of transactions; bridges link their two sides.
    seen_text, visited, queue, trace = "", set(), [f"/tx/{statement_txid}"], ""
    checked_address_page = False
    while queue and len(visited) < 60:
        step = queue.pop(0)
        if step in visited:
            continue
        visited.add(step)
        page.goto(f"{explorer}{step}" + (f"?trace={trace}" if trace else ""))
        if step.startswith("/tx/"):
            page.get_by_role("link", name="Add to my trace").click()
            trace = page.url.split("trace=")[1]
        elif not checked_address_page:  # one address page per lab through axe and the width check
            assert_accessible(page)
            no_horizontal_overflow(page, viewport)
            checked_address_page = True
        seen_text += page.locator("main").inner_text()
        for link in page.locator("main a[href*='/tx/'], main a[href*='/address/']").all():
            target = "/" + link.get_attribute("href").split("?")[0].split(f"/labs/{module.lab}/")[1]
            if target not in visited:
                queue.append(target)
    missing = {w for w in wanted if w not in seen_text}
    assert not missing, f"answers the explorer never showed: {missing}"

    page.get_by_role("link", name="See the flow").first.click()
    page.wait_for_url(re.compile(r"/trace\?trace="))
    assert page.locator("svg.flow").is_visible()
    assert page.locator("ol.hops > li").count() >= 3
    assert_accessible(page)
    no_horizontal_overflow(page, viewport)


def typed_answer(text: str, right: bool) -> str:
    """What the officer types. Right: Bech32 in capitals and hex in lower case, which wallets accept;
    wrong: a Base58 address in the wrong case (it is then another string), or one character off."""
    if not looks_like_identifier(text):
        return text if right else "no idea"
    case_free = text.startswith(("bc1", "0x"))
    if right:
        return text.upper() if text.startswith("bc1") else text.lower() if case_free else text
    return text[:-1] + ("q" if text[-1] != "q" else "p") if case_free else text.swapcase()


def answer(page, quiz: spec.Quiz, right: bool) -> None:
    """Answer every question on the attempt page from the key, rightly or wrongly."""
    by_text = {re.sub(r"\W+", " ", q.text)[:60].strip(): q for q in quiz.questions()}
    for fieldset in page.locator("fieldset.question").all():
        shown = re.sub(r"\W+", " ", fieldset.inner_text())
        question = next(q for key, q in by_text.items() if key[:40] in shown)
        if question.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE, spec.MULTIPLE_ANSWERS):
            labels = fieldset.locator("label.choice")
            for index in range(labels.count()):
                label, box = labels.nth(index), labels.nth(index).locator("input")
                words = re.sub(r"\W+", " ", label.inner_text()).strip()
                choice = next(c for c in question.choices if re.sub(r"\W+", " ", c.text).strip() == words)
                if choice.correct == right and (question.type == spec.MULTIPLE_ANSWERS or not box.is_checked()):
                    box.check()
                    if question.type != spec.MULTIPLE_ANSWERS:
                        break
        elif question.type == spec.NUMERICAL:
            value = question.numerical.exact if question.numerical.exact is not None else question.numerical.min
            fieldset.locator("input").fill(str(value if right else value + Decimal(1000)))
        elif question.type == spec.SHORT_ANSWER:
            fieldset.locator("input").fill(typed_answer(question.choices[0].text, right))


def take_quiz(page, module, quiz: spec.Quiz, start: str, right: bool) -> None:
    """From the lab's page: start an attempt, answer every question, submit, land on the review."""
    page.goto(f"/courses/{COURSE}/{module.slug}")
    page.get_by_role("link", name="Go to the quiz").click()
    page.get_by_role("button", name=start).click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    answer(page, quiz, right=right)
    finish_attempt(page)
    page.wait_for_url(re.compile(r"/review$"))


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_both_labs_from_statement_to_request(browser, live_server, officer_past_module_seven, clock, device):
    viewport = PHONE if device == "phone" else DESKTOP
    user, labs, keys = officer_past_module_seven
    with browser_page(browser, live_server, viewport=viewport) as page:
        sign_in(page, user.email)
        for module in labs:
            quiz = keys[module.lab]
            follow_the_money(page, module, quiz, viewport)
            screenshot(page, f"{device}-lab-{module.lab}-trace")

            page.goto(f"/courses/{COURSE}/{module.slug}")
            page.get_by_role("button", name="Mark as read").click()
            take_quiz(page, module, quiz, "Start the quiz", right=False)
            assert page.get_by_role("heading", name="Not passed yet").is_visible()
            scores = page.locator(".q-points").all_inner_texts()
            assert scores and all(s.startswith("Score 0 /") for s in scores), scores

            clock.advance(minutes=11)  # past the ten-minute cool-down
            take_quiz(page, module, quiz, "Start attempt 2", right=True)
            assert page.get_by_role("heading", name="Passed").is_visible()
            assert_accessible(page)
            page.goto(f"/courses/{COURSE}/{module.slug}")
            assert page.get_by_text("You passed this module's quiz.").is_visible()
