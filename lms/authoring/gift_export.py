"""A quiz spec as Moodle GIFT text; whatever GIFT cannot hold is listed as a Loss. Pure.

Text fields are written as `[markdown]` with GIFT's control characters escaped; blank lines
inside a field become `\\n` (a blank line would end the GIFT question). Groups are flattened,
points and LETP settings have no GIFT form. A matching question is GIFT's `=prompt -> answer`
(`= -> answer` for an answer that matches no prompt); an ordering question has no GIFT form
(Moodle's ordering type is a plugin that GIFT does not reach), so it is skipped with a Loss that
lists its items. `gift_to_native` reads the result back.
"""

from __future__ import annotations

import html
import re
from dataclasses import fields
from decimal import Decimal

from lms.content.math import MATH
from lms.content.render import render
from lms.quizzes import spec

from .gift import Loss

_SPECIAL = re.compile(r"([\\~=#{}:])")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_LOOKS_TRUE = ("true", "True")
_TAG = re.compile(r"<[^>]*>")


def quiz_to_gift(quiz: spec.Quiz) -> tuple[str, list[Loss]]:
    """The quiz as GIFT text (title in a `// title:` comment) and every loss, in file order."""
    writer = _Writer(quiz.settings.multiple_answers_scoring)
    writer.quiz_losses(quiz)
    for item in quiz.items:
        if isinstance(item, spec.Group):
            writer.loss(
                f"group of {len(item.questions)}",
                item.line,
                f"GIFT has no question groups (each attempt draws {item.pick}, {spec.number(item.points_per_question)}"
                f" points each); all {len(item.questions)} questions are written one after another",
            )
            for question in item.questions:
                writer.question(question)
        elif isinstance(item, spec.Question):
            writer.question(item)
        else:
            writer.description(item)
    head = f"// title: {_one_line(quiz.title)}\n"
    return head + "\n" + "\n\n".join(writer.out) + "\n", writer.losses


def option_text(markdown: str) -> str:
    """An answer of a matching question as the plain text that LETP shows in a select (Moodle and
    Canvas show these answers as plain text too)."""
    rendered = render(markdown, lambda _name: None, None, math=True).html
    return _one_line(html.unescape(_TAG.sub("", rendered)))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def _weight(share: Decimal) -> str:
    """A Moodle weight with five decimals at most (Moodle matches 33.33333 to a third)."""
    return _plain(share.quantize(Decimal("0.00001")))


