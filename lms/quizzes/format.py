"""Read a quiz file (LETP front matter + text2qti 0.8.0 body) into the immutable `spec.Quiz`.

Pure: text in, spec and problems out. Every problem found is reported as file:line: message
(an lms.i18n.Message, so pages can show it translated); a quiz with any problem is not returned.
See shared/quiz-format.md for the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

from lms.content.frontmatter import FENCE, Document, FrontMatterError, split
from lms.content.problems import Problem
from lms.i18n import N_, Message

from . import spec
from .drafts import (
    TRUE_FALSE_WORDS,
    GroupDraft,
    QuestionDraft,
    RegionDraft,
    same_text,
)
from .numerical import QuizSyntaxError, parse_points
from .scanner import Token, scan
from .settings import parse_settings

CHOICE_MARKERS = {
    "mctf_correct_choice": (spec.MULTIPLE_CHOICE, True),
    "mctf_incorrect_choice": (spec.MULTIPLE_CHOICE, False),
    "multans_correct_choice": (spec.MULTIPLE_ANSWERS, True),
    "multans_incorrect_choice": (spec.MULTIPLE_ANSWERS, False),
    "shortans_correct_choice": (spec.SHORT_ANSWER, True),
}
FEEDBACK_MARKERS = {"feedback": "'...'", "correct_feedback": "'+'", "incorrect_feedback": "'-'", "solution": "'!'"}
GROUP_OPTIONS = {  # marker -> (GroupDraft option, how it is written)
    "group_pick": ("pick", "pick:"),
    "group_solutions_pick": ("solutions_pick", "solutions pick:"),
    "group_points_per_question": ("points_per_question", "points per question:"),
}
# text2qti's quiz options; the first four become spec.Options, the rest are accepted and ignored.
QUIZ_OPTIONS = {
    "quiz_shuffle_answers": "shuffle answers:",
    "quiz_show_correct_answers": "show correct answers:",
    "quiz_one_question_at_a_time": "one question at a time:",
    "quiz_cant_go_back": "can't go back:",
    "quiz_feedback_is_solution": "feedback is solution:",
    "quiz_solutions_sample_groups": "solutions sample groups:",
    "quiz_solutions_randomize_groups": "solutions randomize groups:",
}
MAIN_OPTIONS = tuple(QUIZ_OPTIONS)[:4]
NO_QUESTIONS = N_("the quiz has no questions; add one, like '1. Which of these …?' followed by its answers")


@dataclass
class GroupStart:
    group: GroupDraft


@dataclass
class GroupEnd:
    group: GroupDraft


def parse_quiz(text: str, path: str = "<quiz>") -> tuple[spec.Quiz | None, list[Problem]]:
    """Parse a whole quiz file; return (quiz, []) when valid, else (None, every problem found)."""
    problems: list[Problem] = []
    try:
        doc = split(text)
    except FrontMatterError as exc:
        problems.append(Problem(path, exc.line, exc.message))
        body_doc = _body_after_broken_front_matter(text)
        if body_doc is None:
            return None, problems
        doc = body_doc
    reader = BodyReader(path, doc.body_line)
    reader.read(doc.body)
    problems.extend(reader.problems)
    settings, setting_problems = parse_settings(doc.meta, doc.key_lines, reader.option("quiz_show_correct_answers"))
    problems.extend(Problem(path, line, message) for line, message in setting_problems)
    if problems:
        return None, sorted(problems, key=lambda p: p.line)
    return reader.quiz(settings, fallback_title(doc.meta.get("title"), path)), []


def fallback_title(front_matter_title: object, path: str) -> str:
    """A quiz's title when its body has no `Quiz title:` line: the front matter's `title:`, else the
    file's slug made readable ("final-assessment.md": "Final assessment"), else text2qti's "Quiz"."""
    if isinstance(front_matter_title, str) and front_matter_title.strip():
        return " ".join(front_matter_title.split())
    stem = PurePosixPath(path.replace("\\", "/").split(" ")[0]).stem if path.endswith(".md") else ""
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Quiz"


def _body_after_broken_front_matter(text: str) -> Document | None:
    """When the YAML is broken but fenced, the body can still be checked (same fences as `split`)."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        return None
    return Document(body="".join(lines[end + 1 :]), body_line=end + 2, has_front_matter=True)


