"""Questions and groups while a quiz body is read: text2qti 0.8.0's rules for what each may hold.

A broken rule raises `QuizSyntaxError`, which the reader reports before going on to the next
line; the draft is left in the state that causes the fewest knock-on problems. Points and
numerical answers are read into Decimals. Messages are lms.i18n.Messages (English, translatable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import N_, Message
from . import spec
from .numerical import QuizSyntaxError, parse_numerical

TRUE_FALSE_WORDS = ("true", "True", "false", "False")
ANSWER_KINDS = {
    spec.MULTIPLE_CHOICE: N_("single-choice answers ('a)' and '*a)' lines)"),
    spec.MULTIPLE_ANSWERS: N_("multiple-answer choices ('[ ]' and '[*]' lines)"),
    spec.SHORT_ANSWER: N_("short answers ('*' lines)"),
    spec.NUMERICAL: N_("a numerical answer ('=' line)"),
    spec.ESSAY: N_("an essay response ('___' line)"),
    spec.MATCHING: N_("matching pairs ('<>' lines)"),
    spec.ORDERING: N_("items to put in order ('1)' lines)"),
}
# `prompt -> answer`: the first arrow with white space (or the line's start) before it and white space after.
ARROW = re.compile(r"(?:^|(?<=\s))->(?=\s)")
UPLOAD_REFUSED = N_(
    "file-upload questions ('^^^') are not supported: the platform stores no uploaded files; "
    "use an essay question instead (a line of '___')"
)


def same_text(text: str) -> str:
    """The form in which two answers or questions count as the same (spacing ignored)."""
    return " ".join(text.split())


@dataclass
class ChoiceDraft:
    text: str
    correct: bool
    line: int
    feedback: str | None = None
    feedback_line: int = 0


@dataclass
class QuestionDraft:
    text: str
    line: int
    title: str | None = None
    points: Decimal = Decimal(1)
    type: str | None = None
    type_line: int = 0
    choices: list[ChoiceDraft] = field(default_factory=list)
    pairs: list[tuple[str | None, str, int]] = field(default_factory=list)  # prompt, answer, line
    feedback: dict[str, tuple[str, int]] = field(default_factory=dict)  # kind -> (text, line)
    numerical: spec.Numerical | None = None
    finalized: bool = False

    def _set_type(self, kind: str, line: int, *, repeatable: bool) -> None:
        if self.type is None:
            self.type, self.type_line = kind, line
        elif self.type != kind:
            have = ANSWER_KINDS.get(self.type, self.type)
            raise QuizSyntaxError(
                N_(
                    "this question already has %(answers)s from line %(line)s, and a question takes one kind "
                    "of answer; remove this line or start a new question for it",
                    answers=have,
                    line=self.type_line,
                )
            )
        elif not repeatable:
            raise QuizSyntaxError(
                N_(
                    "this question already has %(answers)s on line %(line)s; keep only one",
                    answers=ANSWER_KINDS[kind],
                    line=self.type_line,
                )
            )

    def add_feedback(self, kind: str, text: str, line: int) -> None:
        """`...` (general, or for the choice above), `+`, `-`, or a `!` solution."""
        names = {"feedback": N_("general feedback ('...')"), "correct_feedback": N_("'+' feedback (shown when right)"),
                 "incorrect_feedback": N_("'-' feedback (shown when wrong)"), "solution": N_("a '!' solution")}  # fmt: skip
        if kind == "feedback" and self.choices:
            self._add_choice_feedback(text, line)
            return
        if self.type is not None:
            if kind == "feedback":
                raise QuizSyntaxError(N_("%(what)s must come right after the question text; move it above line %(line)s",
                                         what=names[kind], line=self.type_line))  # fmt: skip
            raise QuizSyntaxError(N_("%(what)s must come before the question's answers; move it above line %(line)s",
                                     what=names[kind], line=self.type_line))  # fmt: skip
        if kind in self.feedback:
            raise QuizSyntaxError(
                N_("the question already has %(what)s on line %(line)s; merge the two into one",
                   what=names[kind], line=self.feedback[kind][1])
            )  # fmt: skip
        self.feedback[kind] = (text, line)

    def _add_choice_feedback(self, text: str, line: int) -> None:
        choice = self.choices[-1]
        if self.type == spec.ORDERING:
            raise QuizSyntaxError(
                N_(
                    "items to put in order cannot have feedback of their own; give the question general feedback "
                    "with a '...' line before its first '1)' item"
                )
            )
        if self.type == spec.SHORT_ANSWER:
            raise QuizSyntaxError(
                N_(
                    "short answers cannot have feedback of their own; give the question general feedback "
                    "with a '...' line before its first '*' answer"
                )
            )
        if choice.feedback is not None:
            raise QuizSyntaxError(
                N_(
                    "the answer on line %(line)s already has feedback on line %(feedback_line)s; "
                    "merge the two into one '...'",
                    line=choice.line,
                    feedback_line=choice.feedback_line,
                )
            )
        choice.feedback, choice.feedback_line = text, line

    def add_choice(self, kind: str, text: str, correct: bool, line: int) -> None:
        self._set_type(kind, line, repeatable=True)
        for other in self.choices:
            if same_text(other.text) == same_text(text):
                raise QuizSyntaxError(
                    N_("this answer repeats the one on line %(line)s; make each answer different", line=other.line)
                )
        self.choices.append(ChoiceDraft(text, correct, line))

    def add_pair(self, text: str, line: int) -> None:
        """A matching line `<> prompt -> answer`, or `<> -> answer` for an answer no prompt has."""
        self._set_type(spec.MATCHING, line, repeatable=True)
        arrow = ARROW.search(text)
        if arrow is None:
            raise QuizSyntaxError(
                N_(
                    "write a matching line as '<> prompt -> answer' (spaces around the arrow), or '<> -> answer' "
                    "for an answer that matches no prompt"
                )
            )
        prompt, answer = text[: arrow.start()].strip() or None, text[arrow.end() :].strip()
        if not answer:
            raise QuizSyntaxError(N_("the matching line has no answer after '->'; write it as '<> prompt -> answer'"))
        earlier = list(self.pairs)
        self.pairs.append((prompt, answer, line))  # kept even when refused below: no knock-on "too few prompts"
        for other_prompt, other_answer, other_line in earlier:
            if prompt is not None and other_prompt is not None and same_text(prompt) == same_text(other_prompt):
                raise QuizSyntaxError(
                    N_("this prompt repeats the one on line %(line)s; make each prompt different", line=other_line)
                )
            if (prompt is None or other_prompt is None) and same_text(answer) == same_text(other_answer):
                raise QuizSyntaxError(
                    N_(
                        "the answer '%(answer)s' is already on line %(line)s; an answer that matches no prompt must "
                        "differ from the others",
                        answer=answer,
                        line=other_line,
                    )
                )

    def add_order_item(self, marker: str, text: str, line: int) -> None:
        """An ordering item `2)`: items are numbered from 1 in their correct order."""
        self._set_type(spec.ORDERING, line, repeatable=True)
        expected = len(self.choices) + 1
        if marker != f"{expected})":
            raise QuizSyntaxError(
                N_(
                    "items to put in order are numbered 1), 2), 3) … in their correct order; this one should be "
                    "%(expected)s) where it is %(marker)s",
                    expected=expected,
                    marker=marker,
                )
            )
        self.add_choice(spec.ORDERING, text, True, line)

    def add_response(self, kind: str, line: int) -> None:
        """An essay `___` (or a refused upload `^^^`, read as an essay so checking can go on)."""
        if kind == "upload":
            if self.type is None:
                self.type, self.type_line = spec.ESSAY, line
            raise QuizSyntaxError(UPLOAD_REFUSED)
        self._set_type(spec.ESSAY, line, repeatable=False)
        if "correct_feedback" in self.feedback or "incorrect_feedback" in self.feedback:
            raise QuizSyntaxError(
                N_(
                    "an essay question cannot have '+' or '-' feedback (nothing is marked right or wrong "
                    "automatically); use '...' general feedback instead"
                )
            )

    def add_numerical(self, text: str, line: int) -> None:
        self._set_type(spec.NUMERICAL, line, repeatable=False)
        self.numerical = parse_numerical(text)

    def finalize(self) -> list[Message]:
        """What is missing once the question is complete (text2qti's checks), as messages; once only."""
        if self.finalized:
            return []
        self.finalized = True
        if self.type is None:
            return [
                N_(
                    "the question has no answers; add choices ('a)', '*a)'), multiple answers ('[ ]', '[*]'), "
                    "short answers ('*'), a numerical answer ('=') or an essay response ('___') below it"
                )
            ]
        if self.type == spec.MATCHING and sum(prompt is not None for prompt, _a, _l in self.pairs) < 2:
            return [N_("a matching question needs at least two prompts ('<> prompt -> answer'); add another")]
        if self.type == spec.ORDERING and len(self.choices) < 2:
            return [N_("a question to put in order needs at least two items ('1)', '2)'); add another")]
        if self.type not in spec.CHOICE_TYPES:
            return []
        two_words = len(self.choices) == 2 and all(c.text in TRUE_FALSE_WORDS for c in self.choices)
        if self.type == spec.MULTIPLE_CHOICE and two_words:
            self.type = spec.TRUE_FALSE
        problems = []
        correct = sum(c.correct for c in self.choices)
        if len(self.choices) < 2:
            problems.append(N_("the question needs at least two choices; add another"))
        if correct < 1:
            marker = "[*]" if self.type == spec.MULTIPLE_ANSWERS else "*a)"
            problems.append(N_("no choice is marked correct; mark the right one like '%(marker)s'", marker=marker))
        if correct > 1 and self.type != spec.MULTIPLE_ANSWERS:
            problems.append(
                N_(
                    "a single-choice question has exactly one correct choice ('*a)'); "
                    "to accept several, write the choices as '[*]' and '[ ]' lines"
                )
            )
        return problems

    def to_spec(self) -> spec.Question:
        def feedback(kind: str) -> str | None:
            return self.feedback[kind][0] if kind in self.feedback else None

        return spec.Question(
            type=self.type or spec.ESSAY,
            text=self.text,
            points=self.points,
            title=self.title,
            feedback=feedback("feedback"),
            correct_feedback=feedback("correct_feedback"),
            incorrect_feedback=feedback("incorrect_feedback"),
            choices=tuple(spec.Choice(c.text, c.correct, c.feedback) for c in self.choices),
            numerical=self.numerical,
            pairs=tuple(spec.Pair(prompt, answer) for prompt, answer, _line in self.pairs),
            line=self.line,
        )


@dataclass
class GroupDraft:
    line: int
    pick: int = 1
    points_per_question: int = 1
    solutions_pick: int | None = None
    set_lines: dict[str, int] = field(default_factory=dict)  # option name -> line
    questions: list[QuestionDraft] = field(default_factory=list)

    def set_option(self, name: str, text: str, line: int) -> None:
        """`pick:`, `solutions pick:` or `points per question:`, before the group's first question."""
        label = {"pick": "pick:", "solutions_pick": "solutions pick:", "points_per_question": "points per question:"}
        if self.questions:
            raise QuizSyntaxError(
                N_("'%(label)s' must come right after GROUP, before the group's first question", label=label[name])
            )
        earlier = self.set_lines.get(name)
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise QuizSyntaxError(
                N_(
                    "'%(label)s' must be a positive whole number, like 2 (it is '%(text)s')",
                    label=label[name],
                    text=text,
                )
            )
        if name == "pick" and self.solutions_pick is not None and value > self.solutions_pick:
            raise QuizSyntaxError(N_("'pick:' cannot be larger than 'solutions pick:'"))
        if name == "solutions_pick" and value < self.pick:
            raise QuizSyntaxError(N_("'solutions pick:' cannot be smaller than 'pick:'"))
        setattr(self, name, value)  # a repeated option still takes effect (as in text2qti) but is refused
        self.set_lines[name] = line
        if earlier is not None:
            raise QuizSyntaxError(
                N_("'%(label)s' is already set on line %(line)s; keep only one", label=label[name], line=earlier)
            )

    def add_question(self, question: QuestionDraft) -> None:
        self.questions.append(question)
        first = self.questions[0]
        if question.points != first.points:
            raise QuizSyntaxError(
                N_(
                    "every question in a group must have the same points; this one has %(points)s "
                    "but the question on line %(line)s has %(first_points)s",
                    points=spec.number(question.points),
                    line=first.line,
                    first_points=spec.number(first.points),
                ),
                line=question.line,
            )

    def finalize(self) -> list[Message]:
        needed = max(self.pick, self.solutions_pick or 0)
        if len(self.questions) < needed:
            return [
                N_(
                    "the group draws %(needed)s question(s) but holds only %(held)s; add questions or lower 'pick:'",
                    needed=needed,
                    held=len(self.questions),
                )
            ]
        return []

    def to_spec(self) -> spec.Group:
        return spec.Group(
            pick=self.pick,
            points_per_question=Decimal(self.points_per_question),
            questions=tuple(q.to_spec() for q in self.questions),
            line=self.line,
        )


@dataclass
class RegionDraft:
    line: int
    title: str | None = None
    text: str | None = None

    def to_spec(self) -> spec.TextRegion:
        return spec.TextRegion(title=self.title, text=self.text, line=self.line)
