"""Regrade an attempt taken on an older quiz version against the current one. Pure.

An attempt can be regraded when every question it showed still exists at the same place in
the new version with the same type and the same number of choices (of a matching question, prompts and
answers); otherwise the reason is
returned and the attempt keeps its grade. The grading itself is quizzes.grading.grade_attempt,
the same for the preview and for the regrade that is applied.
"""

from __future__ import annotations

from ..i18n import N_, Message
from ..quizzes import spec
from ..quizzes.layout import Slot, question_at


def shape_problem(old: spec.Quiz, new: spec.Quiz, layout: tuple[Slot, ...]) -> Message | None:
    for slot in layout:
        if slot.text:
            continue
        try:
            before, _ = question_at(old, slot)
            after, _ = question_at(new, slot)
        except (IndexError, AssertionError, AttributeError, TypeError):
            return N_("a question it showed is gone from the current version")
        shape = (before.type, len(before.choices), len(before.prompts()), len(before.options()))
        if shape != (after.type, len(after.choices), len(after.prompts()), len(after.options())):
            return N_("question %(number)s changed type or number of choices", number=slot.item + 1)
    return None