class BodyReader:
    """Applies the scanner's tokens in order, with text2qti's rules on what may follow what."""

    def __init__(self, path: str, body_line: int):
        self.path = path
        self.body_line = body_line
        self.problems: list[Problem] = []
        self.title: tuple[str, int] | None = None
        self.description: tuple[str, int] | None = None
        self.options: dict[str, tuple[bool, int]] = {}  # marker -> (value, line)
        self.sequence: list[QuestionDraft | GroupStart | GroupEnd | RegionDraft] = []
        self.group: GroupDraft | None = None
        self.pending: dict[str, tuple[Decimal | str | None, int]] = {}  # "title"/"points" -> (value, line)
        self.question_lines: dict[str, int] = {}  # question text -> line, to catch duplicates

    def report(self, line: int, message: str) -> None:
        """`message`: a Message (the scanner's, a QuizSyntaxError's or one of the checks here)."""
        self.problems.append(Problem(self.path, line, message))

    def option(self, marker: str) -> bool:
        default = marker == "quiz_show_correct_answers"  # text2qti: true; the others false
        return self.options.get(marker, (default, 0))[0]

    def read(self, body: str) -> None:
        for token in scan(body, self.body_line):
            try:
                self.apply(token)
            except QuizSyntaxError as exc:
                self.report(exc.line or token.line, exc.message)
        self.finish()

    def apply(self, token: Token) -> None:
        kind, text, line = token.kind, token.text, token.line
        if kind == "problem":
            self.report(line, text)  # the scanner's message
            return
        if self.pending and kind not in ("question", "question_title", "question_points"):
            self._report_unused_title_or_points(line)  # then read the line as usual
        if kind in CHOICE_MARKERS:
            question_type, correct = CHOICE_MARKERS[kind]
            noun = N_("an answer") if question_type == spec.SHORT_ANSWER else N_("a choice")
            self._last_question(noun).add_choice(question_type, text, correct, line)
        elif kind in FEEDBACK_MARKERS:
            if kind == "solution" and self.option("quiz_feedback_is_solution"):
                raise QuizSyntaxError(
                    N_(
                        "'!' solutions are off because 'feedback is solution: true' is set; "
                        "give the solution as '...' feedback instead"
                    )
                )
            feedback = N_("%(marker)s feedback", marker=FEEDBACK_MARKERS[kind])
            self._last_question(feedback).add_feedback(kind, text, line)
        elif kind in ("essay", "upload"):
            self._last_question(N_("an essay response")).add_response(kind, line)
        elif kind == "numerical":
            self._last_question(N_("a numerical answer")).add_numerical(text, line)
        elif kind == "match_pair":
            self._last_question(N_("a matching pair")).add_pair(text, line)
        elif kind == "order_item":
            self._last_question(N_("an item to put in order")).add_order_item(token.marker, text, line)
        elif kind in QUIZ_OPTIONS:
            self._quiz_option(kind, text, line)
        elif kind in GROUP_OPTIONS:
            name, label = GROUP_OPTIONS[kind]
            if self.group is None:
                raise QuizSyntaxError(
                    N_("'%(label)s' belongs right after a GROUP line; start the group with GROUP first", label=label)
                )
            self.group.set_option(name, text, line)
        elif kind == "unknown":
            self.report(line, text)  # the scanner's message
        elif kind == "end_code":
            raise QuizSyntaxError(N_("a closing ``` fence without an opening one; remove it or indent the code block"))
        elif kind != "blank":  # the other markers each have a method named after them
            getattr(self, f"_{kind}")(text, line)

    def _report_unused_title_or_points(self, line: int) -> None:
        names = [f"'{name.title()}:'" for name in self.pending]  # 'Title:' before 'Points:', or one of them
        labels = names[0] if len(names) == 1 else N_("%(first)s and %(second)s", first=names[0], second=names[1])
        first = min(at for _value, at in self.pending.values())
        self.pending = {}
        self.report(
            line,
            N_(
                "expected the question that %(labels)s on line %(line)s belongs to; put its '1.' line right after "
                "(no blank line in between), or remove the unused line",
                labels=labels,
                line=first,
            ),
        )

    def _last_question(self, what: Message) -> QuestionDraft:
        last = self.sequence[-1] if self.sequence else None
        if not isinstance(last, QuestionDraft):
            raise QuizSyntaxError(
                N_("%(what)s needs a question above it; start a question with a line like '1. …'", what=what)
            )
        return last

    def _finalize_last(self) -> None:
        last = self.sequence[-1] if self.sequence else None
        if isinstance(last, QuestionDraft):
            for message in last.finalize():
                self.report(last.line, message)

    def _head(self, name: str, text: str, line: int) -> None:
        """`Quiz title:` or `Quiz description:`, which come before the options and questions."""
        current = getattr(self, name)
        label = "Quiz title:" if name == "title" else "Quiz description:"
        if current is None:
            setattr(self, name, (text, line))
        if any(marker in self.options for marker in MAIN_OPTIONS):
            raise QuizSyntaxError(
                N_("'%(label)s' must come before the quiz options (like 'shuffle answers:'); move it up", label=label)
            )
        if current is not None:
            raise QuizSyntaxError(
                N_("'%(label)s' is already given on line %(line)s; keep only one", label=label, line=current[1])
            )
        if self.sequence:
            raise QuizSyntaxError(
                N_("'%(label)s' must come before the first question or text; move it to the top", label=label)
            )
        if name == "title" and self.description is not None:
            raise QuizSyntaxError(N_("'Quiz title:' must come before 'Quiz description:'; swap the two"))

    def _quiz_title(self, text: str, line: int) -> None:
        self._head("title", text, line)

    def _quiz_description(self, text: str, line: int) -> None:
        self._head("description", text, line)

    def _quiz_option(self, kind: str, text: str, line: int) -> None:
        label = QUIZ_OPTIONS[kind]
        if self.sequence:
            raise QuizSyntaxError(
                N_("'%(label)s' is a quiz option and must come before the first question; move it up", label=label)
            )
        if kind in self.options:
            raise QuizSyntaxError(
                N_(
                    "'%(label)s' is already set on line %(line)s; keep only one",
                    label=label,
                    line=self.options[kind][1],
                )
            )
        if text not in TRUE_FALSE_WORDS:
            raise QuizSyntaxError(N_("'%(label)s' must be true or false (it is '%(text)s')", label=label, text=text))
        if kind == "quiz_cant_go_back" and not self.option("quiz_one_question_at_a_time"):
            raise QuizSyntaxError(
                N_("'can't go back:' needs 'one question at a time: true' on a line above it; add that line first")
            )
        self.options[kind] = (text.lower() == "true", line)

    def _question_title(self, text: str, line: int) -> None:
        if "title" in self.pending:
            raise QuizSyntaxError(
                N_("the next question already has a 'Title:' on line %(line)s; keep only one",
                   line=self.pending["title"][1])
            )  # fmt: skip
        if "points" in self.pending:
            raise QuizSyntaxError(N_("'Title:' must come before 'Points:'; swap the two lines"))
        self.pending["title"] = (text, line)

    def _question_points(self, text: str, line: int) -> None:
        if "points" in self.pending:
            raise QuizSyntaxError(
                N_("the next question already has 'Points:' on line %(line)s; keep only one",
                   line=self.pending["points"][1])
            )  # fmt: skip
        self.pending["points"] = (None, line)  # stays pending when invalid, so the question still takes it
        self.pending["points"] = (parse_points(text), line)

    def _question(self, text: str, line: int) -> None:
        self._finalize_last()
        title = self.pending.get("title", (None, 0))[0]
        points = self.pending.get("points", (None, 0))[0]
        self.pending = {}
        question = QuestionDraft(
            text=text,
            line=line,
            title=title if isinstance(title, str) else None,
            points=points if isinstance(points, Decimal) else Decimal(1),
        )
        self.sequence.append(question)
        earlier = self.question_lines.setdefault(same_text(text), line)
        if earlier != line:
            self.report(
                line, N_("this question repeats the one on line %(line)s; make each question different", line=earlier)
            )
        if self.group is not None:
            self.group.add_question(question)

    def _text_title(self, text: str, line: int) -> None:
        self._finalize_last()
        self._refuse_text_in_group("Text title:")
        self.sequence.append(RegionDraft(line=line, title=text))

    def _text(self, text: str, line: int) -> None:
        self._finalize_last()
        self._refuse_text_in_group("Text:")
        last = self.sequence[-1] if self.sequence else None
        if isinstance(last, RegionDraft) and last.text is None:
            last.text = text
        else:
            self.sequence.append(RegionDraft(line=line, text=text))

    def _refuse_text_in_group(self, label: str) -> None:
        if self.group is not None:
            raise QuizSyntaxError(
                N_(
                    "'%(label)s' cannot sit inside a GROUP (each attempt draws questions from it at random); "
                    "move the text before GROUP or after END_GROUP",
                    label=label,
                )
            )

    def _start_group(self, text: str, line: int) -> None:
        if self.group is not None:
            raise QuizSyntaxError(
                N_(
                    "the GROUP on line %(line)s is still open and groups cannot be nested; "
                    "close it with END_GROUP first",
                    line=self.group.line,
                )
            )
        self._finalize_last()
        self.group = GroupDraft(line=line)
        self.sequence.append(GroupStart(self.group))

    def _end_group(self, text: str, line: int) -> None:
        if self.group is None:
            raise QuizSyntaxError(N_("END_GROUP without a GROUP line before it; add GROUP or remove this line"))
        self._finalize_last()
        for message in self.group.finalize():
            self.report(self.group.line, message)
        self.sequence.append(GroupEnd(self.group))
        self.group = None

    def finish(self) -> None:
        if self.pending:
            first = min(at for _value, at in self.pending.values())
            self.report(
                first, N_("'Title:' or 'Points:' with no question after it; add the question or remove the line")
            )
        self._finalize_last()
        if self.group is not None:
            self.report(self.group.line, N_("this GROUP is never closed; add END_GROUP after its last question"))
        if not self.problems and not any(isinstance(item, QuestionDraft) for item in self.sequence):
            self.report(self.body_line, NO_QUESTIONS)  # unless a broken question line explains it

    def quiz(self, settings: spec.Settings, default_title: str = "Quiz") -> spec.Quiz:
        """The spec, once `read` found no problems; `default_title` when the body names none."""
        items: list[spec.Item] = []
        possible = Decimal(0)
        group: GroupDraft | None = None
        for item in self.sequence:
            if isinstance(item, GroupStart):
                group = item.group
                items.append(group.to_spec())
                possible += group.pick * group.points_per_question
            elif isinstance(item, GroupEnd):
                group = None
            elif isinstance(item, RegionDraft):
                items.append(item.to_spec())
            elif group is None:
                items.append(item.to_spec())
                possible += item.points
        return spec.Quiz(
            title=self.title[0] if self.title is not None else default_title,
            description=self.description[0] if self.description else None,
            settings=settings,
            options=spec.Options(
                shuffle_answers=self.option("quiz_shuffle_answers"),
                show_correct_answers=self.option("quiz_show_correct_answers"),
                one_question_at_a_time=self.option("quiz_one_question_at_a_time"),
                cant_go_back=self.option("quiz_cant_go_back"),
            ),
            items=tuple(items),
            questions_possible=possible,
        )
