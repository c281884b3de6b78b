"""A quiz spec as a Moodle XML question file; whatever Moodle XML cannot hold is listed as a Loss. Pure.

Text is written as Markdown (`format="markdown"`, which Moodle reads), images as base64 `<file>`s
that the text names `@@PLUGINFILE@@/name`. The quiz title is the top category (its description
the category's), and each GROUP is a sub-category `Group N (pick K, P points each)`: Moodle draws
at random only from a quiz's random questions, so the export says how to add them, and
`moodle_to_native` reads the category back as the group. A question without a title is named by
its text's start (`default_name`), which reads back as no title. LETP settings have no Moodle
XML form; the `shuffle answers:` option is each question's `<shuffleanswers>`.
"""

from __future__ import annotations

import base64
import posixpath
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import fields
from decimal import Decimal

from lms.content.math import MATH
from lms.content.paths import IMAGE_TYPES, safe_relative
from lms.quizzes import spec

from .gift import Loss
from .moodle_text import PLUGINFILE
from .moodle_xml import default_name, group_category
from .qti import ReadAsset

_IMAGE = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)")
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_TRUE_FALSE = ["True", "False"]
_AUTO = "moodle_auto_format"  # how Moodle writes answers that are typed, not shown (numbers, short answers)


def quiz_to_moodle_xml(quiz: spec.Quiz, read_asset: ReadAsset | None = None) -> tuple[str, list[Loss]]:
    """The quiz as Moodle XML text and every loss, in file order; `read_asset` supplies the images."""
    writer = _Writer(quiz, read_asset)
    root = ET.Element("quiz")
    writer.category(root, [quiz.title], quiz.description)
    groups = 0
    for index, item in enumerate(quiz.items):
        if isinstance(item, spec.Group):
            groups += 1
            writer.group(root, item, groups)
            if index + 1 < len(quiz.items):
                writer.category(root, [quiz.title], None)
        elif isinstance(item, spec.Question):
            writer.question(root, item)
        else:
            writer.description(root, item)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n", writer.losses


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def _weight(share: Decimal) -> str:
    """A Moodle fraction with seven decimals at most, as Moodle writes them (33.3333333)."""
    return _plain(share.quantize(Decimal("0.0000001")))


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Writer:
    def __init__(self, quiz: spec.Quiz, read_asset: ReadAsset | None):
        self.quiz = quiz
        self.read_asset = read_asset
        self.losses: list[Loss] = []
        self.quiz_losses()

    def loss(self, title: str, line: int, message: str) -> None:
        self.losses.append(Loss(title, line, message))

    def quiz_losses(self) -> None:
        for name, value in (("settings", self.quiz.settings), ("options", self.quiz.options)):
            defaults = type(value)()
            changed = [f.name if isinstance(getattr(value, f.name), tuple) else f"{f.name}: {getattr(value, f.name)}"
                       for f in fields(value) if getattr(value, f.name) != getattr(defaults, f.name)
                       and f.name != "shuffle_answers"]  # fmt: skip
            if changed:
                listed = "; ".join(changed)
                self.loss(self.quiz.title, 1, f"Moodle XML carries no quiz {name}; set them again in Moodle's quiz: "
                          f"{listed}")  # fmt: skip

    # -- text fields
    def text(self, parent: ET.Element, tag: str, text: str, name: str, line: int, fraction: str | None = None,
             text_format: str = "markdown") -> ET.Element:  # fmt: skip
        """`<tag format="markdown"><text>…</text></tag>`, with the images the text shows as `<file>`s."""
        holder = ET.SubElement(parent, tag, ({"fraction": fraction} if fraction else {}) | {"format": text_format})
        if MATH.search(text):
            self.loss(name, line, "TeX math '$…$' is kept as written; Moodle's filters expect '\\(…\\)' or '$$…$$'")
        embedded: dict[str, str] = {}

        def embed(found: re.Match[str]) -> str:
            target = found.group(2)
            if _REMOTE.match(target):
                return found.group(0)
            reference = embedded.get(target) or self.embed(holder, target, name, line)
            embedded[target] = reference or target
            return found.group(1) + (reference or target)

        ET.SubElement(holder, "text").text = _IMAGE.sub(embed, text)
        holder[:] = [holder[-1], *holder[:-1]]  # <text> first, then the files, as Moodle writes them
        return holder

    def embed(self, holder: ET.Element, target: str, name: str, line: int) -> str | None:
        rel = safe_relative(urllib.parse.unquote(target))
        data = self.read_asset(rel) if rel and self.read_asset else None
        if rel is None or posixpath.splitext(rel)[1].lower() not in IMAGE_TYPES or data is None:
            self.loss(name, line, f"the image '{target}' was not found beside the quiz, so the file does not hold "
                      "it; upload it to the question in Moodle")  # fmt: skip
            return None
        folder, base = posixpath.split(rel)
        path = f"/{folder}/" if folder else "/"
        ET.SubElement(holder, "file", name=base, path=path, encoding="base64").text = base64.b64encode(data).decode()
        return PLUGINFILE + urllib.parse.quote(rel)

    def plain(self, parent: ET.Element, tag: str, text: str) -> ET.Element:
        element = ET.SubElement(parent, tag)
        ET.SubElement(element, "text").text = text
        return element

    # -- items
    def category(self, root: ET.Element, path: list[str], info: str | None) -> None:
        question = ET.SubElement(root, "question", type="category")
        escaped = "/".join(_one_line(part).replace("/", "//") for part in path)
        self.plain(question, "category", f"$course$/top/{escaped}")
        if info:
            self.text(question, "info", info, self.quiz.title, 1)

    def group(self, root: ET.Element, group: spec.Group, number: int) -> None:
        points = spec.number(group.points_per_question)
        name = group_category(number, group.pick, int(points))
        count = len(group.questions)
        info = (f"Each attempt draws {group.pick} of these {count} questions, {points} point(s) each. In a Moodle "
                f"quiz, add {group.pick} random question(s) from this category.")  # fmt: skip
        self.category(root, [self.quiz.title, name], info)
        self.loss(f"group of {count}", group.line, f"Moodle XML has no question groups: the {count} questions are in "
                  f"the category '{name}'; in Moodle, add {group.pick} random question(s) from it to the quiz")  # fmt: skip
        for question in group.questions:
            self.question(root, question)

    def description(self, root: ET.Element, region: spec.TextRegion) -> None:
        text = region.text or ""
        title = _one_line(region.title) if region.title else default_name(text)
        question = ET.SubElement(root, "question", type="description")
        self.plain(question, "name", title)
        self.text(question, "questiontext", text, title, region.line)
        ET.SubElement(question, "defaultgrade").text = "0"

    def question(self, root: ET.Element, q: spec.Question) -> None:
        name = _one_line(q.title) if q.title else default_name(q.text)
        kind = {spec.MULTIPLE_CHOICE: "multichoice", spec.MULTIPLE_ANSWERS: "multichoice", spec.NUMERICAL: "numerical",
                spec.SHORT_ANSWER: "shortanswer", spec.ESSAY: "essay", spec.MATCHING: "matching",
                spec.ORDERING: "ordering"}.get(q.type, "multichoice")  # fmt: skip
        if q.type == spec.TRUE_FALSE and self.plain_true_false(q):
            kind = "truefalse"
        element = ET.SubElement(root, "question", type=kind)
        self.plain(element, "name", name)
        self.text(element, "questiontext", q.text, name, q.line)
        if q.feedback:
            self.text(element, "generalfeedback", q.feedback, name, q.line)
        ET.SubElement(element, "defaultgrade").text = _plain(q.points)
        ET.SubElement(element, "penalty").text = "0"
        ET.SubElement(element, "hidden").text = "0"
        getattr(self, kind)(element, q, name)

    def plain_true_false(self, q: spec.Question) -> bool:
        """Moodle's true/false has no right- or wrong-answer feedback; with them it stays a two-choice question."""
        return [c.text for c in q.choices] == _TRUE_FALSE and not (q.correct_feedback or q.incorrect_feedback)

    def combined_feedback(self, element: ET.Element, q: spec.Question, name: str) -> None:
        for tag, text in (("correctfeedback", q.correct_feedback), ("incorrectfeedback", q.incorrect_feedback)):
            if text:
                self.text(element, tag, text, name, q.line)

    def shuffle(self, element: ET.Element) -> None:
        ET.SubElement(element, "shuffleanswers").text = "true" if self.quiz.options.shuffle_answers else "false"

    def answer(self, element: ET.Element, fraction: str, text: str, feedback: str | None, name: str, line: int,
               text_format: str = "markdown") -> ET.Element:  # fmt: skip
        answer = self.text(element, "answer", text, name, line, fraction, text_format)
        if feedback:
            self.text(answer, "feedback", feedback, name, line)
        return answer

    # -- question types, named as Moodle names them
    def multichoice(self, element: ET.Element, q: spec.Question, name: str) -> None:
        single = q.type != spec.MULTIPLE_ANSWERS
        ET.SubElement(element, "single").text = "true" if single else "false"
        self.shuffle(element)
        ET.SubElement(element, "answernumbering").text = "abc"
        self.combined_feedback(element, q, name)
        fractions = ["100" if c.correct else "0" for c in q.choices] if single else self.fractions(q, name)
        for choice, fraction in zip(q.choices, fractions, strict=True):
            self.answer(element, fraction, choice.text, choice.feedback, name, q.line)

    def fractions(self, q: spec.Question, name: str) -> list[str]:
        right = sum(1 for c in q.choices if c.correct)
        share = Decimal(100) / right
        if right > 10:
            self.loss(
                name, q.line, f"{right} right choices give fractions of {_weight(share)}%, which Moodle may refuse"
            )
        penalty = -share
        if self.quiz.settings.multiple_answers_scoring == "all_or_nothing":
            penalty = Decimal(-100)
            self.loss(name, q.line, "Moodle gives part of the points for some of the right choices; this quiz's "
                      "all_or_nothing scoring gives none (each wrong choice is weighted -100%)")  # fmt: skip
        return [_weight(share if c.correct else penalty) for c in q.choices]

    def truefalse(self, element: ET.Element, q: spec.Question, name: str) -> None:
        for choice in q.choices:
            fraction = "100" if choice.correct else "0"
            self.answer(element, fraction, choice.text.lower(), choice.feedback, name, q.line, _AUTO)

    def shortanswer(self, element: ET.Element, q: spec.Question, name: str) -> None:
        ET.SubElement(element, "usecase").text = "0"  # native short answers ignore case
        for choice in q.choices:
            literal = _one_line(choice.text).replace("*", "\\*")  # '*' alone is Moodle's wildcard
            self.answer(element, "100", literal, q.correct_feedback, name, q.line, _AUTO)
        if q.incorrect_feedback:
            self.answer(element, "0", "*", q.incorrect_feedback, name, q.line, _AUTO)

    def numerical(self, element: ET.Element, q: spec.Question, name: str) -> None:
        bounds = q.numerical
        assert bounds is not None
        value = bounds.exact if bounds.exact is not None else (bounds.min + bounds.max) / 2
        answer = self.answer(element, "100", _plain(value), q.correct_feedback, name, q.line, _AUTO)
        ET.SubElement(answer, "tolerance").text = _plain(max(bounds.max - value, value - bounds.min))
        if bounds.exact is not None and bounds.max - value != value - bounds.min:
            self.loss(name, q.line, f"accepts {_plain(bounds.min)} to {_plain(bounds.max)}, not centred on "
                      f"{_plain(value)}; Moodle's tolerance is the same on both sides, so it accepts more")  # fmt: skip
        if q.incorrect_feedback:
            wrong = self.answer(element, "0", "*", q.incorrect_feedback, name, q.line, _AUTO)
            ET.SubElement(wrong, "tolerance").text = "0"

    def essay(self, element: ET.Element, q: spec.Question, name: str) -> None:
        for tag, value in (("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "10"),
                           ("attachments", "0"), ("attachmentsrequired", "0")):  # fmt: skip
            ET.SubElement(element, tag).text = value

    def matching(self, element: ET.Element, q: spec.Question, name: str) -> None:
        self.shuffle(element)
        self.combined_feedback(element, q, name)
        for pair in q.pairs:
            sub = self.text(element, "subquestion", pair.prompt or "", name, q.line)
            self.plain(sub, "answer", _one_line(pair.answer))

    def ordering(self, element: ET.Element, q: spec.Question, name: str) -> None:
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                           ("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW"),
                           ("numberingstyle", "none")):  # fmt: skip
            ET.SubElement(element, tag).text = value
        self.combined_feedback(element, q, name)
        for position, choice in enumerate(q.choices, 1):
            self.answer(element, str(position), choice.text, None, name, q.line)
