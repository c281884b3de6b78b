"""Officers' responses: from form fields to stored JSON to grading input, checked strictly. Pure.

On the page a choice is named `<slot>-<position>` (its place in the delivered order), never by
its index in the file, so a page reveals nothing about the key, and a value from another
question, an unknown one or a duplicate is refused (shared/security.md C8).

A matching question sends one select per prompt, `<slot>-<prompt position>-<answer position>`,
and is stored as {"matches": [answer index in options(), or None, for each prompt in file order]}.
An ordering question sends one select per item, `<slot>-<item position>-<place>` (place from 0),
and is stored as {"places": [place, or None, for each item in file order]}. An empty select sends "".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from . import spec
from .layout import Slot, question_at
from .numbers import Reading, parse_number, read_number

MAX_SHORT_TEXT = 200
MAX_ESSAY_TEXT = 20_000


class BadAnswer(ValueError):
    """A response the page could not have produced; the request gets 400 and nothing is saved."""


def field_name(slot_index: int) -> str:
    return f"q{slot_index}"


def choice_value(slot_index: int, position: int) -> str:
    return f"{slot_index}-{position}"


def select_value(slot_index: int, row: int, position: int) -> str:
    return f"{slot_index}-{row}-{position}"


def parse(
    quiz: spec.Quiz, layout: Sequence[Slot], slots: Sequence[int], form: Mapping[int, list[str]]
) -> dict[int, Any]:
    """Responses for `slots` from the submitted values (form[slot] = every value sent for it).

    A slot with nothing chosen or typed maps to None (its saved answer is cleared).
    """
    result: dict[int, Any] = {}
    for index in slots:
        if not 0 <= index < len(layout) or layout[index].text:
            raise BadAnswer(f"there is no question {index} in this attempt")
        slot = layout[index]
        question, _points = question_at(quiz, slot)
        values = form.get(index, [])
        result[index] = _parse_one(question, slot, index, values)
    return result


def _parse_one(question: spec.Question, slot: Slot, index: int, values: list[str]) -> Any:
    kind = question.type
    if kind == spec.MATCHING:
        matches = _selects(index, values, len(slot.prompts), len(slot.choices))
        found: list[int | None] = [None] * len(slot.prompts)
        for prompt_position, option_position in matches.items():
            found[slot.prompts[prompt_position]] = slot.choices[option_position]
        return {"matches": found} if matches else None
    if kind == spec.ORDERING:
        places = _selects(index, values, len(slot.choices), len(slot.choices))
        ordered: list[int | None] = [None] * len(slot.choices)
        for item_position, place in places.items():
            ordered[slot.choices[item_position]] = place
        return {"places": ordered} if places else None
    if kind in spec.CHOICE_TYPES:
        positions = []
        for value in values:
            prefix, _, position = value.partition("-")
            if prefix != str(index) or not position.isdigit() or int(position) >= len(slot.choices):
                raise BadAnswer(f"'{value[:40]}' is not a choice of question {index}")
            positions.append(int(position))
        if len(set(positions)) != len(positions):
            raise BadAnswer(f"a choice of question {index} was sent twice")
        file_indices = sorted(slot.choices[p] for p in positions)
        if kind == spec.MULTIPLE_ANSWERS:
            return {"choices": file_indices} if file_indices else None
        if len(file_indices) > 1:
            raise BadAnswer(f"question {index} takes one choice")
        return {"choice": file_indices[0]} if file_indices else None
    if len(values) > 1:
        raise BadAnswer(f"question {index} takes one answer")
    text = values[0] if values else ""
    limit = MAX_ESSAY_TEXT if kind == spec.ESSAY else MAX_SHORT_TEXT
    if len(text) > limit:
        raise BadAnswer(f"the answer to question {index} is longer than {limit:,} characters")
    if "\x00" in text:
        raise BadAnswer(f"the answer to question {index} contains a NUL character")
    return {"text": text} if text.strip() else None


def _selects(index: int, values: list[str], rows: int, options: int) -> dict[int, int]:
    """The selects of a matching or ordering question: row position -> option position, each row once."""
    chosen: dict[int, int] = {}
    for value in values:
        if not value:
            continue  # a select left on "choose"
        parts = value.split("-")
        if (len(parts) != 3 or parts[0] != str(index) or not (parts[1].isdigit() and parts[2].isdigit())
                or int(parts[1]) >= rows or int(parts[2]) >= options):  # fmt: skip
            raise BadAnswer(f"'{value[:40]}' is not an answer of question {index}")
        if int(parts[1]) in chosen:
            raise BadAnswer(f"a row of question {index} was sent twice")
        chosen[int(parts[1])] = int(parts[2])
    return chosen


def read_numbers(
    quiz: spec.Quiz, layout: Sequence[Slot], responses: Mapping[int, Any], decimal: str
) -> tuple[dict[int, Any], dict[int, tuple[str, Reading]]]:
    """The responses with each number read in the officer's language (`decimal` is its mark), and
    slot -> (typed text, reading) for those that cannot be read or are ambiguous.

    A read number is stored as {"text": typed, "value": "2.5"}: grading uses the value, so it does
    not depend on the page's language. The others are not saved (the officer's earlier answer, if
    any, stays) and the page asks again: "about an hour" would otherwise be stored and marked wrong
    without a word, and "1,500" graded as a number the officer did not mean.
    """
    read: dict[int, Any] = {}
    refused: dict[int, tuple[str, Reading]] = {}
    for index, response in responses.items():
        question, _points = question_at(quiz, layout[index])
        if question.type != spec.NUMERICAL or response is None:
            read[index] = response
            continue
        reading = read_number(response["text"], decimal)
        if reading.value is None:
            refused[index] = (response["text"], reading)
        else:
            read[index] = {"text": response["text"], "value": str(reading.value)}
    return read, refused


def number_value(stored: Mapping[str, Any] | None) -> Decimal | None:
    """The number a saved numerical answer was read as; answers saved before numbers were read per
    language hold only their text, read by the rules of that time."""
    if not stored:
        return None
    if "value" in stored:
        try:
            return Decimal(stored["value"])
        except (InvalidOperation, TypeError):
            return None
    return parse_number(stored.get("text"))


def is_answered(stored: Mapping[str, Any] | None) -> bool:
    """A saved response counts as an answer (blank ones are never stored)."""
    return bool(stored)


def for_grading(question: spec.Question, stored: Mapping[str, Any] | None) -> object:
    """The answer in the form grading.grade_question expects."""
    if stored is None:
        return frozenset() if question.type == spec.MULTIPLE_ANSWERS else None
    if question.type == spec.MULTIPLE_ANSWERS:
        return frozenset(stored.get("choices", []))
    if question.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE):
        return stored.get("choice")
    if question.type == spec.NUMERICAL:
        return number_value(stored)
    if question.type == spec.MATCHING:
        return tuple(stored.get("matches", ()))
    if question.type == spec.ORDERING:
        return tuple(stored.get("places", ()))
    return stored.get("text")


def selected(slot: Slot, stored: Mapping[str, Any] | None) -> dict[int, int]:
    """A matching or ordering question's saved selects, to show them again: row position -> option
    position (a matching answer's place in the delivered list; an ordering item's place)."""
    if not stored:
        return {}
    if "matches" in stored:
        rows, saved = slot.prompts, stored["matches"]
        return {row: slot.choices.index(saved[p]) for row, p in enumerate(rows)
                if p < len(saved) and saved[p] in slot.choices}  # fmt: skip
    saved = stored.get("places", [])
    return {row: saved[i] for row, i in enumerate(slot.choices) if i < len(saved) and saved[i] is not None}


def chosen_positions(slot: Slot, stored: Mapping[str, Any] | None) -> set[int]:
    """Delivered positions of the saved choices, to re-check the boxes on reload."""
    if not stored:
        return set()
    indices = stored.get("choices") or ([stored["choice"]] if "choice" in stored else [])
    return {slot.choices.index(i) for i in indices if i in slot.choices}
