"""Access to the app's catalog, built at start-up and rebuilt only when a content file changes.

Building parses and renders every module and quiz (most of the app's start-up time, and the
authoring page used to pay it on every visit). A catalog is immutable, so one build is shared by
every app of the process that reads the same folders with the same URL root, and kept while the
folders' fingerprint (each file's path, size and content hash) stays the same.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, current_app, has_request_context, request, url_for
from flask_babel import get_locale

from ..content.problems import ContentError, Problem
from ..quizzes.render import RenderedQuiz, render_quiz
from ..quizzes.service import spec_from_source
from .build import Catalog, Course, Module, build_catalog

EXTENSION_KEY = "lms.catalog"
KEPT_BUILDS = 8  # distinct (folders, URL root) pairs kept per process; tests use a few, production one
HASHED_BYTES = 256 * 1024
_builds: OrderedDict[tuple, tuple[tuple, Catalog, list[Problem]]] = OrderedDict()
_builds_lock = threading.Lock()


def fingerprint(*folders: str | Path) -> tuple:
    """What every file below `folders` is: its path and size, and the hash of its bytes (a file up to
    HASHED_BYTES: the Markdown and quiz text) or its modification time (a larger one: images).

    Any file added, removed, renamed or edited changes it. Text is hashed, not timed, because file
    times on Linux move in steps of a few milliseconds: a same-size edit right after a build (a
    script, a test) would otherwise go unseen. The real course hashes in about a millisecond.
    """
    entries = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else ():
            try:
                info = path.stat()
                if not path.is_file():
                    continue
                what = hashlib.blake2b(path.read_bytes()).digest() if info.st_size <= HASHED_BYTES else info.st_mtime_ns
            except OSError:  # removed while we looked: the next look sees the change
                continue
            entries.append((str(path), info.st_size, what))
    return tuple(entries)


def build_for_app(app: Flask, courses_dir: str, quizzes_dir: str) -> tuple[Catalog, list[Problem]]:
    """The catalog of these folders with URLs for this app's routes: reused while no file changed."""
    key = (str(Path(courses_dir).resolve()), str(Path(quizzes_dir).resolve()), app.config.get("APPLICATION_ROOT"))
    stamp = fingerprint(courses_dir, quizzes_dir)
    with _builds_lock:
        kept = _builds.get(key)
        if kept is not None and kept[0] == stamp:
            _builds.move_to_end(key)
            return kept[1], list(kept[2])
    catalog, problems = _build(app, courses_dir, quizzes_dir)
    with _builds_lock:
        _builds[key] = (stamp, catalog, list(problems))
        _builds.move_to_end(key)
        while len(_builds) > KEPT_BUILDS:
            _builds.popitem(last=False)
    return catalog, problems


def _build(app: Flask, courses_dir: str, quizzes_dir: str) -> tuple[Catalog, list[Problem]]:
    with app.test_request_context():
        return build_catalog(
            courses_dir,
            quizzes_dir,
            asset_url=lambda course, name: url_for("content.asset", course=course, filename=name),
            module_url=lambda course, slug: url_for("content.module", course=course, module=slug),
            quiz_asset_url=lambda course, name: url_for("quizzes.asset", course=course, filename=name),
            glossary_url=lambda course: url_for("content.glossary", course=course),
            request_url=lambda course, slug: url_for("content.request_template", course=course, slug=slug),
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


def content_locale() -> str | None:
    """The language the reader reads course content in: their interface language, unless the page
    was asked for in its original (`?original=1`, the link on every translated page)."""
    if not has_request_context() or request.args.get("original"):
        return None
    return str(get_locale())


def translation_state(path: str) -> str | None:
    """ "current", "stale" or "unstamped" for a translated page's file; None for a source file."""
    return next((s.state for s in catalog().translations if s.path == path), None)


def course_or_404(slug: str) -> Course:
    """The course as the reader reads it: translated page by page into their language where it is."""
    course = catalog().course(slug, content_locale())
    if course is None:
        abort(404)
    return course


def module_or_404(course: Course, slug: str) -> Module:
    module = course.module(slug)
    if module is None:
        abort(404)
    return module


@lru_cache(maxsize=64)
def _rendered_old_version(course_slug: str, sha256: str, source: str) -> RenderedQuiz:
    assets = catalog().quiz_assets

    def resolve(name: str) -> str | None:
        return url_for("quizzes.asset", course=course_slug, filename=name) if (course_slug, name) in assets else None

    return render_quiz(spec_from_source(source), resolve)


def rendered_version(entry, version) -> RenderedQuiz:
    """The HTML of a stored version of the quiz file `entry` (usually the current one, rendered at start)."""
    if version.sha256 == entry.sha256:
        return entry.html
    for (course, slug, _locale), translated in catalog().quiz_translations.items():
        if (course, slug, translated.sha256) == (entry.course_slug, entry.slug, version.sha256):
            return translated.html  # a translation as it is now (its own figures found)
    return _rendered_old_version(entry.course_slug, version.sha256, version.source)
