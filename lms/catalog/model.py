"""The catalog's immutable objects: courses, modules, pages, and the catalog that holds them.

Built once by `build.py` from the content files; shared by every request. Pure data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..content import ledger as ledgers
from ..content.render import TocEntry
from .quiz_files import QuizFile
from .translations import TranslationState


@dataclass(frozen=True)
class Module:
    course_slug: str
    slug: str
    number: int
    title: str
    minutes: int
    objectives: tuple[str, ...]
    quiz: str | None
    html: str
    toc: tuple[TocEntry, ...]
    reading_minutes: int
    path: str
    lab: str | None = None  # the slug of the case ledger this module's lab explores


@dataclass(frozen=True)
class Page:
    """A course page that is not a module: the glossary, a request template."""

    title: str
    summary: str | None
    html: str
    toc: tuple[TocEntry, ...]
    path: str
    slug: str = ""

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(e.anchor for e in self.toc)


@dataclass(frozen=True)
class Course:
    slug: str
    title: str
    summary: str
    pass_percent: int
    module_weight: int
    final_weight: int
    final_assessment: str | None
    sequential: bool
    html: str
    modules: tuple[Module, ...]
    path: str
    glossary: Page | None = None
    labs: Mapping[str, ledgers.Ledger] = field(default_factory=lambda: MappingProxyType({}))
    requests: tuple[Page, ...] = ()

    def request(self, slug: str) -> Page | None:
        return next((p for p in self.requests if p.slug == slug), None)

    def lab_module(self, lab: str) -> Module | None:
        return next((m for m in self.modules if m.lab == lab), None)

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.modules)

    def module(self, slug: str) -> Module | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def neighbours(self, slug: str) -> tuple[Module | None, Module | None]:
        index = next(i for i, m in enumerate(self.modules) if m.slug == slug)
        before = self.modules[index - 1] if index > 0 else None
        after = self.modules[index + 1] if index + 1 < len(self.modules) else None
        return before, after


@dataclass(frozen=True)
class Catalog:
    courses: Mapping[str, Course]
    assets: Mapping[tuple[str, str], str]  # (course slug, relative name) -> absolute path
    quizzes: Mapping[tuple[str, str], QuizFile] = field(default_factory=lambda: MappingProxyType({}))  # (course, quiz)
    quiz_assets: Mapping[tuple[str, str], str] = field(default_factory=lambda: MappingProxyType({}))
    # Translations (catalog/translations.py): (course, locale) -> the course as read in that
    # locale, each page translated or, where none is, the source's; (course, quiz, locale) -> quiz.
    localized: Mapping[tuple[str, str], Course] = field(default_factory=lambda: MappingProxyType({}))
    quiz_translations: Mapping[tuple[str, str, str], QuizFile] = field(default_factory=lambda: MappingProxyType({}))
    translations: tuple[TranslationState, ...] = ()

    def course(self, slug: str, locale: str | None = None) -> Course | None:
        """The course in `locale` where it has been translated (page by page), else as written."""
        if locale is not None and (slug, locale) in self.localized:
            return self.localized[(slug, locale)]
        return self.courses.get(slug)

    def quiz_in(self, course_slug: str, slug: str, locale: str | None) -> QuizFile | None:
        """The translation of a quiz in `locale`, if there is one."""
        return self.quiz_translations.get((course_slug, slug, locale or ""))

    def asset_path(self, course_slug: str, name: str) -> str | None:
        return self.assets.get((course_slug, name))

    def quiz(self, course_slug: str, slug: str) -> QuizFile | None:
        return self.quizzes.get((course_slug, slug))

    def quizzes_of(self, course_slug: str) -> dict[str, QuizFile]:
        return {slug: q for (course, slug), q in self.quizzes.items() if course == course_slug}
