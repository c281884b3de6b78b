"""Answers to a delivered quiz as the form fields a page would post.

The load clients answer through real form posts; they pick answers with `lms.demo.sample_answers`
(the attempt's layout and the quiz file, as an officer who studied well would know them).
"""

from __future__ import annotations

from lms.quizzes import answers
from lms.quizzes.layout import Slot


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
