"""Course grade and completion (pure, table-driven)."""

from fractions import Fraction

import pytest

from lms.progress.grades import course_grade, result
from lms.progress.rules import Step, course_state

STEPS = [Step("a", "qa"), Step("b", "qb")]


@pytest.mark.parametrize(
    ("grades", "mw", "fw", "expected"),
    [
        ({"qa": 80, "qb": 100, "fin": 90}, 40, 60, Fraction(36) + Fraction(54)),
        ({"qa": 80, "fin": 90}, 40, 60, Fraction(16) + Fraction(54)),
        ({"qa": 100, "qb": 100}, 40, 60, Fraction(40)),
        ({"qa": Fraction(200, 3), "qb": 100, "fin": 70}, 50, 50, Fraction(125, 3) + 35),
        ({}, 40, 60, Fraction(0)),
    ],
)
def test_course_grade(grades, mw, fw, expected):
    state = course_state(STEPS, set(), set(), False, "fin")
    assert course_grade(state, ["qa", "qb"], "fin", {k: Fraction(v) for k, v in grades.items()}, mw, fw) == expected


def test_reading_only_course_counts_complete_modules():
    state = course_state([Step("a", None), Step("b", None)], {"a"}, set(), False, None)
    assert course_grade(state, [], None, {}, 100, 0) == 50


def test_complete_needs_every_step_and_the_pass_mark():
    grades = {"qa": Fraction(80), "qb": Fraction(80), "fin": Fraction(80)}
    done = course_state(STEPS, {"a", "b"}, {"qa", "qb", "fin"}, True, "fin")
    assert result(done, ["qa", "qb"], "fin", grades, 40, 60, 80).complete
    assert not result(done, ["qa", "qb"], "fin", grades, 40, 60, 81).complete
    unread = course_state(STEPS, {"a"}, {"qa", "qb", "fin"}, True, "fin")
    assert not result(unread, ["qa", "qb"], "fin", grades, 40, 60, 80).complete
