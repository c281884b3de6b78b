"""Access to the app's catalog, built at start-up and rebuilt only when a content file changes.

Building parses and renders every module and quiz (most of the app's start-up time, and the
authoring page used to pay it on every visit). A catalog is immutable, so one build is shared by
every app of the process that reads the same folders with the same URL root, and kept while the
folders' fingerprint (each file's path, size and content hash) stays the same. Across processes,
a build without problems is kept on disk (cache.py) and loaded by the next worker, command or
restart, as long as neither a content file nor the code has changed since.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path

from flask import Flask, abort, current_app, has_request_context, request, url_for
from flask_babel import get_locale

from ..content.problems import ContentError, Problem
from ..quizzes.render import RenderedQuiz, render_quiz
from ..quizzes.service import spec_from_source
from .build import Catalog, Course, Module, build_catalog
from .cache import DiskCache, fingerprint, stamp_of

EXTENSION_KEY = "lms.catalog"
KEPT_BUILDS = 8  # distinct (folders, URL root) pairs kept per process; tests use a few, production one
_builds: OrderedDict[tuple, tuple[tuple, Catalog, list[Problem]]] = OrderedDict()
_builds_lock = threading.Lock()


def build_for_app(app: Flask, courses_dir: str, quizzes_dir: str) -> tuple[Catalog, list[Problem]]:
    """The catalog of these folders with URLs for this app's routes: reused while no file changed,
    from this process's memory, else from the disk cache, else built (and then cached)."""
    folders = Path(courses_dir).resolve(), Path(quizzes_dir).resolve()  # `courses` and `/srv/letp/courses` alike
    where = (*map(str, folders), os.getcwd(), app.config.get("APPLICATION_ROOT"), app.config.get("SERVER_NAME"),
             app.config.get("PREFERRED_URL_SCHEME"))  # fmt: skip
    files = fingerprint(*folders)
    with _builds_lock:
        kept = _builds.get(where)
        if kept is not None and kept[0] == files:
            _builds.move_to_end(where)
            return kept[1], list(kept[2])
    disk = disk_cache(app, courses_dir, quizzes_dir)
    stamp = stamp_of(where, files)
    catalog = disk.load(where, stamp) if disk else None
    problems: list[Problem] = []
    if catalog is None:
        with disk.exclusive(where) if disk else nullcontext(False):
            catalog = disk.load(where, stamp) if disk else None  # built by the process we waited for
            if catalog is None:
                catalog, problems = _build(app, courses_dir, quizzes_dir)
                if fingerprint(*folders) != files:
                    return catalog, problems  # a file changed while we read: keep nothing built from a mix
                if disk and not problems:
                    disk.store(where, stamp, catalog)
    with _builds_lock:
        _builds[where] = (files, catalog, list(problems))
        _builds.move_to_end(where)
        while len(_builds) > KEPT_BUILDS:
            _builds.popitem(last=False)
    return catalog, problems


def cache_folder(app: Flask) -> Path:
    """LMS_CACHE_DIR, else `cache/` in the app's instance folder (owned by the app, never the content's)."""
    return Path(app.config.get("CACHE_DIR") or Path(app.instance_path) / "cache").resolve()


def disk_cache(app: Flask, courses_dir: str, quizzes_dir: str) -> DiskCache | None:
    """The disk cache for these folders; None when it is off (LMS_CATALOG_CACHE) or would sit inside them
    (each write would then change the fingerprint it is keyed by)."""
    if not app.config.get("CATALOG_CACHE"):
        return None
    folder = cache_folder(app)
    if any(folder.is_relative_to(Path(d).resolve()) for d in (courses_dir, quizzes_dir)):
        return None
    return DiskCache(folder, app.config["SECRET_KEY"])


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
    courses, quizzes = app.config["COURSES_DIR"], app.config["QUIZZES_DIR"]
    if app.config.get("CATALOG_CACHE") and disk_cache(app, courses, quizzes) is None:
        raise RuntimeError(f"LMS_CACHE_DIR ({cache_folder(app)}) is inside a content folder, where every cached "
                           "catalog would count as a content change; choose a folder outside LMS_COURSES_DIR and "
                           "LMS_QUIZZES_DIR (the default is instance/cache).")  # fmt: skip
    catalog, problems = build_for_app(app, courses, quizzes)
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
