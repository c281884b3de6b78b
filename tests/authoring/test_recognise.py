"""The draft checker tells a module from a quiz by its text (lms/authoring/drafts.recognise)."""

from pathlib import Path

import pytest

from lms.authoring.drafts import recognise

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted((ROOT / "quizzes").rglob("*.md")), ids=lambda p: p.name)
def test_every_quiz_of_the_course_is_taken_for_a_quiz(path):
    assert recognise(path.read_text(encoding="utf-8")).kind == "quiz"


@pytest.mark.parametrize("path", sorted((ROOT / "courses").rglob("*.md")), ids=lambda p: p.name)
def test_every_module_page_of_the_course_is_taken_for_a_module(path):
    assert recognise(path.read_text(encoding="utf-8")).kind == "module"


@pytest.mark.parametrize(
    ("text", "kind", "reason", "line", "clue"),
    [
        ("---\ntitle: Wallets\nminutes: 30\n---\nText", "module", "setting", 2, "title"),
        ("---\npass_percent: 80\n---\nQuiz title: Q\n", "quiz", "setting", 2, "pass_percent"),
        ("---\n# a comment\nmax_attempts: 2\n---\n", "quiz", "setting", 3, "max_attempts"),
        ("Quiz title: Seizure\n\n1.  Q?\n*a)  Yes\nb)  No\n", "quiz", "quiz_title", 1, ""),
        ("Intro.\n\n1.  What is a block?\n\n*a)  A batch\nb)  A coin\n", "quiz", "question", 3, ""),
        ("1.  How many?\n=   21000000\n", "quiz", "question", 1, ""),
        ("1.  Write about it.\n____\n", "quiz", "question", 1, ""),
        # A module's numbered steps with bullets or prose under them are not questions.
        ("## Steps\n\n1. Photograph the screen\n   - every page\n2. Seal the device\n", "module", "heading", 1, ""),
        ("1. Photograph the screen\n* every page\n+ and the cables\n", "module", "nothing", 0, ""),
        ("Plain prose with no headings.", "module", "nothing", 0, ""),
        ("", "module", "nothing", 0, ""),
        # A Moodle XML question file is converted to a quiz before it is checked.
        ('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n</quiz>\n', "quiz", "moodle_xml", 1, ""),
        ("\n  <quiz><question type='essay'/></quiz>", "quiz", "moodle_xml", 1, ""),
    ],
)
def test_the_clue_that_decides(text, kind, reason, line, clue):
    found = recognise(text)
    assert (found.kind, found.reason, found.line, found.clue) == (kind, reason, line, clue)
