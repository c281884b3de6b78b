"""Progress database work: read facts in, derived states and grades out. No commits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth import progress_version
from ..catalog import service as content
from ..catalog.build import Course
from ..extensions import db
from ..quizzes.models import Attempt, AttemptState
from ..quizzes.service import graded_result
from . import cache
from .grades import CourseResult, result
from .models import ModuleRead
from .rules import CourseState, Step, course_state


def results_for(user_ids: Iterable[int], course: Course,
                languages: dict[int, set[str | None]] | None = None) -> dict[int, CourseResult]:  # fmt: skip
    """Course state, quiz grades, course grade and completion for many officers: two queries.

    `languages`, if given, is filled with the languages each officer's graded attempts were taken
    in (None for the source's), read from the same rows: exports show them."""
    ids = list(user_ids)
    reads, attempts = _facts(ids, course.slug, languages)
    settings = [(slug, quiz.spec.settings) for slug, quiz in content.catalog().quizzes_of(course.slug).items()]
    module_quizzes = [m.quiz for m in course.modules if m.quiz]
    # Officers of a cohort share a handful of course states: each is worked out once per call.
    states: dict[tuple[frozenset[str], frozenset[str]], CourseState] = {}
    results = {}
    for user_id in ids:
        grades, passed = {}, set()
        for slug, quiz_settings in settings:
            grades[slug], ok = graded_result(quiz_settings, attempts.get((user_id, slug), []))
            if ok:
                passed.add(slug)
        key = (frozenset(reads.get(user_id, ())), frozenset(passed))
        if key not in states:
            states[key] = state_of(course, *key)
        state = states[key]
        results[user_id] = result(state, module_quizzes, course.final_assessment, grades,
                                  course.module_weight, course.final_weight, course.pass_percent)  # fmt: skip
    return results


def _facts(ids: list[int], course_slug: str, languages: dict[int, set[str | None]] | None
           ) -> tuple[dict[int, set[str]], dict[tuple[int, str], list[Any]]]:  # fmt: skip
    """The modules each officer read, and their graded attempts by (officer, quiz), oldest first.

    Core rows fetched whole: these columns need no ORM loading, and a cohort's chunk is a few
    thousand rows, which one fetch hands over faster than a row at a time."""
    reads: dict[int, set[str]] = defaultdict(set)
    attempts: dict[tuple[int, str], list[Any]] = defaultdict(list)  # rows read as graded_result reads an Attempt
    if not ids:
        return reads, attempts
    if db.session.autoflush:  # what the ORM's execute would do first: pending changes count
        db.session.flush()
    connection = db.session.connection()
    for user_id, module_slug in connection.execute(
        select(ModuleRead.user_id, ModuleRead.module_slug).where(
            ModuleRead.user_id.in_(ids), ModuleRead.course_slug == course_slug
        )
    ).all():
        reads[user_id].add(module_slug)
    # Graded attempts are picked here, not in SQL: with `state = 'graded'` in the query, SQLite
    # chose the index on (state, deadline_at) and read every graded attempt of every officer on
    # each call (bench/RESULTS.md); by officer, it reads only theirs.
    for row in connection.execute(
        select(Attempt.user_id, Attempt.quiz_slug, Attempt.state, Attempt.percent, Attempt.passed, Attempt.locale)
        .where(Attempt.user_id.in_(ids), Attempt.course_slug == course_slug)
        .order_by(Attempt.user_id, Attempt.course_slug, Attempt.quiz_slug, Attempt.number)  # index order
    ).all():
        user_id, quiz_slug, state, _percent, _passed, locale = row
        if state == AttemptState.GRADED:
            attempts[user_id, quiz_slug].append(row)
            if languages is not None:
                languages.setdefault(user_id, set()).add(locale)
    return reads, attempts


def course_result(user_id: int, course: Course) -> CourseResult:
    """One officer's result, from the worker's cache when their progress version has not moved."""
    return cache.cached(user_id, course.slug, lambda: results_for([user_id], course)[user_id])


def state_of(course: Course, read: Collection[str], passed: frozenset[str]) -> CourseState:
    steps = [Step(m.slug, m.quiz) for m in course.modules]
    return course_state(steps, read, passed, course.sequential, course.final_assessment)


def course_state_for(user_id: int, course: Course) -> CourseState:
    return course_result(user_id, course).state


def mark_read(user_id: int, course_slug: str, module_slug: str) -> bool:
    """Record that the user read the module; False if it was already recorded."""
    exists = db.session.scalar(
        select(ModuleRead.id).where(
            ModuleRead.user_id == user_id,
            ModuleRead.course_slug == course_slug,
            ModuleRead.module_slug == module_slug,
        )
    )
    if exists is not None:
        return False
    try:
        with db.session.begin_nested():  # a parallel request may insert the same fact
            db.session.add(ModuleRead(user_id=user_id, course_slug=course_slug, module_slug=module_slug))
    except IntegrityError:
        return False
    progress_version.bump(user_id)
    return True
