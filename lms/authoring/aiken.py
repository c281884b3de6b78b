"""Aiken (question text, `A.` or `A)` choices, `ANSWER: B`) to a native LETP quiz file. Pure.

Every Aiken question is a single-choice question, which the native format holds in full. A
question the native format refuses, although Aiken reads it (two choices with the same text, or the
text of an earlier question), is skipped with a Loss at its line in the Aiken file, and the rest is
imported, as Moodle does. A malformed block is an error, not a loss: `aiken_to_native` raises
AikenError (a ValueError) naming every problem with its line, because importing part of a file would
hide a typo that is easy to fix. Choices read as Moodle reads them: `A. Text`, `A) Text`, `A)Text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gift import DEFAULT_TITLE, Loss
from .native import native_lines

_CHOICE = re.compile(r"^([A-Z])(?:\)\s*|\.\s+)(\S.*)$")  # "A)Text" too; "A.I. …" stays question text
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$")


class AikenError(ValueError):
    """The file is not valid Aiken; `problems` lists (line, message) for each mistake found."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("\n".join(f"line {line}: {message}" for line, message in problems))


@dataclass
class _Draft:
    line: int
    text: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # letter, text


def aiken_to_native(text: str) -> tuple[str, list[Loss]]:
    """Convert a whole Aiken file; raise AikenError listing every malformed block."""
    problems: list[tuple[int, str]] = []
    questions: list[tuple[_Draft, str]] = []  # draft, letter of the right choice
    draft: _Draft | None = None
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        answer, choice = _ANSWER.match(line), _CHOICE.match(line)
        if answer:
            if draft is None or not draft.choices:
                problems.append((number, "'ANSWER:' has no choices above it; list the choices as 'A. …', 'B. …'"))
            else:
                problem = _check(draft, answer.group(1).strip())
                if problem:
                    problems.append((number, problem))
                else:
                    questions.append((draft, answer.group(1).strip()))
            draft = None
        elif choice:
            if draft is None:
                problems.append((number, "a choice comes before any question text; put the question on the line above"))
                draft = _Draft(number, ["?"])
            elif choice.group(1) in dict(draft.choices):
                problems.append((number, f"choice {choice.group(1)} is listed twice; give each choice its own letter"))
            draft.choices.append((choice.group(1), choice.group(2).strip()))
        elif draft is not None and draft.choices:
            problems.append((draft.line, _no_answer(draft, number)))
            draft = _Draft(number, [line])
        elif draft is None:
            draft = _Draft(number, [line])
        else:
            draft.text.append(line)
    if draft is not None:
        problems.append((draft.line, _no_answer(draft, None)))
    if problems:
        raise AikenError(problems)
    if not questions:
        raise AikenError([(1, "no questions found; an Aiken question is its text, choices 'A. …', then 'ANSWER: A'")])
    out = [f"Quiz title: {DEFAULT_TITLE}", ""]
    losses: list[Loss] = []
    seen: set[str] = set()
    index = 0
    for question, right in questions:
        stem = " ".join(" ".join(question.text).split())
        texts = [" ".join(t.split()) for _letter, t in question.choices]
        if stem in seen or len(set(texts)) < len(texts):
            what = "repeats an earlier question" if stem in seen else "has two choices with the same text"
            losses.append(Loss(stem[:40], question.line, f"{what}, which a native quiz refuses; skipped"))
            continue
        seen.add(stem)
        index += 1
        out += native_lines(f"{index}.", "\n".join(question.text))
        for position, (letter, choice_text) in enumerate(question.choices):
            marker = ("*" if letter == right else "") + chr(ord("a") + position) + ")"
            out += native_lines(marker, choice_text)
        out.append("")
    if index == 0:
        raise AikenError([(loss.line, loss.message) for loss in losses])
    return "\n".join(out).rstrip("\n") + "\n", losses


def _check(draft: _Draft, letter: str) -> str | None:
    letters = [choice_letter for choice_letter, _text in draft.choices]
    if len(letters) < 2:
        return f"the question on line {draft.line} has one choice; give it at least two"
    if letter not in letters:
        return (
            f"'ANSWER: {letter}' names no choice of the question on line {draft.line}; use one of {', '.join(letters)}"
        )
    return None


def _no_answer(draft: _Draft, next_line: int | None) -> str:
    where = f"before line {next_line}" if next_line else "at the end of the file"
    return f"the question has no 'ANSWER: X' line {where}; add it after the last choice"