class _Writer:
    def __init__(self, scoring: str) -> None:
        self.scoring = scoring  # the quiz's multiple_answers_scoring
        self.out: list[str] = []
        self.losses: list[Loss] = []

    def loss(self, title: str, line: int, message: str) -> None:
        self.losses.append(Loss(title, line, message))

    def quiz_losses(self, quiz: spec.Quiz) -> None:
        if quiz.description:
            self.loss(quiz.title, 1, "the quiz description has no GIFT form; dropped")
        for name, value in (("settings", quiz.settings), ("options", quiz.options)):
            defaults = type(value)()
            changed = [f.name if isinstance(getattr(value, f.name), tuple) else f"{f.name}: {getattr(value, f.name)}"
                       for f in fields(value) if getattr(value, f.name) != getattr(defaults, f.name)]  # fmt: skip
            if changed:
                listed = "; ".join(changed)
                self.loss(quiz.title, 1, f"GIFT carries no quiz {name}; set them again in Moodle: {listed}")

    def text(self, text: str, name: str, line: int) -> str:
        """A Markdown field as escaped GIFT text; reports what Moodle will read differently."""
        if MATH.search(text):
            self.loss(name, line, "TeX math '$…$' is kept as written; Moodle's filters expect '\\(…\\)' or '$$…$$'")
        for image in _IMAGE.findall(text):
            self.loss(name, line, f"the image '{image}' is not carried by GIFT; upload it to Moodle and relink it")
        lines = [part if part.strip() else "" for part in _SPECIAL.sub(r"\\\1", text).split("\n")]
        if any(part.lstrip().startswith("//") for part in lines[1:]):
            self.loss(name, line, "a line starting with '//' would be read by Moodle as a comment; reword it")
        return "\n".join(lines).replace("\n\n", "\n\\n")

    def description(self, region: spec.TextRegion) -> None:
        name = region.title or _one_line(region.text or "")[:40]
        head = f"::{self.text(_one_line(region.title), name, region.line)}::" if region.title else ""
        self.out.append(f"{head}[markdown]{self.text(region.text or region.title or '', name, region.line)}")

    def question(self, q: spec.Question) -> None:
        name = q.title or _one_line(q.text)[:40]
        if q.type == spec.ORDERING:
            items = "; ".join(_one_line(c.text) for c in q.choices)
            self.loss(name, q.line, "GIFT has no ordering question; skipped: recreate it in Moodle with the Ordering "
                      f"question type (a plugin), items in this order: {items}")  # fmt: skip
            return
        if q.points != 1:
            points = spec.number(q.points)
            self.loss(name, q.line, f"worth {points} points; GIFT has no points (Moodle gives its default mark)")
        head = f"::{self.text(_one_line(q.title), name, q.line)}::" if q.title else ""
        answers = getattr(self, q.type.removesuffix("_question"))(q, name)
        if q.feedback:
            answers.append(f"####{self.text(q.feedback, name, q.line)}")
        body = "\n".join(f"\t{a}" for a in answers)
        self.out.append(f"{head}[markdown]{self.text(q.text, name, q.line)} {{" + (f"\n{body}\n}}" if body else "}"))

    def feedback(self, text: str | None, name: str, line: int) -> str:
        return f"#{self.text(text, name, line)}" if text else ""

    def choice_feedback(self, q: spec.Question, name: str) -> list[str | None]:
        """Each choice's feedback; '+' and '-' feedback go to the right and wrong choices that have none."""
        result = []
        for choice in q.choices:
            extra = q.correct_feedback if choice.correct else q.incorrect_feedback
            if choice.feedback and extra:
                self.loss(name, q.line, f"the choice '{_one_line(choice.text)}' has its own feedback, so the "
                          f"question's {'+' if choice.correct else '-'} feedback is not added to it")  # fmt: skip
            result.append(choice.feedback or extra)
        return result

    def multiple_choice(self, q: spec.Question, name: str) -> list[str]:
        feedback = self.choice_feedback(q, name)
        return [f"{'=' if c.correct else '~'}{self.text(c.text, name, q.line)}{self.feedback(f, name, q.line)}"
                for c, f in zip(q.choices, feedback, strict=True)]  # fmt: skip

    def true_false(self, q: spec.Question, name: str) -> list[str]:
        feedback = dict(zip((c.correct for c in q.choices), self.choice_feedback(q, name), strict=True))
        is_true = next(c.text in _LOOKS_TRUE for c in q.choices if c.correct)
        wrong, right = feedback.get(False), feedback.get(True)
        # Moodle's order: {TRUE#shown when wrong#shown when right}
        first = f"#{self.text(wrong or '', name, q.line)}" if wrong or right else ""
        return [("TRUE" if is_true else "FALSE") + first + self.feedback(right, name, q.line)]

    def multiple_answers(self, q: spec.Question, name: str) -> list[str]:
        for label, text in (("+", q.correct_feedback), ("-", q.incorrect_feedback)):
            if text:
                self.loss(name, q.line, f"'{label}' feedback of a multiple-answers question has no GIFT form; dropped")
        right = sum(1 for c in q.choices if c.correct)
        share = Decimal(100) / right
        if right > 10:
            self.loss(name, q.line, f"{right} right choices give weights of {_weight(share)}%, which Moodle may refuse")
        penalty = -share
        if self.scoring == "all_or_nothing":
            penalty = Decimal(-100)
            self.loss(name, q.line, "Moodle gives part of the points for some of the right choices; this quiz's "
                      "all_or_nothing scoring gives none (each wrong choice is weighted -100%)")  # fmt: skip
        return [f"~%{_weight(share if c.correct else penalty)}%{self.text(c.text, name, q.line)}"
                f"{self.feedback(c.feedback, name, q.line)}" for c in q.choices]  # fmt: skip

    def short_answer(self, q: spec.Question, name: str) -> list[str]:
        right = self.feedback(q.correct_feedback, name, q.line)
        answers = [f"={self.text(_one_line(c.text), name, q.line)}{right}" for c in q.choices]
        # Moodle's catch-all: '*' matches any other answer, for no credit, and shows its feedback.
        wrong = [f"=%0%*{self.feedback(q.incorrect_feedback, name, q.line)}"] if q.incorrect_feedback else []
        return answers + wrong

    def matching(self, q: spec.Question, name: str) -> list[str]:
        for label, text in (("+", q.correct_feedback), ("-", q.incorrect_feedback)):
            if text:
                self.loss(name, q.line, f"'{label}' feedback of a matching question has no GIFT form; dropped")
        if len(q.pairs) < 3:
            self.loss(name, q.line, "Moodle imports a matching question with two answers, but its editor saves one "
                      "only with three or more: add an answer that matches no prompt ('<> -> answer') if it will be "
                      "edited in Moodle")  # fmt: skip
        return [f"={self.prompt(p.prompt, name, q.line)} -> {self.text(option_text(p.answer), name, q.line)}"
                for p in q.pairs]  # fmt: skip

    def prompt(self, text: str | None, name: str, line: int) -> str:
        """Moodle splits a pair at its first '->', so one in the prompt is written '-\\>' (Markdown for '->')."""
        return self.text(text.replace("->", "-\\>"), name, line) if text else ""

    def numerical(self, q: spec.Question, name: str) -> list[str]:
        bounds = q.numerical
        assert bounds is not None
        if bounds.exact is not None and bounds.exact - bounds.min == bounds.max - bounds.exact:
            margin = bounds.max - bounds.exact
            value = _plain(bounds.exact) + (f":{_plain(margin)}" if margin else "")
        else:
            value = f"{_plain(bounds.min)}..{_plain(bounds.max)}"
        if not (q.correct_feedback or q.incorrect_feedback):
            return [f"#{value}"]
        wrong = [f"~{self.feedback(q.incorrect_feedback, name, q.line)}"] if q.incorrect_feedback else []
        return [f"#={value}{self.feedback(q.correct_feedback, name, q.line)}", *wrong]

    def essay(self, q: spec.Question, name: str) -> list[str]:
        return []
