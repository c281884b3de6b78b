"""Completion rules: module status, locking, percentage and the next step. Pure functions.

- A module is complete when it is marked read and its quiz (if it has one) is passed.
- "passed" means the quiz is passed but the module is not marked read yet.
- In a sequential course a module unlocks when every module before it is complete, and the
  final assessment unlocks when every module is complete.
- Progress counts steps: each module, plus the final assessment if the course has one.
- "Continue where you left off" is the first unlocked step that is not done yet.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    NOT_STARTED = "not_started"
    READ = "read"
    PASSED = "passed"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Step:
    slug: str
    quiz: str | None


@dataclass(frozen=True)
class ModuleState:
    slug: str
    status: Status
    locked: bool


@dataclass(frozen=True)
class CourseState:
    modules: tuple[ModuleState, ...]
    steps_done: int
    steps_total: int
    final_locked: bool
    final_passed: bool
    next_module: str | None  # slug of the module to continue with
    next_is_final: bool

    @property
    def percent(self) -> int:
        return (100 * self.steps_done) // self.steps_total if self.steps_total else 0

    @property
    def all_steps_done(self) -> bool:
        return self.steps_done == self.steps_total

    @property
    def started(self) -> bool:
        return self.steps_done > 0 or any(m.status != Status.NOT_STARTED for m in self.modules)

    def module(self, slug: str) -> ModuleState | None:
        return next((m for m in self.modules if m.slug == slug), None)


def module_status(read: bool, quiz: str | None, passed_quizzes: Collection[str]) -> Status:
    quiz_passed = quiz is not None and quiz in passed_quizzes
    if read and (quiz is None or quiz_passed):
        return Status.COMPLETE
    if quiz_passed:
        return Status.PASSED
    if read:
        return Status.READ
    return Status.NOT_STARTED


def course_state(steps: Sequence[Step], read: Collection[str], passed_quizzes: Collection[str],
                 sequential: bool, final_quiz: str | None) -> CourseState:  # fmt: skip
    states: list[ModuleState] = []
    blocked = False
    for step in steps:
        status = module_status(step.slug in read, step.quiz, passed_quizzes)
        states.append(ModuleState(step.slug, status, locked=sequential and blocked))
        if status != Status.COMPLETE:
            blocked = True
    modules_done = sum(s.status == Status.COMPLETE for s in states)
    final_passed = final_quiz is not None and final_quiz in passed_quizzes
    final_locked = final_quiz is not None and sequential and modules_done < len(states)
    next_module = next((s.slug for s in states if s.status != Status.COMPLETE and not s.locked), None)
    return CourseState(
        modules=tuple(states),
        steps_done=modules_done + int(final_passed),
        steps_total=len(states) + int(final_quiz is not None),
        final_locked=final_locked,
        final_passed=final_passed,
        next_module=next_module,
        next_is_final=next_module is None and final_quiz is not None and not final_passed and not final_locked,
    )
