"""Check and render a pasted module or quiz file without saving anything. Pure.

A Moodle XML question file is converted to a native quiz first (lms/authoring/moodle_xml.py); the
check is then the native quiz's, with what the conversion could not carry beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..catalog.build import MODULE_FIELDS
from ..content import fields
from ..content.frontmatter import FrontMatterError, split
from ..content.problems import Problem
from ..content.render import render
from ..i18n import N_
from ..quizzes import spec
from ..quizzes.format import parse_quiz
from ..quizzes.render import RenderedQuiz, render_quiz
from ..quizzes.settings import SETTINGS_FIELDS
from .gift import Loss
from .moodle_xml import XmlRefused, moodle_to_native

NAME = "draft"
KINDS = ("quiz", "module")
MODULE_KEYS = {field.name for field in MODULE_FIELDS}
QUIZ_KEYS = {field.name for field in SETTINGS_FIELDS}
SETTING = re.compile(r"^([A-Za-z_]\w*)\s*:")
QUESTION = re.compile(r"^\d+\.\s+\S")
# What follows a quiz question at the start of a line: a choice, a box, a numerical answer,
# feedback, an essay or an upload. ('* ', '+ ' and '- ' are left out: Markdown lists use them.)
ANSWER = re.compile(r"^(\*?[a-zA-Z]\)\s|\[\*?\s?\]\s|=\s|\.\.\.\s|_{3,}\s*$|\^{3,}\s*$)")
HEADING = re.compile(r"^#{1,6}\s+\S")
LOOK_AHEAD = 4  # lines after a numbered line in which an answer marks it as a question


@dataclass(frozen=True)
class Recognised:
    """Which kind a draft was taken for, why, and the line that decided it (0: none did).

    `reason` is "setting" (a front-matter key, `clue`), "quiz_title", "question", "heading",
    "nothing" (prose only: a module), "moodle_xml" (a Moodle XML file, converted to a quiz) or
    "chosen" (the author picked the kind).
    """

    kind: str
    reason: str
    line: int = 0
    clue: str = ""


def _settings(lines: list[str]) -> list[tuple[int, str]]:
    """(line, key) of each top-level setting in a leading '---' block."""
    if not lines or lines[0].strip() != "---":
        return []
    found = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        match = SETTING.match(line)
        if match:
            found.append((number, match.group(1)))
    return found


def recognise(text: str) -> Recognised:
    """A module or a quiz, from the settings it starts with, then from its body.

    A module's settings (title, minutes, objectives) or a quiz's (pass_percent, max_attempts...)
    decide first; then a 'Quiz title:' line, or a numbered line with an answer line just under
    it; then a Markdown heading. Prose with none of these is taken for a module.
    """
    if looks_like_moodle_xml(text):
        return Recognised("quiz", "moodle_xml", 1)
    lines = text.splitlines()
    for number, key in _settings(lines):
        if key in MODULE_KEYS:
            return Recognised("module", "setting", number, key)
        if key in QUIZ_KEYS:
            return Recognised("quiz", "setting", number, key)
    for index, line in enumerate(lines):
        if line.startswith("Quiz title:"):
            return Recognised("quiz", "quiz_title", index + 1)
        if QUESTION.match(line):
            following = [ln for ln in lines[index + 1 : index + 1 + LOOK_AHEAD] if ln.strip()]
            if any(ANSWER.match(ln) for ln in following):
                return Recognised("quiz", "question", index + 1)
    for index, line in enumerate(lines):
        if HEADING.match(line):
            return Recognised("module", "heading", index + 1)
    return Recognised("module", "nothing")


def looks_like_moodle_xml(text: str) -> bool:
    """An XML declaration or a <quiz> element first: a Moodle XML question file."""
    head = text.lstrip("\ufeff \t\r\n")
    return head.startswith("<?xml") or head.startswith("<quiz")


@dataclass(frozen=True)
class Draft:
    problems: list[Problem]
    module_html: str | None = None
    quiz: spec.Quiz | None = None
    quiz_html: RenderedQuiz | None = None
    converted: str | None = None  # the native quiz a Moodle XML draft became; its problems' lines are in it
    losses: tuple[Loss, ...] = ()  # what the conversion could not carry, at lines of the XML


def no_images(name: str) -> None:
    return None  # a draft has no folder: images are checked once the file is saved beside its images


def check_module(text: str) -> Draft:
    try:
        doc = split(text)
    except FrontMatterError as exc:
        return Draft([Problem(NAME, exc.line, exc.message)])
    problems = []
    if not doc.has_front_matter:
        problems.append(Problem(NAME, 1, N_("has no front matter; start the file with a '---' block of settings")))
    _values, errors = fields.validate(doc.meta, MODULE_FIELDS)
    problems += [Problem(NAME, doc.key_lines.get(key, 1) if key else 1, message) for key, message in errors]
    rendered = render(doc.body, no_images, lambda target: "#")
    problems += [Problem(NAME, doc.body_line + line - 1, message) for line, message in rendered.problems
                 if "not found beside" not in message]  # fmt: skip
    return Draft(sorted(problems), module_html=rendered.html)


def check_quiz(text: str) -> Draft:
    quiz, problems = parse_quiz(text, NAME)
    if quiz is None:
        return Draft(problems)
    return Draft([], quiz=quiz, quiz_html=render_quiz(quiz, no_images))


def check_moodle_xml(text: str) -> Draft:
    """Convert a Moodle XML file, then check the native quiz; a file that cannot be read is one problem
    at its XML line. Images are not kept: a draft has no folder to put them in."""
    try:
        result = moodle_to_native(text)
    except XmlRefused as exc:
        return Draft([Problem(NAME, exc.line, exc.message)])
    return replace(check_quiz(result.native), converted=result.native, losses=tuple(result.losses))
