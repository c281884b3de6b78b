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


def _by_the_definition(state, module_quizzes, final_quiz, grades, mw, fw):
    """The rule as the module docstring states it, in Fraction arithmetic step by step."""
    if module_quizzes:
        module_part = sum((grades.get(q) or Fraction(0) for q in module_quizzes), Fraction(0)) / len(module_quizzes)
    elif state.modules:
        module_part = Fraction(100 * sum(m.status == "complete" for m in state.modules), len(state.modules))
    else:
        module_part = Fraction(0)
    final_part = (grades.get(final_quiz) or Fraction(0)) if final_quiz else Fraction(0)
    return (module_part * mw + final_part * fw) / 100


def test_integer_course_grade_equals_the_definition_on_random_grades():
    """course_grade works over one common denominator: it must equal the rule exactly, averages
    of attempts (thirds, sevenths) and missing grades included."""
    import random

    rng = random.Random(21)
    for _ in range(3000):
        count = rng.randint(0, 6)
        quizzes = [f"q{i}" for i in range(count)]
        steps = [Step(f"m{i}", quizzes[i] if i < count and rng.random() < 0.9 else None) for i in range(max(count, 1))]
        module_quizzes = [s.quiz for s in steps if s.quiz]
        final = rng.choice([None, "fin"])
        grades = {}
        for q in [*module_quizzes, "fin"]:
            if rng.random() < 0.8:
                grades[q] = Fraction(rng.randint(0, 10000), 100) / rng.randint(1, 7)
        passed = {q for q in grades if rng.random() < 0.5}
        state = course_state(steps, {s.slug for s in steps if rng.random() < 0.5}, passed, True, final)
        mw = rng.randint(0, 100)
        got = course_grade(state, module_quizzes, final, grades, mw, 100 - mw)
        assert got == _by_the_definition(state, module_quizzes, final, grades, mw, 100 - mw)
        assert isinstance(got, Fraction)
