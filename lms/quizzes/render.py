"""Every Markdown field of a quiz rendered once to sanitised HTML (math included). Pure."""

from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass
from typing import overload

from ..content.render import AssetResolver, render
from . import spec
from .layout import Slot

_ONE_PARAGRAPH = re.compile(r"^<p>((?:(?!<p>).)*)</p>$", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class QuestionHtml:
    text: str
    choices: tuple[str, ...]
    choice_feedback: tuple[str | None, ...]
    feedback: str | None
    correct_feedback: str | None
    incorrect_feedback: str | None
    prompts: tuple[str, ...] = ()  # a matching question's prompts (HTML)
    options: tuple[str, ...] = ()  # its answers as plain text: a select's options hold no markup


@dataclass(frozen=True)
class RenderedQuiz:
    description: str | None
    items: tuple[object, ...]  # QuestionHtml | tuple[QuestionHtml, ...] (group) | (title, html) (text)
    problems: tuple[tuple[int, str], ...]  # (file line, message), e.g. a missing image

    def question(self, slot: Slot) -> QuestionHtml:
        item = self.items[slot.item]
        question = item[slot.member] if isinstance(item, tuple) and slot.member is not None else item
        assert isinstance(question, QuestionHtml)  # the slot is a question's (text slots go to `text`)
        return question

    def text(self, slot: Slot) -> tuple[str | None, str]:
        item = self.items[slot.item]
        assert isinstance(item, tuple)  # the slot is a text region's: (title, html)
        return item


def _plain(fragment: str) -> str:
    return " ".join(html_text.unescape(_TAG.sub("", fragment)).split())


def render_quiz(quiz: spec.Quiz, assets: AssetResolver) -> RenderedQuiz:
    problems: list[tuple[int, str]] = []

    @overload
    def html(markdown_text: str, line: int, inline: bool = False) -> str: ...
    @overload
    def html(markdown_text: str | None, line: int, inline: bool = False) -> str | None: ...
    def html(markdown_text: str | None, line: int, inline: bool = False) -> str | None:
        if markdown_text is None:
            return None
        result = render(markdown_text, assets, None, math=True)
        problems.extend((line + offset - 1, message) for offset, message in result.problems)
        out = result.html.strip()
        match = _ONE_PARAGRAPH.match(out) if inline else None
        return match.group(1) if match else out

    def question(q: spec.Question) -> QuestionHtml:
        return QuestionHtml(
            text=html(q.text, q.line),
            choices=tuple(html(c.text, q.line, inline=True) for c in q.choices),
            choice_feedback=tuple(html(c.feedback, q.line) for c in q.choices),
            feedback=html(q.feedback, q.line),
            correct_feedback=html(q.correct_feedback, q.line),
            incorrect_feedback=html(q.incorrect_feedback, q.line),
            prompts=tuple(html(p, q.line, inline=True) for p in q.prompts()),
            options=tuple(_plain(html(o, q.line, inline=True)) for o in q.options()),
        )

    items: list[object] = []
    for item in quiz.items:
        if isinstance(item, spec.Question):
            items.append(question(item))
        elif isinstance(item, spec.Group):
            items.append(tuple(question(q) for q in item.questions))
        else:
            items.append((item.title, html(item.text, item.line) or ""))
    return RenderedQuiz(html(quiz.description, 1), tuple(items), tuple(problems))
