"""Read `courses/` into an immutable catalog, collecting every problem as file:line: message.

A course is a folder `courses/<slug>/` with `course.md` and modules `NN-<slug>.md`; images
sit beside them. Module quizzes and final assessments live in `quizzes/<course>/<slug>.md`.
A module with `lab: <lab>` is a tracing lab over the case ledger `labs/<lab>/ledger.yaml`;
printable request templates are pages in `requests/<slug>.md`.
Nothing here knows about Flask or the database: URLs come in as callables. Problem messages
are lms.i18n.Messages: English on the command line, translated on the content health page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

from ..content import fields as F  # noqa: N812 - short name for the field schema
from ..content import ledger as ledgers
from ..content.addresses import looks_like_identifier
from ..content.frontmatter import FrontMatterError, split
from ..content.ledger_parse import parse as parse_ledger
from ..content.paths import display_path, preferring, resolver
from ..content.problems import ContentError, Problem
from ..content.render import Rendered, render
from ..i18n import N_
from ..text import NotUtf8, decode_utf8
from .localize import localize
from .model import Catalog, Course, Module, Page
from .quiz_files import QuizFile, load_quiz_file
from .schema import COURSE_FIELDS, MODULE_FIELDS, PAGE_FIELDS, course_weights
from .translations import TranslationState

MODULE_FILE = re.compile(r"^(\d{2})-(.+)\.md$")
MAX_FILE_BYTES = 1_000_000

GLOSSARY_FILE = "glossary.md"
LABS_DIR, LEDGER_FILE, REQUESTS_DIR = "labs", "ledger.yaml", "requests"
IDENTIFIER_IN_CODE = re.compile(r"`([0-9A-Za-z]{25,90})`")


class _Loader:
    def __init__(self, quizzes_dir: Path, asset_url: Callable[[str, str], str], module_url: Callable[[str, str], str],
                 quiz_asset_url: Callable[[str, str], str], glossary_url: Callable[[str], str],
                 request_url: Callable[[str, str], str]):  # fmt: skip
        self.quizzes_dir = quizzes_dir
        self.request_url = request_url
        self.asset_url = asset_url
        self.module_url = module_url
        self.quiz_asset_url = quiz_asset_url
        self.glossary_url = glossary_url
        self.problems: list[Problem] = []
        self.assets: dict[tuple[str, str], str] = {}
        self.quiz_assets: dict[tuple[str, str], str] = {}
        self.quizzes: dict[tuple[str, str], QuizFile] = {}
        self.localized: dict[tuple[str, str], Course] = {}
        self.quiz_translations: dict[tuple[str, str, str], QuizFile] = {}
        self.translation_states: list[TranslationState] = []

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, message))

    def read(self, path: Path):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                self.problem(path, 1, N_("file is larger than %(size)s bytes; split it into smaller modules",
                                         size=format(MAX_FILE_BYTES, ",")))  # fmt: skip
                return None
            raw = path.read_bytes()
        except OSError as exc:
            self.problem(path, 1, N_("cannot be read: %(error)s", error=str(exc.strerror)))
            return None
        try:
            text = decode_utf8(raw)
        except NotUtf8 as exc:
            self.problem(path, exc.line, N_("is not valid UTF-8 text; save the file as UTF-8"))
            return None
        try:
            doc = split(text)
        except FrontMatterError as exc:
            self.problem(path, exc.line, exc.message)
            return None
        if not doc.has_front_matter:
            self.problem(path, 1, N_("has no front matter; start the file with a '---' block of settings"))
            return None
        return doc

    def check_fields(self, path: Path, doc, fields: list[F.Field]) -> dict | None:
        values, errors = F.validate(doc.meta, fields)
        for key, message in errors:
            self.problem(path, doc.key_lines.get(key, 1) if key else 1, message)
        return None if errors else values

    def render_body(self, path: Path, doc, course_dir: Path, course_slug: str, modules: dict[str, str],
                    overlay: str | None = None) -> Rendered:  # fmt: skip
        """`overlay` is a translation's folder (locales/es): its own copy of a figure wins."""
        resolve_asset = preferring(resolver(course_dir, self.assets, course_slug, self.asset_url), course_dir, overlay)

        def resolve_link(target: str) -> str | None:
            name = posixpath.basename(target)
            folder = posixpath.basename(posixpath.dirname(target))
            if folder == REQUESTS_DIR and name.endswith(".md") and (course_dir / REQUESTS_DIR / name).is_file():
                return self.request_url(course_slug, name.removesuffix(".md"))
            if name == GLOSSARY_FILE and (course_dir / GLOSSARY_FILE).is_file():
                return self.glossary_url(course_slug)
            slug = modules.get(name)
            return self.module_url(course_slug, slug) if slug else None

        rendered = render(doc.body, resolve_asset, resolve_link)
        if not doc.body.strip():
            self.problem(path, doc.body_line, N_("has no text after the front matter"))
        for line, message in rendered.problems:
            self.problem(path, doc.body_line + line - 1, message)
        return rendered

    def quiz_resolver(self, course_slug: str, overlay: str | None = None) -> Callable[[str], str | None]:
        folder = self.quizzes_dir / course_slug
        return preferring(resolver(folder, self.quiz_assets, course_slug, self.quiz_asset_url), folder, overlay)

    def load_quiz(self, course_slug: str, quiz: str, module_slug: str | None) -> bool:
        """Parse and render quizzes/<course>/<quiz>.md into the catalog; False if it is missing."""
        folder = self.quizzes_dir / course_slug
        path = folder / f"{quiz}.md"
        if not path.is_file():
            return False
        assets = self.quiz_resolver(course_slug)
        loaded, problems = load_quiz_file(path, display_path(path), course_slug, quiz, module_slug, assets)
        self.problems.extend(problems)
        if loaded is not None:
            self.quizzes[(course_slug, quiz)] = loaded
        return True

    def load_course(self, course_dir: Path) -> Course | None:
        course_slug = course_dir.name
        course_file = course_dir / "course.md"
        if not F.SLUG.match(course_slug):
            self.problem(course_dir, 1, N_("course folder names must be slugs (lower-case letters, digits, hyphens)"))
            return None
        if not course_file.is_file():
            self.problem(
                course_dir, 1, N_("course folder has no course.md; add one with the course's title and summary")
            )
            return None
        module_files: dict[str, tuple[int, str, Path]] = {}
        numbers: dict[int, Path] = {}
        for path in sorted(course_dir.iterdir()):
            if path.name.startswith(".") or path.name in ("course.md", GLOSSARY_FILE) or path.suffix.lower() != ".md":
                continue
            match = MODULE_FILE.match(path.name)
            if not match or not F.SLUG.match(match.group(2)):
                self.problem(path, 1, N_("module files are named NN-<slug>.md, e.g. 01-blockchain-fundamentals.md"))
                continue
            number, slug = int(match.group(1)), match.group(2)
            if slug == "glossary":
                self.problem(
                    path,
                    1,
                    N_("'glossary' is reserved for the course glossary (glossary.md); choose another module slug"),
                )
                continue
            if number in numbers:
                self.problem(
                    path,
                    1,
                    N_(
                        "module number %(number)s is also used by %(file)s; number each module once",
                        number=format(number, "02d"),
                        file=numbers[number].name,
                    ),
                )
                continue
            if slug in {s for _, s, _ in module_files.values()}:
                self.problem(
                    path,
                    1,
                    N_("module slug '%(slug)s' is used twice; slugs are permanent and unique in a course", slug=slug),
                )
                continue
            numbers[number] = path
            module_files[path.name] = (number, slug, path)
        links = {name: slug for name, (_, slug, _) in module_files.items()}

        modules: list[Module] = []
        labs: dict[str, ledgers.Ledger] = {}
        quizzes_used: dict[str, Path] = {}
        for number, slug, path in module_files.values():
            doc = self.read(path)
            if doc is None:
                continue
            values = self.check_fields(path, doc, MODULE_FIELDS)
            rendered = self.render_body(path, doc, course_dir, course_slug, links)
            if values is None:
                continue
            quiz = values["quiz"]
            if quiz and quiz in quizzes_used:
                where = quizzes_used[quiz].name
                self.problem(
                    path,
                    doc.key_lines["quiz"],
                    N_(
                        "quiz '%(quiz)s' already belongs to %(file)s; give each module its own quiz",
                        quiz=quiz,
                        file=where,
                    ),
                )
            elif quiz and not self.load_quiz(course_slug, quiz, slug):
                expected = f"quizzes/{course_slug}/{quiz}.md"
                self.problem(path, doc.key_lines["quiz"],
                             N_("quiz '%(quiz)s' not found; expected the file %(file)s", quiz=quiz, file=expected))  # fmt: skip
            elif quiz:
                quizzes_used[quiz] = path
            lab = values["lab"]
            if lab and lab in labs:
                self.problem(path, doc.key_lines["lab"], N_("lab '%(lab)s' already belongs to another module", lab=lab))
            elif lab:
                ledger = self.load_ledger(course_dir, lab, path, doc.key_lines["lab"])
                if ledger is not None:
                    labs[lab] = ledger
                    self.check_lab_identifiers(path, doc, ledger, course_slug, quiz)
            modules.append(Module(course_slug, slug, number, values["title"], values["minutes"], values["objectives"],
                                  quiz, rendered.html, rendered.toc, rendered.reading_minutes, display_path(path),
                                  lab))  # fmt: skip
        if not module_files:
            self.problem(course_file, 1, N_("the course has no modules; add files named 01-<slug>.md beside course.md"))
        glossary = self.load_glossary(course_dir, course_slug, links)
        self.check_glossary_links(course_slug, modules, glossary)
        requests = self.load_requests(course_dir, course_slug, links)

        doc = self.read(course_file)
        if doc is None:
            return None
        values = self.check_fields(course_file, doc, COURSE_FIELDS)
        rendered = self.render_body(course_file, doc, course_dir, course_slug, links)
        if values is None:
            return None
        weights = self.check_weights(course_file, doc, values)
        final = values["final_assessment"]
        line = doc.key_lines.get("final_assessment", 1)
        if final and final in quizzes_used:
            self.problem(course_file, line, N_("final assessment '%(quiz)s' is also the quiz of %(file)s",
                                               quiz=final, file=quizzes_used[final].name))  # fmt: skip
        elif final and not self.load_quiz(course_slug, final, None):
            expected = f"quizzes/{course_slug}/{final}.md"
            self.problem(course_file, line, N_("final assessment '%(quiz)s' not found; expected the file %(file)s",
                                               quiz=final, file=expected))  # fmt: skip
        if weights is None:
            return None
        course = Course(course_slug, values["title"], values["summary"], values["pass_percent"], weights[0],
                        weights[1], final, values["sequential"], rendered.html,
                        tuple(sorted(modules, key=lambda m: m.number)), display_path(course_file), glossary,
                        MappingProxyType(labs), requests)  # fmt: skip
        localized, quizzes, states = localize(self, course_dir, course, links, self.quizzes_dir)
        self.localized.update({(course_slug, locale): c for locale, c in localized.items()})
        self.quiz_translations.update(quizzes)
        self.translation_states.extend(states)
        return course

    def load_ledger(self, course_dir: Path, lab: str, module_path: Path, line: int) -> ledgers.Ledger | None:
        path = course_dir / LABS_DIR / lab / LEDGER_FILE
        if not path.is_file():
            shown = f"courses/{course_dir.name}/{LABS_DIR}/{lab}/{LEDGER_FILE}"
            self.problem(
                module_path, line, N_("lab '%(lab)s' not found; expected the case ledger %(file)s", lab=lab, file=shown)
            )
            return None
        try:
            text = decode_utf8(path.read_bytes())
        except (OSError, NotUtf8):
            self.problem(path, 1, N_("cannot be read as UTF-8 text; save the ledger as UTF-8"))
            return None
        ledger, problems = parse_ledger(text)
        for problem_line, message in problems:
            self.problem(path, problem_line, message)
        return ledger

    def check_lab_identifiers(
        self, path: Path, doc, ledger: ledgers.Ledger, course_slug: str, quiz: str | None
    ) -> None:
        """Every address or transaction id the lab's text quotes, and every one its quiz accepts as
        an answer, must be in the ledger: an officer cannot find what is not there."""
        for match in IDENTIFIER_IN_CODE.finditer(doc.body):
            if looks_like_identifier(match.group(1)) and not ledger.has_identifier(match.group(1)):
                line = doc.body_line + doc.body.count("\n", 0, match.start())
                self.problem(
                    path,
                    line,
                    N_("'%(identifier)s' is in no transaction of the lab's ledger", identifier=match.group(1)),
                )
        quiz_file = self.quizzes.get((course_slug, quiz)) if quiz else None
        if quiz_file is None:
            return
        for question in quiz_file.spec.questions():
            if question.type != "short_answer_question":
                continue
            for choice in question.choices:
                if looks_like_identifier(choice.text) and not ledger.has_identifier(choice.text):
                    self.problem(Path(quiz_file.path), question.line,
                                 N_("the accepted answer '%(answer)s' is in no transaction of the lab's ledger",
                                    answer=choice.text))  # fmt: skip

    def load_requests(self, course_dir: Path, course_slug: str, links: dict[str, str]) -> tuple[Page, ...]:
        folder = course_dir / REQUESTS_DIR
        pages = []
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            if not F.SLUG.match(path.stem):
                self.problem(path, 1, N_("request template files are named <slug>.md, e.g. preservation.md"))
                continue
            doc = self.read(path)
            if doc is None:
                continue
            values = self.check_fields(path, doc, PAGE_FIELDS)
            rendered = self.render_body(path, doc, course_dir, course_slug, links)
            if values is not None:
                pages.append(Page(values["title"], values["summary"], rendered.html, rendered.toc, display_path(path),
                                  path.stem))  # fmt: skip
        return tuple(pages)

    def load_glossary(self, course_dir: Path, course_slug: str, links: dict[str, str]) -> Page | None:
        path = course_dir / GLOSSARY_FILE
        if not path.is_file():
            return None
        doc = self.read(path)
        if doc is None:
            return None
        values = self.check_fields(path, doc, PAGE_FIELDS)
        rendered = self.render_body(path, doc, course_dir, course_slug, links)
        return (
            None
            if values is None
            else Page(values["title"], values["summary"], rendered.html, rendered.toc, display_path(path))
        )

    def check_glossary_links(self, course_slug: str, modules: list[Module], glossary: Page | None) -> None:
        """Every `glossary.md#term` link must name a term (a heading) of the glossary."""
        if glossary is None:
            return
        pattern = re.compile(re.escape(f'href="{self.glossary_url(course_slug)}#') + r'([^"]+)"')
        for module in modules:
            for anchor in sorted(set(pattern.findall(module.html)) - glossary.anchors):
                source = Path(module.path).read_text(encoding="utf-8")
                index = source.find(f"{GLOSSARY_FILE}#{anchor}")
                line = source.count("\n", 0, max(index, 0)) + 1
                self.problem(
                    Path(module.path),
                    line,
                    N_(
                        "the glossary has no term with the anchor '#%(anchor)s'; check the spelling or add the term",
                        anchor=anchor,
                    ),
                )

    def check_weights(self, path: Path, doc, values: dict) -> tuple[int, int] | None:
        found, problem = course_weights(values["weights"], bool(values["final_assessment"]))
        if problem is not None:
            self.problem(path, doc.key_lines.get("weights", 1), problem)
        return found


