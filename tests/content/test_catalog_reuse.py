"""One parsed catalog per content folder: reused by every app and by the authoring page until a file changes."""

from __future__ import annotations

import shutil

import pytest

from lms import create_app
from lms.catalog import service as content
from tests.conftest import FIXTURES, base_overrides


@pytest.fixture
def folders(tmp_path):
    shutil.copytree(FIXTURES / "courses", tmp_path / "courses")
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    return tmp_path / "courses", tmp_path / "quizzes"


def test_two_apps_on_the_same_folders_share_one_build(app, database_url, monkeypatch):
    monkeypatch.setenv("LMS_ENV", "testing")
    other = create_app(base_overrides(database_url))
    assert other.extensions[content.EXTENSION_KEY] is app.extensions[content.EXTENSION_KEY]


def test_any_edit_even_of_the_same_size_gives_a_new_build(app, folders):
    courses, quizzes = folders
    first, problems = content.build_for_app(app, str(courses), str(quizzes))
    assert not problems
    assert content.build_for_app(app, str(courses), str(quizzes))[0] is first
    module = courses / "sample-course" / "01-first-steps.md"
    text = module.read_text(encoding="utf-8")
    edited = text.replace("paragraph about blocks", "paragraph about BLOCKS")
    assert len(edited) == len(text) and edited != text
    module.write_text(edited, encoding="utf-8")  # same size, same millisecond: the hash still sees it
    second, _ = content.build_for_app(app, str(courses), str(quizzes))
    assert second is not first and "paragraph about BLOCKS" in second.course("sample-course").modules[0].html
    (quizzes / "quiz-course" / "extra.md").write_text("added", encoding="utf-8")
    assert content.build_for_app(app, str(courses), str(quizzes))[0] is not second


def test_the_authoring_page_lists_a_problem_saved_after_start_up(app, client, login, make_user, folders):
    courses, quizzes = folders
    app.config.update(COURSES_DIR=str(courses), QUIZZES_DIR=str(quizzes))
    login(make_user("instructor"))
    assert "No problems" in client.get("/authoring/").get_data(as_text=True)
    course = courses / "sample-course" / "course.md"
    course.write_text(course.read_text(encoding="utf-8").replace("pass_percent: 80", "pass_percent: 180"), "utf-8")
    html = client.get("/authoring/").get_data(as_text=True)
    assert "course.md" in html and "pass_percent" in html


def test_the_authoring_page_parses_nothing_while_no_file_changed(app, client, login, make_user, monkeypatch):
    """Issue 15, point 14: the content health page reuses the build (about 8 ms on the real course, was 800)."""
    from lms.catalog import build

    builds = []
    real = build.build_catalog
    monkeypatch.setattr(content, "build_catalog", lambda *a, **k: builds.append(1) or real(*a, **k))
    login(make_user("instructor"))
    html = client.get("/authoring/").get_data(as_text=True)
    assert builds == [] and "No problems: the course files on disk are ready to publish." in html
    assert "flask lms" not in html  # no command syntax for instructors
