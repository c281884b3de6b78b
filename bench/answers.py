"""Right (or plausibly wrong) answers to a delivered quiz, in stored form and as form fields.

The load clients answer through real form posts; they know the key because they read the
attempt's layout and the quiz file, as an officer who studied well would know it.
"""

from __future__ import annotations

import random

from lms.quizzes import answers, spec
from lms.quizzes.layout import Slot, question_at


def stored_answer(question: spec.Question, right: bool, rng: random.Random) -> dict | None:
    correct = [i for i, c in enumerate(question.choices) if c.correct]
    wrong = [i for i in range(len(question.choices)) if i not in correct]
    if question.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE):
        return {"choice": correct[0] if right or not wrong else rng.choice(wrong)}
    if question.type == spec.MULTIPLE_ANSWERS:
        return {"choices": correct if right or len(correct) < 2 else correct[1:]}
    if question.type == spec.NUMERICAL:
        value = question.numerical.exact if question.numerical.exact is not None else question.numerical.min
        return {"text": str(value if right else value * 2 + 1)}
    if question.type == spec.SHORT_ANSWER:
        return {"text": question.choices[0].text if right else "not sure"}
    return None  # essays wait for an instructor


def stored_answers(quiz: spec.Quiz, layout: tuple[Slot, ...], skill: float, rng: random.Random) -> dict[int, dict]:
    """slot index -> stored response, each right with probability `skill`."""
    found = {}
    for index, slot in enumerate(layout):
        if slot.text:
            continue
        question, _points = question_at(quiz, slot)
        response = stored_answer(question, rng.random() < skill, rng)
        if response is not None:
            found[index] = response
    return found


def form_fields(layout: tuple[Slot, ...], stored: dict[int, dict]) -> list[tuple[str, str]]:
    """The (name, value) pairs a page would post for these stored answers."""
    pairs = []
    for index, response in sorted(stored.items()):
        name = answers.field_name(index)
        slot = layout[index]
        if "choice" in response:
            pairs.append((name, answers.choice_value(index, slot.choices.index(response["choice"]))))
        elif "choices" in response:
            pairs += [(name, answers.choice_value(index, slot.choices.index(i))) for i in response["choices"]]
        else:
            pairs.append((name, response["text"]))
    return pairs


def present(layout: tuple[Slot, ...]) -> str:
    return ",".join(str(i) for i, slot in enumerate(layout) if not slot.text)