def build_catalog(courses_dir: str | Path, quizzes_dir: str | Path, asset_url: Callable[[str, str], str],
                  module_url: Callable[[str, str], str], quiz_asset_url: Callable[[str, str], str] | None = None,
                  glossary_url: Callable[[str], str] | None = None,
                  request_url: Callable[[str, str], str] | None = None) -> tuple[Catalog, list[Problem]]:  # fmt: skip
    """Load every course below `courses_dir` and the quizzes it names; return all problems found."""
    root = Path(courses_dir)
    loader = _Loader(Path(quizzes_dir), asset_url, module_url, quiz_asset_url or asset_url,
                     glossary_url or (lambda course: module_url(course, "glossary")),
                     request_url or (lambda course, slug: module_url(course, f"requests/{slug}")))  # fmt: skip
    courses: dict[str, Course] = {}
    if not root.is_dir():
        loader.problem(
            root, 1, N_("the courses folder does not exist; set LMS_COURSES_DIR to the folder holding your courses")
        )
    else:
        folders = [p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")]
        if not folders:
            loader.problem(root, 1, N_("no course found; add a folder <course>/course.md"))
        for folder in folders:
            course = loader.load_course(folder)
            if course is not None:
                courses[course.slug] = course
    catalog = Catalog(MappingProxyType(courses), MappingProxyType(dict(loader.assets)),
                      MappingProxyType(dict(loader.quizzes)), MappingProxyType(dict(loader.quiz_assets)),
                      MappingProxyType(dict(loader.localized)), MappingProxyType(dict(loader.quiz_translations)),
                      tuple(sorted(loader.translation_states)))  # fmt: skip
    return catalog, sorted(set(loader.problems))


def load_catalog(*args, **kwargs) -> Catalog:
    """Like build_catalog, but raise ContentError listing every problem if there are any."""
    catalog, problems = build_catalog(*args, **kwargs)
    if problems:
        raise ContentError(problems)
    return catalog
