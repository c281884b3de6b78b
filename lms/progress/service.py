"""Progress database work: read facts in, derived states out. No commits."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..content import service as content
from ..content.catalog import Course
from ..extensions import db
from ..quizzes import service as quiz_service
from .models import ModuleRead
from .rules import CourseState, Step, course_state


def reads_by_course(user_id: int) -> dict[str, set[str]]:
    """Every module the user marked read, grouped by course: one query."""
    rows = db.session.execute(
        select(ModuleRead.course_slug, ModuleRead.module_slug).where(ModuleRead.user_id == user_id)
    )
    reads: dict[str, set[str]] = defaultdict(set)
    for course_slug, module_slug in rows:
        reads[course_slug].add(module_slug)
    return reads


def passed_quizzes(user_id: int, course: Course) -> frozenset[str]:
    """Quizzes of `course` (module quizzes and final) the user has passed: one query."""
    quizzes = content.catalog().quizzes_of(course.slug)
    return quiz_service.passed_quizzes(user_id, course.slug, {slug: q.spec.settings for slug, q in quizzes.items()})


def state_of(course: Course, read: set[str], passed: frozenset[str]) -> CourseState:
    steps = [Step(m.slug, m.quiz) for m in course.modules]
    return course_state(steps, read, passed, course.sequential, course.final_assessment)


def course_state_for(user_id: int, course: Course) -> CourseState:
    return state_of(course, reads_by_course(user_id).get(course.slug, set()), passed_quizzes(user_id, course))


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
    return True
