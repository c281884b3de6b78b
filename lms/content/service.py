"""Access to the app's catalog, built once at start-up."""

from __future__ import annotations

from flask import Flask, abort, current_app, url_for

from .catalog import Catalog, Course, Module, build_catalog
from .problems import ContentError, Problem

EXTENSION_KEY = "lms.catalog"


def build_for_app(app: Flask, courses_dir: str, quizzes_dir: str) -> tuple[Catalog, list[Problem]]:
    """Build a catalog whose URLs point at this app's routes."""
    with app.test_request_context():
        return build_catalog(
            courses_dir,
            quizzes_dir,
            asset_url=lambda course, name: url_for("content.asset", course=course, filename=name),
            module_url=lambda course, slug: url_for("content.module", course=course, module=slug),
            quiz_asset_url=lambda course, name: url_for("quizzes.asset", course=course, filename=name),
            glossary_url=lambda course: url_for("content.glossary", course=course),
        )


def install(app: Flask, strict: bool) -> None:
    """Load the catalog into `app`.

    With `strict`, any content problem stops start-up (ContentError). Otherwise (while the
    `flask` command line loads the app, so that `flask lms check` can report the problems)
    the problems are kept and every page answers 503 until they are fixed.
    """
    catalog, problems = build_for_app(app, app.config["COURSES_DIR"], app.config["QUIZZES_DIR"])
    if problems and strict:
        raise ContentError(problems)
    app.extensions[EXTENSION_KEY] = catalog
    app.extensions["lms.content_problems"] = problems


def catalog() -> Catalog:
    return current_app.extensions[EXTENSION_KEY]


def content_problems() -> list[Problem]:
    return current_app.extensions.get("lms.content_problems", [])


def course_or_404(slug: str) -> Course:
    course = catalog().course(slug)
    if course is None:
        abort(404)
    return course


def module_or_404(course: Course, slug: str) -> Module:
    module = course.module(slug)
    if module is None:
        abort(404)
    return module
