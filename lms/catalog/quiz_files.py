"""Load the quiz files a course refers to: parsed, rendered and hashed, for the catalog."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..content.problems import Problem
from ..i18n import N_
from ..quizzes import spec
from ..quizzes.format import parse_quiz
from ..quizzes.render import RenderedQuiz, render_quiz
from ..text import NotUtf8, decode_utf8


@dataclass(frozen=True)
class QuizFile:
    course_slug: str
    slug: str
    spec: spec.Quiz
    html: RenderedQuiz
    source: str
    sha256: str
    path: str
    module_slug: str | None  # None for the final assessment

    @property
    def is_final(self) -> bool:
        return self.module_slug is None


def load_quiz_file(path: Path, shown_path: str, course_slug: str, slug: str, module_slug: str | None,
                   resolve_asset: Callable[[str], str | None],
                   prepare: Callable[[str], str] = lambda text: text) -> tuple[QuizFile | None, list[Problem]]:  # fmt: skip
    """`prepare` may rewrite the text before it is parsed (a translation's stamp line, which the
    quiz format does not know, becomes a comment)."""
    try:
        raw = path.read_bytes()
        source = decode_utf8(raw)
    except OSError as exc:
        return None, [Problem(shown_path, 1, N_("cannot be read: %(error)s", error=str(exc.strerror)))]
    except NotUtf8 as exc:
        return None, [Problem(shown_path, exc.line, N_("is not valid UTF-8 text; save the file as UTF-8"))]
    source = prepare(source)  # what is stored with an attempt and parsed again from there
    quiz, problems = parse_quiz(source, shown_path)
    if quiz is None:
        return None, problems
    rendered = render_quiz(quiz, resolve_asset)
    problems = [Problem(shown_path, line, message) for line, message in rendered.problems]
    if problems:
        return None, problems
    digest = hashlib.sha256(raw).hexdigest()
    return QuizFile(course_slug, slug, quiz, rendered, source, digest, shown_path, module_slug), []
