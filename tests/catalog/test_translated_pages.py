"""An officer reads the course in their language, page by page, with the way to the original (issue 19)."""

from __future__ import annotations

import shutil

import pytest

from lms.auth.models import User
from lms.extensions import db
from tests.catalog.test_translations import translate
from tests.conftest import FIXTURES

COURSE = "quiz-course"


@pytest.fixture
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(FIXTURES / "courses", root / "courses")
    shutil.copytree(FIXTURES / "quizzes", root / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    translate(root, f"courses/{COURSE}/01-basics.md", "pt_BR",
              lambda t: t.replace("title: Basics", "title: Noções básicas")
              .replace("Blocks come about every ten minutes.", "Um bloco sai a cada dez minutos, em média."))  # fmt: skip
    return root


@pytest.fixture
def app_overrides(tree):
    return {"COURSES_DIR": str(tree / "courses"), "QUIZZES_DIR": str(tree / "quizzes")}


def reader(app, make_user, login, locale):
    officer = make_user()
    with app.app_context():
        db.session.get(User, officer.id).locale = locale
        db.session.commit()
    login(officer)


def test_a_portuguese_reader_gets_the_translation_and_a_link_to_the_original(app, client, make_user, login):
    reader(app, make_user, login, "pt_BR")
    page = client.get(f"/courses/{COURSE}/basics").get_data(as_text=True)
    assert "Um bloco sai a cada dez minutos" in page and "<h1>Noções básicas</h1>" in page
    assert f'href="/courses/{COURSE}/basics?original=1"' in page
    original = client.get(f"/courses/{COURSE}/basics?original=1").get_data(as_text=True)
    assert "Blocks come about every ten minutes." in original and "Um bloco" not in original
    writing = client.get(f"/courses/{COURSE}/").get_data(as_text=True)
    assert "Noções básicas" in writing  # the course page lists the translated title


def test_other_readers_get_the_source(app, client, make_user, login):
    reader(app, make_user, login, "de")
    page = client.get(f"/courses/{COURSE}/basics").get_data(as_text=True)
    assert "Blocks come about every ten minutes." in page and "original=1" not in page


def test_a_stale_translation_is_shown_with_a_notice(app, client, make_user, login, tree):
    source = tree / "courses" / COURSE / "01-basics.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph in the source.\n", encoding="utf-8")
    from lms.catalog import service

    service.install(app, strict=True)  # as a restart after the edit would
    reader(app, make_user, login, "pt_BR")
    page = client.get(f"/courses/{COURSE}/basics").get_data(as_text=True)
    assert "Um bloco sai" in page and "translation-note alert" in page


def test_the_content_health_page_lists_translations_per_language(app, client, make_user, login, tree):
    source = tree / "courses" / COURSE / "01-basics.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    login(make_user(role="instructor"))
    page = client.get("/authoring/").get_data(as_text=True)
    assert "Translations" in page and "Português" in page
    assert "stale: the source changed since" in page and "missing: shown in the original" in page
