"""What one attempt shows: which questions, in which order, with which choice order. Pure.

Everything derives from the attempt's seed, so a reload shows the same page. Groups draw
`pick` of their questions; `shuffle_questions` shuffles question positions (text regions stay
where the author put them); text2qti's `shuffle answers:` shuffles choices of single-choice
and multiple-answers questions (true/false keeps True before False), and a matching question's
prompts. A matching question's answers and an ordering question's items are always shuffled, as
in Moodle: in file order they would give the key away (an ordering is never shown already right).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import spec


@dataclass(frozen=True)
class Slot:
    item: int  # index into quiz.items
    member: int | None = None  # index into the group's questions
    choices: tuple[int, ...] = ()  # file indices of the choices, in delivered order (matching: of its options())
    text: bool = False  # a text region, not a question
    prompts: tuple[int, ...] = ()  # a matching question's prompts (indices of prompts()), in delivered order


def build_layout(quiz: spec.Quiz, seed: int) -> tuple[Slot, ...]:
    rng = random.Random(seed)  # noqa: S311 - reproducible order from the stored seed, not a secret
    slots: list[Slot] = []

    def question_slot(item: int, member: int | None, question: spec.Question) -> Slot:
        if question.type == spec.MATCHING:
            return _matching_slot(item, member, question, quiz.options.shuffle_answers, rng)
        if question.type == spec.ORDERING:
            return Slot(item, member, _shuffled_out_of_order(len(question.choices), rng))
        order = list(range(len(question.choices))) if question.type in spec.CHOICE_TYPES else []
        if quiz.options.shuffle_answers and question.type in (spec.MULTIPLE_CHOICE, spec.MULTIPLE_ANSWERS):
            rng.shuffle(order)
        return Slot(item, member, tuple(order))

    for index, item in enumerate(quiz.items):
        if isinstance(item, spec.Question):
            slots.append(question_slot(index, None, item))
        elif isinstance(item, spec.Group):
            for member in sorted(rng.sample(range(len(item.questions)), item.pick)):
                slots.append(question_slot(index, member, item.questions[member]))
        else:
            slots.append(Slot(index, text=True))
    if quiz.settings.shuffle_questions:
        positions = [i for i, s in enumerate(slots) if not s.text]
        moved = [slots[i] for i in positions]
        rng.shuffle(moved)
        for position, slot in zip(positions, moved, strict=True):
            slots[position] = slot
    return tuple(slots)


def _matching_slot(item: int, member: int | None, question: spec.Question, shuffle_prompts: bool,
                   rng: random.Random) -> Slot:  # fmt: skip
    prompts = list(range(len(question.prompts())))
    if shuffle_prompts:
        rng.shuffle(prompts)
    options = list(range(len(question.options())))
    rng.shuffle(options)
    return Slot(item, member, tuple(options), prompts=tuple(prompts))


def _shuffled_out_of_order(count: int, rng: random.Random) -> tuple[int, ...]:
    """A random order of `count` items that is not the correct one (a rotation when it was)."""
    order = list(range(count))
    rng.shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return tuple(order)


def question_at(quiz: spec.Quiz, slot: Slot) -> tuple[spec.Question, Decimal]:
    """The question a slot shows and the points it is worth (a group's points per question)."""
    item = quiz.items[slot.item]
    if isinstance(item, spec.Group):
        assert slot.member is not None  # build_layout gives every slot of a group its member
        return item.questions[slot.member], item.points_per_question
    assert isinstance(item, spec.Question)
    return item, item.points


def question_pages(quiz: spec.Quiz, layout: tuple[Slot, ...]) -> tuple[int, ...]:
    """The slot of each page's question when the quiz shows one question at a time, else ().

    A page also shows the text regions just before its question.
    """
    questions = tuple(index for index, slot in enumerate(layout) if not slot.text)
    return questions if quiz.options.one_question_at_a_time and len(questions) > 1 else ()


def possible(quiz: spec.Quiz, layout: tuple[Slot, ...]) -> Decimal:
    return sum((question_at(quiz, s)[1] for s in layout if not s.text), Decimal(0))


def dump(layout: tuple[Slot, ...]) -> list[dict[str, Any]]:
    return [{"item": s.item, "member": s.member, "choices": list(s.choices), "text": s.text}
            | ({"prompts": list(s.prompts)} if s.prompts else {}) for s in layout]  # fmt: skip


def load(data: list[dict[str, Any]]) -> tuple[Slot, ...]:
    return tuple(Slot(d["item"], d["member"], tuple(d["choices"]), d["text"], tuple(d.get("prompts", ())))
                 for d in data)  # fmt: skip
