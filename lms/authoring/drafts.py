"""Check and render a pasted module or quiz file without saving anything. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.build import MODULE_FIELDS
from ..content import fields
from ..content.frontmatter import FrontMatterError, split
from ..content.problems import Problem
from ..content.render import render
from ..quizzes import spec
from ..quizzes.format import parse_quiz
from ..quizzes.render import RenderedQuiz, render_quiz

NAME = "draft"


@dataclass(frozen=True)
class Draft:
    problems: list[Problem]
    module_html: str | None = None
    quiz: spec.Quiz | None = None
    quiz_html: RenderedQuiz | None = None


def no_images(name: str) -> None:
    return None  # a draft has no folder: images are checked once the file is saved beside its images


def check_module(text: str) -> Draft:
    try:
        doc = split(text)
    except FrontMatterError as exc:
        return Draft([Problem(NAME, exc.line, exc.message)])
    problems = []
    if not doc.has_front_matter:
        problems.append(Problem(NAME, 1, "has no front matter; start the file with a '---' block of settings"))
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
