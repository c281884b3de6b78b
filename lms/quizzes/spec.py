"""The immutable quiz spec that the parser produces and grading and attempts consume.

Pure data: no Flask, no database. Strings are raw Markdown as written in the file (dedented);
rendering happens elsewhere. Numbers are Decimal so bounds and points compare exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

# text2qti's type names
MULTIPLE_CHOICE = "multiple_choice_question"
TRUE_FALSE = "true_false_question"
MULTIPLE_ANSWERS = "multiple_answers_question"
NUMERICAL = "numerical_question"
SHORT_ANSWER = "short_answer_question"
ESSAY = "essay_question"
# LETP's extensions of the format (text2qti refuses them): Canvas QTI's name for matching, Moodle's
# idea of ordering. A matching question's lines are `pairs`; an ordering question's items are its
# `choices`, in their correct order, each marked correct.
MATCHING = "matching_question"
ORDERING = "ordering_question"
QUESTION_TYPES = (MULTIPLE_CHOICE, TRUE_FALSE, MULTIPLE_ANSWERS, NUMERICAL, SHORT_ANSWER, ESSAY, MATCHING, ORDERING)
CHOICE_TYPES = (MULTIPLE_CHOICE, TRUE_FALSE, MULTIPLE_ANSWERS)

GRADING_METHODS = ("highest", "latest", "first", "average")
MULTIPLE_ANSWERS_SCORING = ("all_or_nothing", "partial")
REVIEW_POLICIES = ("after_submit", "after_pass", "after_last_attempt", "never")


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str | None = None


@dataclass(frozen=True)
class Pair:
    """A matching question's line `<> prompt -> answer`; a distractor (`<> -> answer`) has no prompt."""

    prompt: str | None
    answer: str


@dataclass(frozen=True)
class Numerical:
    """Accepted range, inclusive at both ends; `exact` is None for a [min, max] range."""

    min: Decimal
    exact: Decimal | None
    max: Decimal


@dataclass(frozen=True)
class Question:
    type: str
    text: str
    points: Decimal = Decimal(1)
    title: str | None = None
    feedback: str | None = None
    correct_feedback: str | None = None
    incorrect_feedback: str | None = None
    choices: tuple[Choice, ...] = ()  # for short answer: the accepted answers, all correct
    numerical: Numerical | None = None
    pairs: tuple[Pair, ...] = ()  # a matching question's pairs and distractors, in file order
    line: int = 0  # file line of the question's number, for messages

    def prompts(self) -> tuple[str, ...]:
        """A matching question's prompts, in file order (each is answered by one select)."""
        return tuple(p.prompt for p in self.pairs if p.prompt is not None)

    def options(self) -> tuple[str, ...]:
        """A matching question's answers to choose from: each distinct answer once, in file order
        (two prompts may share an answer; a distractor adds one that matches no prompt)."""
        return tuple(dict.fromkeys(p.answer for p in self.pairs))

    def key(self) -> tuple[int, ...]:
        """A matching question's key: for each prompt, the index of its answer in `options()`."""
        options = self.options()
        return tuple(options.index(p.answer) for p in self.pairs if p.prompt is not None)

    def distractors(self) -> tuple[int, ...]:
        """The indices in `options()` of the answers that match no prompt."""
        return tuple(sorted(set(range(len(self.options()))) - set(self.key())))


@dataclass(frozen=True)
class Group:
    """Each attempt draws `pick` questions; each is worth `points_per_question`."""

    pick: int
    points_per_question: Decimal
    questions: tuple[Question, ...]
    line: int = 0


@dataclass(frozen=True)
class TextRegion:
    title: str | None
    text: str | None
    line: int = 0


Item = Question | Group | TextRegion


@dataclass(frozen=True)
class FeedbackBand:
    min_percent: Decimal
    text: str


@dataclass(frozen=True)
class Settings:
    """LETP's front matter settings, with their defaults (shared/quiz-format.md)."""

    pass_percent: int = 70
    max_attempts: int | None = None
    cooldown_minutes: int = 0
    time_limit_minutes: int | None = None
    opens_at: datetime | None = None  # naive UTC
    closes_at: datetime | None = None
    grading: str = "highest"
    shuffle_questions: bool = False
    multiple_answers_scoring: str = "all_or_nothing"
    show_correct_answers: str = "after_pass"
    feedback_bands: tuple[FeedbackBand, ...] = ()


@dataclass(frozen=True)
class Options:
    """text2qti's quiz options from the body (`shuffle answers:` and friends)."""

    shuffle_answers: bool = False
    show_correct_answers: bool = True
    one_question_at_a_time: bool = False
    cant_go_back: bool = False


@dataclass(frozen=True)
class Quiz:
    title: str
    description: str | None
    settings: Settings
    options: Options
    items: tuple[Item, ...]
    questions_possible: Decimal = field(default=Decimal(0))  # points an attempt can earn

    def questions(self) -> tuple[Question, ...]:
        """Every question in the file, groups included, in file order."""
        found: list[Question] = []
        for item in self.items:
            if isinstance(item, Question):
                found.append(item)
            elif isinstance(item, Group):
                found.extend(item.questions)
        return tuple(found)


def number(value: Decimal) -> int | float:
    """A Decimal as the plainest JSON number."""
    return int(value) if value == value.to_integral_value() else float(value)


def to_json(quiz: Quiz) -> dict[str, Any]:
    """The `flask lms quiz-json` shape (issue 3): raw Markdown strings, settings with defaults."""

    def question(q: Question) -> dict[str, Any]:
        return {
            "kind": "question",
            "type": q.type,
            "title": q.title,
            "points": number(q.points),
            "text": q.text,
            "feedback": q.feedback,
            "correct_feedback": q.correct_feedback,
            "incorrect_feedback": q.incorrect_feedback,
            "choices": [{"text": c.text, "correct": c.correct, "feedback": c.feedback} for c in q.choices],
            "pairs": [{"prompt": p.prompt, "answer": p.answer} for p in q.pairs],
            "numerical": None
            if q.numerical is None
            else {
                "min": number(q.numerical.min),
                "exact": None if q.numerical.exact is None else number(q.numerical.exact),
                "max": number(q.numerical.max),
            },
        }

    def item(i: Item) -> dict[str, Any]:
        if isinstance(i, Question):
            return question(i)
        if isinstance(i, Group):
            return {"kind": "group", "pick": i.pick, "points_per_question": number(i.points_per_question),
                    "questions": [question(q) for q in i.questions]}  # fmt: skip
        return {"kind": "text", "title": i.title, "text": i.text}

    s = quiz.settings
    settings = {
        "pass_percent": s.pass_percent,
        "max_attempts": s.max_attempts,
        "cooldown_minutes": s.cooldown_minutes,
        "time_limit_minutes": s.time_limit_minutes,
        "opens_at": s.opens_at.isoformat() + "Z" if s.opens_at else None,
        "closes_at": s.closes_at.isoformat() + "Z" if s.closes_at else None,
        "grading": s.grading,
        "shuffle_questions": s.shuffle_questions,
        "multiple_answers_scoring": s.multiple_answers_scoring,
        "show_correct_answers": s.show_correct_answers,
        "feedback_bands": [{"min_percent": number(b.min_percent), "text": b.text} for b in s.feedback_bands],
    }
    return {"title": quiz.title, "settings": settings, "items": [item(i) for i in quiz.items]}
