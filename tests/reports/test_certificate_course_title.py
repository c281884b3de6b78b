"""The certificate names the course in the officer's language and in English (issue 19, point 5)."""

from __future__ import annotations

import shutil

import pytest

from tests.catalog.test_translations import translate
from tests.conftest import FIXTURES
from tests.reports.test_certificate_scripts import officer_with_certificate, pdf_lines


@pytest.fixture
def app_overrides(tmp_path_factory):
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(FIXTURES / "courses", root / "courses")
    shutil.copytree(FIXTURES / "quizzes", root / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    translate(root, "courses/sample-course/course.md", "de",
              lambda t: t.replace("title: Sample Course", "title: Beispielkurs"))  # fmt: skip
    return {"COURSES_DIR": str(root / "courses"), "QUIZZES_DIR": str(root / "quizzes")}


def test_a_german_officers_certificate_names_the_course_in_german_and_english(app, client, make_user, login,
                                                                              update_user):  # fmt: skip
    officer_with_certificate(app, client, make_user, login, update_user, locale="de", timezone="Europe/Berlin")
    lines = pdf_lines(client.get("/reports/certificates/sample-course.pdf").get_data())
    assert "Beispielkurs" in lines and "Sample Course" in lines


def test_an_english_officers_certificate_names_it_once(app, client, make_user, login, update_user):
    officer_with_certificate(app, client, make_user, login, update_user)
    lines = pdf_lines(client.get("/reports/certificates/sample-course.pdf").get_data())
    assert lines.count("Sample Course") == 1 and "Beispielkurs" not in lines
