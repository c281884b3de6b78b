"""Moodle XML question banks to a native LETP quiz file; what has no native form is a Loss. Pure.

One file becomes one quiz, because a native quiz is one file. Categories do not split it: the
first category names the quiz (its last part is the title, its description the quiz description),
and when the file holds several categories each is reported once, with how many of its questions
follow. A category named `Group N (pick K, P points each)` (as `quiz_to_moodle_xml` writes a
question group) holds a GROUP: each attempt draws K of its questions.

Carried: multichoice, truefalse, shortanswer, numerical, essay, matching, ordering (the qtype_ordering
plugin) and description (a `Text:` region); the question name as its title, the default mark as
its points, general, right and wrong feedback, each choice's feedback, and images embedded in the
text (written beside the quiz). Each question keeps its own type's rules, as gift.py does: partial
credit, answers beyond the first right one, Moodle-only settings (penalty, hints, tags, units,
answer numbering…) are listed as losses at the line of their `<question>`, never dropped silently.
Questions of other types (Cloze, calculated, drag and drop, random…) are skipped with a Loss.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lms.quizzes.drafts import same_text
from lms.quizzes.format import parse_quiz

from . import moodle_settings
from .gift import DEFAULT_TITLE, Loss, native_lines
from .moodle_text import Context
from .moodle_types import Converted, TypeReader, question_lines
from .safe_xml import Document, XmlRefused, parse_xml

__all__ = ["MoodleImport", "XmlRefused", "default_name", "group_category", "moodle_to_native"]

NAME_LENGTH = 80
_GROUP = re.compile(r"^Group (\d+) \(pick ([1-9]\d*), ([1-9]\d*) points? each\)$")  # as group_category writes
_SKIPPED_TYPES = {
    "multianswer": "embedded answers (Cloze) have no native form; write each blank as its own question",
    "calculated": "calculated questions (formulas with wildcards) have no native form; write one numerical "
    "question per data set",
    "calculatedsimple": "simple calculated questions have no native form; write a numerical question instead",
    "calculatedmulti": "calculated multichoice questions have no native form; write a single-choice question",
    "ddwtos": "drag-and-drop into text has no native form; write a matching question instead",
    "gapselect": "select missing words has no native form; write a matching question instead",
    "ddimageortext": "drag-and-drop onto an image has no native form",
    "ddmarker": "drag-and-drop markers have no native form",
    "randomsamatch": "random short-answer matching has no native form; write a matching question instead",
    "random": "a random question draws from a Moodle category; put the questions in a GROUP with 'pick:' instead",
}


@dataclass(frozen=True)
class MoodleImport:
    native: str  # the native quiz file
    losses: list[Loss]
    images: dict[str, bytes]  # file name (safe, beside the quiz) -> content


def default_name(text: str) -> str:
    """The name a question without a title gets in Moodle XML, and that reads back as no title."""
    return " ".join(text.split())[:NAME_LENGTH].rstrip()


def group_category(number: int, pick: int, points: int) -> str:
    return f"Group {number} (pick {pick}, {points} point{'' if points == 1 else 's'} each)"


def moodle_to_native(data: str | bytes) -> MoodleImport:
    """Convert a whole Moodle XML file; raises XmlRefused when it is not XML that may be read."""
    document = parse_xml(data)
    if document.root.tag != "quiz":
        raise XmlRefused(document.line(document.root), f"the file's root element is <{document.root.tag}>, not "
                         "<quiz>; this is not a Moodle XML question file")  # fmt: skip
    reader = _Reader(document)
    for element in document.root:
        if element.tag == "question":
            reader.read(element)
        else:
            reader.loss(f"<{element.tag}>", document.line(element), "not a <question> element; skipped")
    native = reader.finish()
    return MoodleImport(native, sorted(reader.losses, key=lambda loss: loss.line), reader.images.files)


@dataclass
class _Group:
    name: str
    line: int
    pick: int
    points_per_question: int
    points: Decimal | None = None  # every question of a native group has the same points
    lines: list[str] = field(default_factory=list)
    count: int = 0
    after: list[str] = field(default_factory=list)  # text regions met inside the group, written after it


@dataclass
class _Category:
    path: str
    line: int
    described: bool
    count: int = 0


class _Reader(TypeReader):
    """Reads the questions in file order, writing native lines; categories open and close groups."""

    def __init__(self, document: Document):
        super().__init__()
        self.document = document
        self.out: list[str] = []
        self.title: str | None = None
        self.description: str | None = None
        self.categories: list[_Category] = []
        self.group: _Group | None = None
        self.number = 0
        self.seen: set[str] = set()
        self.shuffles: list[tuple[bool, str, int]] = []  # per question: shuffled, label, line

    def read(self, element: ET.Element) -> None:
        kind, line = element.get("type", ""), self.document.line(element)
        if kind == "category":
            self.category(element, line)
            return
        name = " ".join((element.findtext("name/text") or "").split())
        ctx = Context(name or f"{kind or 'untyped'} question", line)
        if kind not in moodle_settings.CARRIED:
            unknown = f"the Moodle question type '{kind}' has no native form" if kind else "the question has no type"
            reason = _SKIPPED_TYPES.get(kind, unknown)
            self.loss(ctx.label, line, f"{reason}; skipped")
            return
        text = self.field(element.find("questiontext"), ctx, "question text")
        if kind == "description":
            self.region(name, text, ctx)
        elif not text:
            self.loss(ctx.label, line, "has no question text; skipped")
        else:
            question = getattr(self, kind)(element, Converted("", text), ctx)
            if question is not None:
                question.feedback = self.field(element.find("generalfeedback"), ctx, "general feedback") or None
                self.write(element, question, name, ctx)
        self.report_settings(element, kind, ctx)

    def report_settings(self, element: ET.Element, kind: str, ctx: Context) -> None:
        if ctx.kept_tags:
            tags = ", ".join(f"<{tag}>" for tag in dict.fromkeys(ctx.kept_tags))
            self.loss(ctx.label, ctx.line, f"HTML tags kept as written: {tags}; check in the preview that they "
                      "show as intended")  # fmt: skip
        dropped = moodle_settings.dropped(element, kind)
        if dropped:
            self.loss(ctx.label, ctx.line, "Moodle settings with no native form, dropped: " + "; ".join(dropped))
        shuffle = element.findtext("shuffleanswers")
        if shuffle is not None and kind in ("multichoice", "matching"):
            self.shuffles.append((shuffle.strip().lower() in ("true", "1"), ctx.label, ctx.line))

    def points(self, element: ET.Element, ctx: Context) -> Decimal:
        raw = (element.findtext("defaultgrade") or "1").strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = Decimal(-1)
        points = max((value * 2).to_integral_value(ROUND_HALF_UP) / 2, Decimal("0.5"))
        if points != value:
            self.loss(ctx.label, ctx.line, f"worth '{raw}' in Moodle; native points are positive whole or half "
                      f"numbers: now {points.normalize():f}")  # fmt: skip
        return points

    def write(self, element: ET.Element, q: Converted, name: str, ctx: Context) -> None:
        if same_text(q.text) in self.seen:
            self.loss(ctx.label, ctx.line, "repeats an earlier question, which a native quiz refuses; skipped")
            return
        points = self.points(element, ctx)
        if self.group is not None:
            points = self.group_points(points, ctx)
        title = name if name and name != default_name(q.text) else None
        lines = ([f"Title: {title}"] if title else []) + ([f"Points: {points.normalize():f}"] if points != 1 else [])
        lines += question_lines(self.number + 1, q)
        native, problems = parse_quiz("Quiz title: check\n\n" + "\n".join(lines) + "\n")
        if native is None:
            refused = "; ".join(dict.fromkeys(str(p.message) for p in problems))
            self.loss(ctx.label, ctx.line, f"the native format refuses the converted question ({refused}); skipped")
            return
        self.seen.add(same_text(q.text))
        self.number += 1
        self.emit([*lines, ""])

    def group_points(self, points: Decimal, ctx: Context) -> Decimal:
        group = self.group
        assert group is not None
        if group.points is None:
            group.points = points
        elif points != group.points:
            self.loss(ctx.label, ctx.line, f"worth {points.normalize():f} points, but the questions of a native "
                      f"group share their points: now {group.points.normalize():f}, as the group's first")  # fmt: skip
        return group.points

    def emit(self, lines: list[str]) -> None:
        if self.group is not None:
            self.group.lines += lines
            self.group.count += 1
        else:
            self.out += lines
        if self.categories:
            self.categories[-1].count += 1

    def region(self, name: str, text: str, ctx: Context) -> None:
        title = name if name and name != default_name(text) else None
        lines = ([f"Text title: {title}"] if title else []) + (native_lines("Text:", text) if text else [])
        if not lines:
            return
        if self.group is not None:
            self.loss(ctx.label, ctx.line, "a description cannot sit inside a question group; it now follows the group")
            self.group.after += [*lines, ""]
        else:
            self.out += [*lines, ""]

    # -- categories and groups
    def category(self, element: ET.Element, line: int) -> None:
        path = element.findtext("category/text") or ""
        parts = _category_parts(path)
        self.close_group()
        ctx = Context(parts[-1] if parts else "category", line)
        group = _GROUP.match(parts[-1]) if parts else None
        if group:
            self.group = _Group(parts[-1], line, int(group.group(2)), int(group.group(3)))
            return
        info = self.field(element.find("info"), ctx, "category description")
        if self.title is None and parts:
            self.title, self.description = parts[-1], info or None
        self.categories.append(_Category("/".join(parts), line, bool(info)))

    def close_group(self) -> None:
        group, self.group = self.group, None
        if group is None:
            return
        if group.count < group.pick:
            self.loss(group.name, group.line, f"the group draws {group.pick} question(s) but {group.count} could be "
                      "carried; " + (f"it now draws {group.count}" if group.count else "dropped"))  # fmt: skip
        if group.count:
            head = [
                "GROUP",
                f"pick: {min(group.pick, group.count)}",
                f"points per question: {group.points_per_question}",
            ]
            self.out += [*head, *group.lines, "END_GROUP", ""]
        self.out += group.after

    def finish(self) -> str:
        self.close_group()
        self.report_categories()
        head = [f"Quiz title: {self.title or DEFAULT_TITLE}"]
        head += native_lines("Quiz description:", self.description) if self.description else []
        head += ["shuffle answers: true"] if self.shuffle_all() else []
        return "\n".join([*head, "", *self.out]).rstrip("\n") + "\n"

    def shuffle_all(self) -> bool:
        """Shuffle every question's choices when every question that says says so (native quizzes shuffle all or none)."""
        shuffled = [s for s, _label, _line in self.shuffles if s]
        if shuffled and len(shuffled) < len(self.shuffles):
            for _s, label, line in (s for s in self.shuffles if s[0]):
                self.loss(label, line, "shuffles its choices in Moodle, unlike other questions of the file; a native "
                          "quiz shuffles all or none (shuffle answers:), so they are not shuffled")  # fmt: skip
        return bool(self.shuffles) and len(shuffled) == len(self.shuffles)

    def report_categories(self) -> None:
        counts: dict[str, _Category] = {}
        for category in self.categories:
            found = counts.setdefault(category.path, _Category(category.path, category.line, False))
            found.count += category.count
            found.described = found.described or (category.described and category is not self.categories[0])
        if len(counts) < 2:
            return
        for category in counts.values():
            self.loss(category.path or "top", category.line, f"category '{category.path}': its {category.count} "
                      "question(s) follow in the one native quiz (a quiz is one file; split it by hand if needed)"
                      + ("; its description is dropped" if category.described else ""))  # fmt: skip


def _category_parts(path: str) -> list[str]:
    """`$course$/top/Seizure//custody/Group 1` as ['Seizure/custody', 'Group 1']: Moodle doubles a '/' in a name."""
    parts = [p.replace("\x00", "/").strip() for p in path.replace("//", "\x00").split("/")]
    while parts and (parts[0] in ("top", "") or (parts[0].startswith("$") and parts[0].endswith("$"))):
        parts.pop(0)
    return [p for p in parts if p]
