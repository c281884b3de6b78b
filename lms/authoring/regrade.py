"""Regrade an attempt taken on an older quiz version against the current one. Pure.

An attempt can be regraded when every question it showed still exists at the same place in
the new version with the same type and the same number of choices; otherwise the reason is
returned and the attempt keeps its grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..quizzes import answers, grading, spec
from ..quizzes.layout import Slot, possible, question_at


@dataclass(frozen=True)
class Outcome:
    score: Fraction
    possible: Decimal
    passed: bool
    per_slot: dict[int, Fraction]
    pending: bool  # an essay still waits for its mark


def shape_problem(old: spec.Quiz, new: spec.Quiz, layout: tuple[Slot, ...]) -> str | None:
    for slot in layout:
        if slot.text:
            continue
        try:
            before, _ = question_at(old, slot)
            after, _ = question_at(new, slot)
        except (IndexError, AssertionError, AttributeError, TypeError):
            return "a question it showed is gone from the current version"
        if before.type != after.type or len(before.choices) != len(after.choices):
            return f"question {slot.item + 1} changed type or number of choices"
    return None


def regrade(
    new: spec.Quiz, layout: tuple[Slot, ...], stored: dict[int, dict | None], essay_marks: dict[int, Decimal]
) -> Outcome:
    earned, per_slot, pending = Fraction(0), {}, False
    for index, slot in enumerate(layout):
        if slot.text:
            continue
        question, points = question_at(new, slot)
        if question.type == spec.ESSAY:
            if stored.get(index) is None:
                continue
            if index not in essay_marks:
                pending = True
                continue
            per_slot[index] = Fraction(essay_marks[index])
        else:
            per_slot[index] = grading.grade_question(question, answers.for_grading(question, stored.get(index)), points,
                                                     new.settings.multiple_answers_scoring)  # fmt: skip
        earned += per_slot[index]
    total = possible(new, layout)
    return Outcome(earned, total, grading.passed(earned, Fraction(total), new.settings.pass_percent), per_slot, pending)
