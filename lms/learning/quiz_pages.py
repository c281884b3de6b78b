"""What the attempt and review pages show, assembled from an attempt and its quiz version.

Attempt pages get question text and choices only: no correctness, no feedback (security.md C1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from .. import clock
from ..catalog import service as content
from ..quizzes import answers, grading, rules, service, spec
from ..quizzes.layout import question_at
from ..quizzes.models import AttemptState
from ..quizzes.render import QuestionHtml, RenderedQuiz


def rendered_for(entry, attempt) -> RenderedQuiz:
    """The HTML of the version the attempt was taken on (usually the current file), in the
    language it was taken in."""
    return content.rendered_version(entry, attempt.text_version or attempt.version)


@dataclass(frozen=True)
class SelectRow:
    """One select of a matching question (a prompt) or an ordering question (an item)."""

    label: str  # the prompt's or the item's HTML
    options: tuple[tuple[str, str, bool], ...]  # (value, text, selected), "choose" not included
    chosen: str | None  # the text of the option saved, for the review
    right: str  # the key's option text (shown only when answers are visible)

    @property
    def correct(self) -> bool:
        return self.chosen == self.right


@dataclass(frozen=True)
class ShownSlot:
    index: int
    number: int | None  # question number on the page; None for a text region
    question: spec.Question | None
    html: QuestionHtml | None
    points: object = None
    choices: tuple = ()  # (value, html, checked, file index)
    text_value: str = ""
    text_region: tuple | None = None
    stored: dict | None = None
    understood: Decimal | None = None  # a numerical answer's value, as read when it was saved
    rows: tuple[SelectRow, ...] = ()  # a matching or ordering question's selects


def _slots(entry, attempt) -> list[ShownSlot]:
    quiz = service.spec_of(attempt)
    html = rendered_for(entry, attempt)
    saved = {a.slot: json.loads(a.response) for a in attempt.answers}
    shown, number = [], 0
    for index, slot in enumerate(service.layout_of(attempt)):
        if slot.text:
            shown.append(ShownSlot(index, None, None, None, text_region=html.text(slot)))
            continue
        number += 1
        question, points = question_at(quiz, slot)
        stored = saved.get(index)
        checked = answers.chosen_positions(slot, stored)
        qhtml = html.question(slot)
        choices = tuple((answers.choice_value(index, pos), qhtml.choices[file_index], pos in checked, file_index)
                        for pos, file_index in enumerate(slot.choices)
                        if question.type in spec.CHOICE_TYPES)  # fmt: skip
        text_value = (stored or {}).get("text", "")
        understood = answers.number_value(stored) if question.type == spec.NUMERICAL else None
        rows = _rows(index, question, qhtml, slot, stored)
        shown.append(ShownSlot(index, number, question, qhtml, points, choices, text_value, None, stored, understood,
                               rows))  # fmt: skip
    return shown


def _rows(index: int, question: spec.Question, qhtml: QuestionHtml, slot, stored) -> tuple[SelectRow, ...]:
    """The selects of a matching question (a prompt each, its answers in the slot's order) or an
    ordering question (an item each, in the slot's order, with places 1 to n)."""
    saved = answers.selected(slot, stored)
    if question.type == spec.MATCHING:
        texts = [qhtml.options[i] for i in slot.choices]
        key = question.key()
        return tuple(_row(index, row, qhtml.prompts[p], texts, saved.get(row), qhtml.options[key[p]])
                     for row, p in enumerate(slot.prompts))  # fmt: skip
    if question.type == spec.ORDERING:
        places = [str(place + 1) for place in range(len(slot.choices))]
        return tuple(_row(index, row, qhtml.choices[i], places, saved.get(row), str(i + 1))
                     for row, i in enumerate(slot.choices))  # fmt: skip
    return ()


def _row(index: int, row: int, label: str, texts: list[str], chosen: int | None, right: str) -> SelectRow:
    options = tuple((answers.select_value(index, row, position), text, position == chosen)
                    for position, text in enumerate(texts))  # fmt: skip
    return SelectRow(label, options, texts[chosen] if chosen is not None else None, right)


@dataclass(frozen=True)
class QuestionState:
    """One question in the navigator and the summary: where it is and whether it has an answer."""

    number: int
    index: int  # slot in the layout
    page: int  # the page that shows it (0 when the quiz is one page)
    answered: bool
    reachable: bool  # the officer may still go to it ("can't go back" closes earlier pages)


def question_states(quiz, slots: list[ShownSlot], attempt) -> list[QuestionState]:
    questions = [s for s in slots if s.question is not None]
    one_at_a_time = quiz.options.one_question_at_a_time and len(questions) > 1
    furthest = rules.clamp_page(attempt.page, len(questions)) if one_at_a_time else 0
    states = []
    for position, s in enumerate(questions):
        page = position if one_at_a_time else 0
        reachable = not quiz.options.cant_go_back or page == furthest
        states.append(QuestionState(s.number or 0, s.index, page, answers.is_answered(s.stored), reachable))
    return states


def remaining_seconds(attempt) -> int | None:
    if not attempt.deadline_at:
        return None
    return max(0, int((attempt.deadline_at - clock.now()).total_seconds()))


def summary_view(entry, attempt) -> dict:
    """The "summary of attempt" step before submitting: every question, answered or not."""
    quiz = service.spec_of(attempt)
    states = question_states(quiz, _slots(entry, attempt), attempt)
    return {
        "entry": entry,
        "attempt": attempt,
        "quiz": quiz,
        "questions": states,
        "answered": sum(q.answered for q in states),
        "one_at_a_time": quiz.options.one_question_at_a_time and len(states) > 1,
        "remaining": remaining_seconds(attempt),
    }


def attempt_view(entry, attempt, page: int | None) -> dict:
    """The page to show: `page` clamped to the quiz's pages; with "can't go back" always the
    furthest page reached, whatever `page` says (only the form's "next" moves it)."""
    quiz = service.spec_of(attempt)
    slots = _slots(entry, attempt)
    states = question_states(quiz, slots, attempt)
    questions = [s for s in slots if s.question is not None]
    one_at_a_time = quiz.options.one_question_at_a_time and len(questions) > 1
    page_count = len(questions) if one_at_a_time else 1
    current = 0
    if one_at_a_time:
        furthest = rules.clamp_page(attempt.page, page_count)
        current = furthest if quiz.options.cant_go_back or page is None else rules.clamp_page(page, page_count)
        target = questions[current].index
        previous_question = questions[current - 1].index if current else -1
        slots = [s for s in slots if previous_question < s.index <= target]
    remaining = remaining_seconds(attempt)
    return {
        "entry": entry,
        "attempt": attempt,
        "quiz": quiz,
        "slots": slots,
        "present": ",".join(str(s.index) for s in slots if s.question is not None),
        "one_at_a_time": one_at_a_time,
        "page": current,
        "page_count": page_count,
        "can_go_back": not quiz.options.cant_go_back,
        "remaining": remaining,
        "description": rendered_for(entry, attempt).description,
        "questions": states,
        "answered": sum(q.answered for q in states),
        "errors": {},
        "typed": {},
    }


def review_view(entry, attempt, status, visible: bool) -> dict:
    """The review of a finished attempt; `visible` (service.answers_visible) gates the key and
    answer feedback. While another attempt is open, per-question scores are left out too:
    they would flag which answers to copy."""
    quiz = service.spec_of(attempt)
    slots = _slots(entry, attempt)
    scores = {a.slot: a.score for a in attempt.answers}
    band = None
    if attempt.percent is not None:
        band = grading.feedback_for(quiz.settings.feedback_bands, grading.Fraction(attempt.percent))
    return {
        "entry": entry,
        "attempt": attempt,
        "quiz": quiz,
        "slots": slots,
        "scores": scores,
        "answers_by_slot": {a.slot: a for a in attempt.answers},
        "answers_visible": visible,
        "attempt_open": status.in_progress is not None,
        "band": band,
        "status": status,
        "spec": spec,
    }


def record_view(entry, attempt) -> dict:
    """A coordinator's read-only look at an attempt: the answers given and, once graded, the
    scores; never the answer key or its feedback (a coordinator is not an examiner)."""
    quiz = service.spec_of(attempt)
    return {
        "entry": entry,
        "attempt": attempt,
        "quiz": quiz,
        "slots": _slots(entry, attempt),
        "scores": {a.slot: a.score for a in attempt.answers},
        "answers_by_slot": {a.slot: a for a in attempt.answers},
        "answers_visible": False,
        "attempt_open": attempt.state == AttemptState.IN_PROGRESS,
    }
