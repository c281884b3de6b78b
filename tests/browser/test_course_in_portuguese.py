"""Issue 19, done when: an officer whose language is Brazilian Portuguese reads a module, takes its
quiz and the final assessment in Portuguese in Chromium, and the coordinator's export shows the
grade and the attempt language."""

from __future__ import annotations

import csv
import io
import re

import pytest

from lms.auth.models import User
from lms.extensions import db
from tests.browser.conftest import REAL_CONTENT, assert_accessible, browser_page, screenshot
from tests.browser.test_rtl import sign_in_by_field_name

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

COURSE = "crypto-crime-essentials"


@pytest.fixture
def app_overrides():
    return REAL_CONTENT


def test_a_brazilian_officer_reads_and_is_assessed_in_portuguese(app, browser, live_server, worked_through,
                                                                 make_user, make_cohort):  # fmt: skip
    officer, _course = worked_through("Ana Souza")
    with app.app_context():
        db.session.get(User, officer.id).locale = "pt_BR"
        db.session.commit()
    coordinator = make_user(role="coordinator")
    cohort = make_cohort(course=COURSE, coordinators=[coordinator], members=[officer])
    with browser_page(browser, live_server) as page:
        sign_in_by_field_name(page, officer.email)
        page.goto(f"/courses/{COURSE}/blockchain-fundamentals")
        assert page.get_by_role("heading", name="Fundamentos de blockchain", level=1).is_visible()
        assert page.get_by_role("link", name="Ler o original").is_visible()
        assert_accessible(page)

        page.goto(f"/quizzes/{COURSE}/blockchain-fundamentals-quiz/")
        assert page.get_by_role("heading", name="Questionário: fundamentos de blockchain").is_visible()
        page.locator("form[action$='/start'] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        assert "Verdadeiro" in page.content() or "Falso" in page.content()
        finish_in_portuguese(page)
        page.wait_for_url(re.compile(r"/review$"))
        assert page.get_by_role("link", name="Questionário: fundamentos de blockchain").first.is_visible()
        screenshot(page, "portuguese-module-quiz-review")

        page.goto(f"/quizzes/{COURSE}/final-assessment/")
        assert page.get_by_role("heading", name="Avaliação final").is_visible()
        page.locator("form[action$='/start'] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/attempts/\d+$"))
        assert_accessible(page)
        page.locator("input[type=radio]").first.check()
        finish_in_portuguese(page)
        page.wait_for_url(re.compile(r"/review$"))
        assert page.evaluate("document.documentElement.lang") == "pt-BR"
        screenshot(page, "portuguese-final-review")

    with browser_page(browser, live_server) as page:
        sign_in_by_field_name(page, coordinator.email)
        export = page.request.get(f"/cohorts/{cohort}/export.csv")
        rows = list(csv.DictReader(io.StringIO(export.text())))
        [row] = rows
        assert (
            row["attempt_languages"] == "en pt_BR"
        )  # the modules' quizzes earlier in English, these two in Portuguese
        assert row["final_assessment_percent"] != ""


def finish_in_portuguese(page) -> None:
    """The "Finish attempt…" and "Submit all and finish" buttons, by id: their labels are Portuguese."""
    page.locator("#finish-button").click()
    page.wait_for_url(re.compile(r"/summary$"))
    page.locator("#submit-button").click()
