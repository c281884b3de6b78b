"""Read a course's translations (catalog/translations.py explains the layout) into courses as each
language reads them, checking that each translation changes only text. Pure (no Flask)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.paths import display_path
from ..i18n import N_
from ..quizzes.equivalence import differences
from .model import Course, Module, Page
from .quiz_files import QuizFile, load_quiz_file
from .schema import COURSE_FIELDS, MODULE_FIELDS, PAGE_FIELDS
from .translations import LOCALES_DIR, TranslationState, locales_beside, overlay_path, state_of, without_stamp

if TYPE_CHECKING:
    from .build import _Loader


def localize(loader: _Loader, course_dir: Path, course: Course, links: dict[str, str],
             quizzes_dir: Path) -> tuple[dict[str, Course], dict[tuple[str, str, str], QuizFile], list[TranslationState]]:  # fmt: skip
    """The course in each language that has a `locales/<locale>/` folder (for its pages or its
    quizzes), its translated quizzes, and the state of every translation."""
    quiz_folder = quizzes_dir / course.slug
    locales = sorted(set(locales_beside(course_dir)) | set(locales_beside(quiz_folder)))
    courses: dict[str, Course] = {}
    quizzes: dict[tuple[str, str, str], QuizFile] = {}
    states: list[TranslationState] = []
    sources = [course_dir / "course.md", *(course_dir / _module_file(m) for m in course.modules)]
    sources += [course_dir / "glossary.md"] if course.glossary else []
    sources += [course_dir / "requests" / f"{page.slug}.md" for page in course.requests]
    own_quizzes = [q for (slug, _), q in loader.quizzes.items() if slug == course.slug]
    for locale in locales:
        for source in sources:
            target = overlay_path(source, course_dir, locale)
            states.append(
                TranslationState(locale, display_path(source), display_path(target), state_of(source, target))
            )
        for quiz in own_quizzes:
            source = quiz_folder / f"{quiz.slug}.md"
            target = overlay_path(source, quiz_folder, locale)
            states.append(
                TranslationState(locale, display_path(source), display_path(target), state_of(source, target))
            )
            translated = _quiz(loader, quiz, source, target, locale)
            if translated is not None:
                quizzes[(course.slug, quiz.slug, locale)] = translated
        courses[locale] = _course(loader, course_dir, course, links, locale)
    return courses, quizzes, states


def _module_file(module: Module) -> str:
    return f"{module.number:02d}-{module.slug}.md"


def _read(loader: _Loader, path: Path):
    doc = loader.read(path)
    if doc is not None:
        doc.meta.pop("translation_of", None)
    return doc


def _same(loader: _Loader, path: Path, doc, name: str, have: object, want: object) -> None:
    if have != want:
        loader.problem(path, doc.key_lines.get(name, 1),
                       N_("'%(name)s' is %(have)s where the source says %(want)s; only text may differ in a "
                          "translation", name=name, have=str(have), want=str(want)))  # fmt: skip


def _course(loader: _Loader, course_dir: Path, course: Course, links: dict[str, str], locale: str) -> Course:
    overlay = f"{LOCALES_DIR}/{locale}"
    modules = []
    for module in course.modules:
        path = overlay_path(course_dir / _module_file(module), course_dir, locale)
        doc = _read(loader, path) if path.is_file() else None
        values = loader.check_fields(path, doc, MODULE_FIELDS) if doc is not None else None
        if doc is None or values is None:
            modules.append(module)
            continue
        for name in ("minutes", "quiz", "lab"):
            _same(loader, path, doc, name, values[name], getattr(module, name))
        rendered = loader.render_body(path, doc, course_dir, course.slug, links, overlay)
        if module.lab and module.lab in course.labs:
            loader.check_lab_identifiers(path, doc, course.labs[module.lab], course.slug, None)
        modules.append(replace(module, title=values["title"], objectives=values["objectives"], html=rendered.html,
                               toc=rendered.toc, reading_minutes=rendered.reading_minutes, path=display_path(path)))  # fmt: skip

    def page(source: Page, path: Path) -> Page:
        doc = _read(loader, path) if path.is_file() else None
        values = loader.check_fields(path, doc, PAGE_FIELDS) if doc is not None else None
        if doc is None or values is None:
            return source
        rendered = loader.render_body(path, doc, course_dir, course.slug, links, overlay)
        return replace(source, title=values["title"], summary=values["summary"], html=rendered.html,
                       toc=rendered.toc, path=display_path(path))  # fmt: skip

    base = course_dir / LOCALES_DIR / locale
    glossary = page(course.glossary, base / "glossary.md") if course.glossary else None
    loader.check_glossary_links(course.slug, modules, glossary)
    requests = tuple(page(p, base / "requests" / f"{p.slug}.md") for p in course.requests)
    localized = replace(course, modules=tuple(modules), glossary=glossary, requests=requests)
    path = base / "course.md"
    doc = _read(loader, path) if path.is_file() else None
    values = loader.check_fields(path, doc, COURSE_FIELDS) if doc is not None else None
    if doc is None or values is None:
        return localized
    _same(loader, path, doc, "pass_percent", values["pass_percent"], course.pass_percent)
    _same(loader, path, doc, "final_assessment", values["final_assessment"], course.final_assessment)
    _same(loader, path, doc, "sequential", values["sequential"], course.sequential)
    weights = loader.check_weights(path, doc, values)
    if weights is not None:
        _same(loader, path, doc, "weights", weights, (course.module_weight, course.final_weight))
    rendered = loader.render_body(path, doc, course_dir, course.slug, links, overlay)
    return replace(localized, title=values["title"], summary=values["summary"], html=rendered.html,
                   path=display_path(path))  # fmt: skip


def _quiz(loader: _Loader, source: QuizFile, source_path: Path, path: Path, locale: str) -> QuizFile | None:
    """The translated quiz, if its file is there, valid, and the same quiz as its source."""
    if not path.is_file():
        return None
    shown = display_path(path)
    assets = loader.quiz_resolver(source.course_slug, f"{LOCALES_DIR}/{locale}")
    translated, problems = load_quiz_file(path, shown, source.course_slug, source.slug, source.module_slug, assets,
                                          prepare=without_stamp)  # fmt: skip
    if translated is None:
        loader.problems.extend(problems)
        return None
    found = differences(source.spec, translated.spec, shown, display_path(source_path))
    loader.problems.extend(found)
    return None if found else translated
