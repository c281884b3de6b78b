"""A quiz in the officer's language: shown and graded in it, recorded with it, and worth the same
as in the source (issue 19, point 4)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from lms.auth.models import User
from lms.catalog.build import build_catalog
from lms.extensions import db
from lms.quizzes import grading
from lms.quizzes.layout import build_layout
from lms.quizzes.models import Attempt
from tests.catalog.test_translated_pages import reader
from tests.catalog.test_translations import translate, urls
from tests.conftest import FIXTURES
from tests.quizzes.conftest import COURSE, attempt_page, label_value, post_form, started_attempt


def portuguese(text: str) -> str:
    for english, ours in [("What is Bitcoin's target time between blocks?", "Qual é o intervalo-alvo entre blocos?"),
                          ("Ten minutes", "Dez minutos"), ("One minute", "Um minuto"), ("Two weeks", "Duas semanas"),
                          ("Whole outputs are spent", "Saídas inteiras são gastas"),
                          ("Change returns to the sender", "O troco volta ao remetente"),
                          ("*   change output", "*   saída de troco"), ("*   change\n", "*   troco\n")]:  # fmt: skip
        text = text.replace(english, ours)
    return text.replace("a)  True", "a)  Verdadeiro").replace("*b)  False", "*b)  Falso")


@pytest.fixture
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(FIXTURES / "courses", root / "courses")
    shutil.copytree(FIXTURES / "quizzes", root / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    translate(root, f"quizzes/{COURSE}/basics-quiz.md", "pt_BR", portuguese)
    return root


@pytest.fixture
def app_overrides(tree):
    return {"COURSES_DIR": str(tree / "courses"), "QUIZZES_DIR": str(tree / "quizzes")}


def take(app, client, make_user, login, locale, words):
    officer = make_user()
    with app.app_context():
        db.session.get(User, officer.id).locale = locale
        db.session.commit()
    login(officer, target=client)
    attempt_id = started_attempt(client, "basics-quiz")
    html = attempt_page(client, "basics-quiz", attempt_id).get_data(as_text=True)
    answers = {0: label_value(html, 0, words["ten"]), 1: label_value(html, 1, words["false"]),
               2: [label_value(html, 2, words["whole"]), label_value(html, 2, words["change"])],
               3: "100000000", 4: words["short"]}  # fmt: skip
    post_form(client, "basics-quiz", attempt_id, answers, action="submit")
    review = client.get(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/review").get_data(as_text=True)
    with app.app_context():
        return db.session.get(Attempt, attempt_id), html, review


def test_the_same_answers_in_portuguese_and_english_score_the_same(app, client, make_user, login):
    ours, html, review = take(app, client, make_user, login, "pt_BR", {"ten": "Dez minutos", "false": "Falso",
                              "whole": "Saídas inteiras", "change": "O troco volta", "short": "saída de troco"})  # fmt: skip
    assert "Qual é o intervalo-alvo entre blocos?" in html and "Ten minutes" not in html
    assert "Dez minutos" in review
    assert (ours.locale, ours.state, ours.percent) == ("pt_BR", "graded", 100)
    assert ours.text_version_id is not None and ours.text_version_id != ours.version_id
    english, _html, _review = take(app, app.test_client(), make_user, login, None, {"ten": "Ten minutes", "false": "False",
                                   "whole": "Whole outputs", "change": "Change returns", "short": "change output"})  # fmt: skip
    assert (english.locale, english.text_version_id, english.percent) == (None, None, 100)
    assert english.version_id == ours.version_id  # one source version: statistics join the languages


def test_a_portuguese_word_is_not_accepted_in_the_english_quiz(app, client, make_user, login):
    english, _html, _review = take(app, client, make_user, login, None, {"ten": "Ten minutes", "false": "False",
                                   "whole": "Whole outputs", "change": "Change returns", "short": "saída de troco"})  # fmt: skip
    assert english.percent == 80  # four of five: the short answer is a word of the other language


def test_the_pure_grader_gives_equivalent_answers_the_same_score(tree):
    catalog, problems = build_catalog(tree / "courses", tree / "quizzes", **urls())
    assert problems == []
    source = catalog.quiz(COURSE, "basics-quiz").spec
    ours = catalog.quiz_in(COURSE, "basics-quiz", "pt_BR").spec
    layout = build_layout(source, seed=7)
    assert build_layout(ours, seed=7) == layout  # the same slots and choice orders
    chosen = {
        0: {"choice": 1},
        1: {"choice": 1},
        2: {"choices": [0, 1]},
        3: {"text": "100000000", "value": "100000000"},
    }
    english = grading.grade_attempt(source, layout, chosen | {4: {"text": "change"}}, {})
    theirs = grading.grade_attempt(ours, layout, chosen | {4: {"text": "troco"}}, {})
    assert (english.earned, english.possible) == (theirs.earned, theirs.possible) == (5, 5)
    assert json.dumps(str(theirs.percent)) == json.dumps(str(english.percent))


def test_item_statistics_split_by_language_and_flag_a_sharp_difference():
    from lms.authoring.stats import Response, compute

    languages = {n: ("en" if n < 6 else "pt_BR") for n in range(12)}
    # Item "0": everyone right in English, one in six in Portuguese; item "1": alike in both.
    responses = [Response(n, "0", 1.0 if n < 6 or n == 6 else 0.0, 1.0) for n in range(12)]
    responses += [Response(n, "1", 1.0 if n % 2 else 0.0, 1.0) for n in range(12)]
    totals = {n: (sum(r.score for r in responses if r.attempt == n), 2.0) for n in range(12)}
    stats = compute(responses, totals, ["0", "1"], languages)
    first, second = stats.items
    assert first.by_language == {"en": (6, 100.0), "pt_BR": (6, pytest.approx(100 / 6))}
    assert "differs by language" in first.flags and "differs by language" not in second.flags
    assert first.facility == pytest.approx(700 / 12)  # computed across languages too
    few = compute(responses[:7] + responses[12:19], {n: totals[n] for n in range(7)}, ["0", "1"], languages)
    assert "differs by language" not in few.items[0].flags  # one Portuguese answer is no evidence


def test_the_statistics_page_shows_the_split(app, client, make_user, login):
    take(app, client, make_user, login, "pt_BR", {"ten": "Dez minutos", "false": "Falso",
         "whole": "Saídas inteiras", "change": "O troco volta", "short": "troco"})  # fmt: skip
    take(app, app.test_client(), make_user, login, None, {"ten": "One minute", "false": "False",
         "whole": "Whole outputs", "change": "Change returns", "short": "change"})  # fmt: skip
    client = app.test_client()
    login(make_user(role="instructor"), target=client)
    page = client.get(f"/authoring/quizzes/{COURSE}/basics-quiz/statistics").get_data(as_text=True)
    assert "By language" in page and "Português" in page and "English" in page
    sheet = client.get(f"/authoring/quizzes/{COURSE}/basics-quiz/statistics?format=csv").get_data(as_text=True)
    assert sheet.splitlines()[0].endswith("facility_by_language") and "pt_BR:100" in sheet and "en:0" in sheet


def test_the_coordinators_export_shows_the_grade_and_the_attempt_language(app, client, make_user, login,
                                                                          make_cohort):  # fmt: skip
    import csv
    import io

    ours, _html, _review = take(app, client, make_user, login, "pt_BR", {"ten": "Dez minutos", "false": "Falso",
                                "whole": "Saídas inteiras", "change": "O troco volta", "short": "troco"})  # fmt: skip
    coordinator = make_user(role="coordinator")
    with app.app_context():
        officer = db.session.get(User, ours.user_id)
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    other = app.test_client()
    login(coordinator, target=other)
    rows = list(csv.DictReader(io.StringIO(other.get(f"/cohorts/{cohort}/export.csv").get_data(as_text=True))))
    assert [(r["basics_quiz_percent"], r["attempt_languages"]) for r in rows] == [("100.00", "pt_BR")]


def test_the_quiz_intro_is_in_the_readers_language_with_the_way_to_the_original(app, client, make_user, login):
    reader(app, make_user, login, "pt_BR")
    intro = client.get(f"/quizzes/{COURSE}/basics-quiz/").get_data(as_text=True)
    assert "This page is a translation." in intro or "Esta página é uma tradução." in intro
    original = client.get(f"/quizzes/{COURSE}/basics-quiz/?original=1").get_data(as_text=True)
    link = f'href="/quizzes/{COURSE}/basics-quiz/?original=1"'
    assert link in intro and link not in original and 'class="translation-note"' in original


def test_an_attempt_started_from_the_original_is_taken_in_the_original(app, client, make_user, login):
    reader(app, make_user, login, "pt_BR")
    intro = client.get(f"/quizzes/{COURSE}/basics-quiz/?original=1").get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+/start[^"]*)"', intro).group(1)
    assert action.endswith("?original=1")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', intro).group(1)
    client.post(action, data={"csrf_token": token})
    with app.app_context():
        attempt = db.session.scalars(db.select(Attempt)).one()
        assert (attempt.locale, attempt.text_version_id) == (None, None)


def test_a_regrade_grades_a_portuguese_attempt_by_the_current_portuguese_text(app, client, make_user, login):
    """The shape is checked on the source (a translated true/false reads as two choices), the grade
    comes from the current translation: a Portuguese short answer stays right."""
    from decimal import Decimal

    from lms.authoring import service as authoring
    from lms.catalog import service as content
    from lms.quizzes.models import QuizVersion

    ours, _html, _review = take(app, client, make_user, login, "pt_BR", {"ten": "Dez minutos", "false": "Falso",
                                "whole": "Saídas inteiras", "change": "O troco volta", "short": "troco"})  # fmt: skip
    with app.app_context():
        attempt = db.session.get(Attempt, ours.id)
        older = QuizVersion(course_slug=COURSE, quiz_slug="basics-quiz", sha256="0" * 64,
                            source=attempt.version.source.replace("Ten minutes", "Ten minutes, on average"))  # fmt: skip
        db.session.add(older)
        attempt.version, attempt.percent = older, Decimal("80.00")  # as graded by an older key
        db.session.commit()
        entry = content.catalog().quiz(COURSE, "basics-quiz")
        changes, skipped = authoring.plan_regrade(entry)
        assert skipped == [] and [(c.attempt.id, c.new_percent) for c in changes] == [(ours.id, Decimal("100.00"))]
        authoring.apply_regrade(entry, changes)
        db.session.commit()
        attempt = db.session.get(Attempt, ours.id)
        translated = content.catalog().quiz_in(COURSE, "basics-quiz", "pt_BR")
        assert attempt.percent == 100 and attempt.text_version.sha256 == translated.sha256
