"""Aiken to native: valid files convert in full; malformed blocks raise AikenError with their lines."""

import pytest

from lms.authoring.aiken import AikenError, aiken_to_native
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

VALID = """\
Which tool images a disk without changing it?
A. A write blocker with imaging software
B. A screwdriver
C) A label printer
ANSWER: A

Which record follows an exhibit?
This question has a second line.
A) The duty roster
B) The chain of custody form
ANSWER: B
Seals can be reused.
A. True
B. False
ANSWER: B
"""


def test_valid_file_converts_in_full():
    native, losses = aiken_to_native(VALID)
    quiz, problems = parse_quiz(native, "converted.md")
    assert problems == [] and losses == []
    first, second, third = quiz.questions()
    assert first.type == spec.MULTIPLE_CHOICE
    assert [(c.text, c.correct) for c in first.choices] == [
        ("A write blocker with imaging software", True), ("A screwdriver", False), ("A label printer", False)]  # fmt: skip
    assert second.text == "Which record follows an exhibit?\nThis question has a second line."
    assert [c.correct for c in second.choices] == [False, True]
    assert third.type == spec.TRUE_FALSE  # two choices reading True/False, as text2qti decides
    assert quiz.title == "Imported quiz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q?\nA. x\nB. y\n", [(1, "has no 'ANSWER: X' line at the end of the file")]),
        (
            "Q?\nA. x\nB. y\nANSWER: C\n",
            [(4, "'ANSWER: C' names no choice of the question on line 1; use one of A, B")],
        ),
        ("Q?\nA. x\nANSWER: A\n", [(3, "the question on line 1 has one choice")]),
        ("ANSWER: A\n", [(1, "'ANSWER:' has no choices above it")]),
        ("A. x\nB. y\nANSWER: A\n", [(1, "a choice comes before any question text")]),
        ("Q?\nA. x\nA. y\nANSWER: A\n", [(3, "choice A is listed twice")]),
        ("Q?\nA. x\nB. y\nNext question?\nA. a\nB. b\nANSWER: A\n", [(1, "no 'ANSWER: X' line before line 4")]),
        ("", [(1, "no questions found")]),
        (
            "Q1?\nA. x\nB. y\nANSWER: Z\n\nQ2?\nA. x\nANSWER: A\n",
            [(4, "'ANSWER: Z' names no choice"), (8, "the question on line 6 has one choice")],
        ),
    ],
)
def test_malformed_blocks_raise_with_their_lines(text, expected):
    with pytest.raises(AikenError) as raised:
        aiken_to_native(text)
    problems = raised.value.problems
    assert len(problems) == len(expected), problems
    for (line, message), (want_line, fragment) in zip(problems, expected, strict=True):
        assert line == want_line and fragment in message, problems
    assert isinstance(raised.value, ValueError)
    assert str(raised.value).startswith(f"line {expected[0][0]}: ")
