"""The course grade and completion, from quiz grades and the course state. Pure.

- Module part: the average of the module quizzes' grades (a quiz not yet graded counts 0).
  A course whose modules have no quizzes counts the share of complete modules instead.
- Course grade = module part × module weight + final grade × final weight (weights add to 100).
- Complete: every step done (each module read and its quiz passed, the final passed) and the
  course grade at or above the course's pass mark. Exact fractions throughout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from .rules import CourseState, Status

ZERO = Fraction(0)


@dataclass(frozen=True)
class CourseResult:
    state: CourseState
    quiz_grades: Mapping[str, Fraction | None]  # quiz slug -> grade percent by its grading method
    grade: Fraction
    complete: bool

    def key(self) -> tuple:
        """Everything in the result, hashable: pages rendered from it are shared under it."""
        return self.state, tuple(sorted(self.quiz_grades.items())), self.grade, self.complete


def course_grade(state: CourseState, module_quizzes: Sequence[str], final_quiz: str | None,
                 quiz_grades: Mapping[str, Fraction | None], module_weight: int, final_weight: int) -> Fraction:  # fmt: skip
    """(module part × module weight + final × final weight) / 100, exactly.

    Worked in integers over one common denominator and made a Fraction once at the end: an export
    grades every officer, and Fraction arithmetic step by step was most of its time."""
    final = (quiz_grades.get(final_quiz) or ZERO) if final_quiz else ZERO
    if module_quizzes:
        grades = [quiz_grades.get(q) or ZERO for q in module_quizzes]
        count = len(grades)
    elif state.modules:
        grades = [Fraction(100 * sum(m.status == Status.COMPLETE for m in state.modules))]
        count = len(state.modules)
    else:
        grades, count = [], 1
    common = lcm(final.denominator, *(g.denominator for g in grades))
    module_sum = sum(g.numerator * (common // g.denominator) for g in grades)
    final_part = final.numerator * (common // final.denominator)
    return Fraction(module_sum * module_weight + final_part * final_weight * count, 100 * common * count)


def result(state: CourseState, module_quizzes: Sequence[str], final_quiz: str | None,
           quiz_grades: Mapping[str, Fraction | None], module_weight: int, final_weight: int,
           pass_percent: int) -> CourseResult:  # fmt: skip
    grade = course_grade(state, module_quizzes, final_quiz, quiz_grades, module_weight, final_weight)
    return CourseResult(state, dict(quiz_grades), grade, state.all_steps_done and grade >= pass_percent)
