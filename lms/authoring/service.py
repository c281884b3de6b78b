"""Instructor database work: statistics input, essay marking, regrading, orphans. No commits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock
from ..audit import service as audit
from ..auth.models import User
from ..catalog import service as content
from ..extensions import db
from ..formats import percent
from ..i18n import N_, Message
from ..mail import outbox
from ..progress import certificates
from ..progress.models import ModuleRead
from ..quizzes import service as quizzes
from ..quizzes import spec
from ..quizzes.answers import for_grading
from ..quizzes.grading import rounded, rows_right
from ..quizzes.layout import question_at
from ..quizzes.models import Answer, Attempt, AttemptState, QuizVersion
from ..web import public_url
from . import regrade as regrading
from .stats import QuizStats, Response, compute

SELECTIONS = ("first", "highest", "last", "all")


def item_key(slot) -> str:
    return str(slot.item) if slot.member is None else f"{slot.item}.{slot.member}"


def item_labels(quiz: spec.Quiz) -> list[tuple[str, spec.Question]]:
    """Every question of the version with its stable key, in file order (group members too)."""
    labelled = []
    for index, item in enumerate(quiz.items):
        if isinstance(item, spec.Question):
            labelled.append((str(index), item))
        elif isinstance(item, spec.Group):
            labelled.extend((f"{index}.{m}", q) for m, q in enumerate(item.questions))
    return labelled


SOURCE_LANGUAGE = "en"  # the language the course files are written in


def versions_of(course_slug: str, quiz_slug: str) -> list[QuizVersion]:
    """The source versions (translations are the text of attempts, counted with their source's)."""
    return list(db.session.scalars(select(QuizVersion).where(QuizVersion.course_slug == course_slug,
                                                             QuizVersion.quiz_slug == quiz_slug,
                                                             QuizVersion.locale.is_(None)).order_by(QuizVersion.id)))  # fmt: skip


def selected_attempts(version: QuizVersion, selection: str) -> list[Attempt]:
    rows = list(db.session.scalars(select(Attempt).where(Attempt.version_id == version.id, Attempt.state == AttemptState.GRADED)
                                   .order_by(Attempt.user_id, Attempt.number)))  # fmt: skip
    if selection == "all":
        return rows
    chosen: dict[int, Attempt] = {}
    for attempt in rows:
        current = chosen.get(attempt.user_id)
        if (
            current is None
            or selection == "last"
            or (selection == "highest" and quizzes.graded_percent(attempt) > quizzes.graded_percent(current))
        ):
            chosen[attempt.user_id] = attempt
    return list(chosen.values())


def _picked(question: spec.Question, stored: dict | None) -> tuple[int, ...]:
    """What the statistics count per choice: the choices picked, or the rows of a matching or
    ordering question answered right (each prompt matched, each item in its place)."""
    if not stored:
        return ()
    if question.type in (spec.MATCHING, spec.ORDERING):
        return rows_right(question, for_grading(question, stored))
    if "choices" in stored:
        return tuple(stored["choices"])
    return (stored["choice"],) if "choice" in stored else ()


def statistics(version: QuizVersion, selection: str) -> tuple[spec.Quiz, QuizStats]:
    quiz = quizzes.spec_from_source(version.source, version.quiz_slug)
    attempts = selected_attempts(version, selection if selection in SELECTIONS else "first")
    responses, totals = [], {}
    for attempt in attempts:
        saved = {a.slot: a for a in attempt.answers}
        totals[attempt.id] = (float(attempt.score or 0), float(attempt.possible or 0))
        for index, slot in enumerate(quizzes.layout_of(attempt)):
            if slot.text:
                continue
            question, points = question_at(quiz, slot)
            row = saved.get(index)
            stored = json.loads(row.response) if row else None
            picked = _picked(question, stored)
            responses.append(
                Response(attempt.id, item_key(slot), float(row.score or 0) if row else 0.0, float(points), picked)
            )
    languages = {attempt.id: attempt.locale or SOURCE_LANGUAGE for attempt in attempts}
    return quiz, compute(responses, totals, [key for key, _q in item_labels(quiz)], languages)


@dataclass(frozen=True)
class PendingEssay:
    answer: Answer
    attempt: Attempt
    user: User
    question: spec.Question
    points: Decimal


def pending_essays(limit: int = 100) -> list[PendingEssay]:
    """Unmarked essays of the `limit` oldest attempts awaiting grading: three statements, whatever the queue."""
    rows = db.session.execute(select(Attempt, User).join(User, User.id == Attempt.user_id)
                              .where(Attempt.state == AttemptState.AWAITING_GRADING).order_by(Attempt.submitted_at).limit(limit)
                              .options(selectinload(Attempt.answers))).all()  # fmt: skip
    queue = []
    for attempt, user in rows:
        quiz = quizzes.spec_of(attempt)
        layout = quizzes.layout_of(attempt)
        for answer in attempt.answers:
            question, points = question_at(quiz, layout[answer.slot])
            if question.type == spec.ESSAY and answer.score is None:
                queue.append(PendingEssay(answer, attempt, user, question, points))
    return queue


def pending_essay(answer_id: int) -> PendingEssay | None:
    """The answer if it is an essay waiting for its mark (its attempt awaits grading), else None."""
    row = db.session.execute(select(Answer, Attempt, User).join(Attempt, Attempt.id == Answer.attempt_id)
                             .join(User, User.id == Attempt.user_id)
                             .where(Answer.id == answer_id, Answer.score.is_(None), Attempt.state == AttemptState.AWAITING_GRADING)).first()  # fmt: skip
    if row is None:
        return None
    answer, attempt, user = row
    question, points = question_at(quizzes.spec_of(attempt), quizzes.layout_of(attempt)[answer.slot])
    return PendingEssay(answer, attempt, user, question, points) if question.type == spec.ESSAY else None


def mark_essay(answer: Answer, mark: Decimal, comment: str, marker: User) -> bool:
    """Record the mark; when the attempt's last essay is marked, grade it. True if it was graded."""
    answer.score, answer.comment, answer.marked_by_id, answer.marked_at = (
        mark,
        comment.strip()[:5000],
        marker.id,
        clock.now(),
    )
    attempt = answer.attempt
    audit.record("essay.mark", target=f"answer:{answer.id}", attempt=attempt.id, mark=str(mark))
    quizzes.grade_stored(attempt)
    if attempt.state == AttemptState.GRADED:
        course = content.catalog().course(attempt.course_slug)
        _tell_the_officer(attempt)
        if course is not None:
            certificates.issue_if_complete(attempt.user_id, course)
        return True
    return False


def _tell_the_officer(attempt: Attempt) -> None:
    """Mail the officer that the attempt whose essays waited is graded, unless they turned that off."""
    user = db.session.get(User, attempt.user_id)
    entry = content.catalog().quiz(attempt.course_slug, attempt.quiz_slug)
    if user is None or not user.active or not user.mail_essay_marked or entry is None:
        return
    outbox.queue_template(
        "essay_marked", kind="essay_marked", to=user.email, to_name=user.name, user_id=user.id,
        locale=user.locale, subject=_l("Your answers are marked: %(quiz)s", quiz=entry.spec.title), name=user.name, quiz=entry.spec.title,
        number=attempt.number, score=percent(attempt.percent) if attempt.percent is not None else "",
        passed=attempt.passed,
        review=public_url("quizzes.review", course=attempt.course_slug, quiz=attempt.quiz_slug, attempt_id=attempt.id),
        profile=public_url("profile.edit"),
    )  # fmt: skip


@dataclass(frozen=True)
class Change:
    attempt: Attempt
    user: User
    old_percent: Decimal | None
    new_percent: Decimal
    old_passed: bool | None
    new_passed: bool


def plan_regrade(entry) -> tuple[list[Change], list[tuple[Attempt, Message]]]:
    """Attempts on older versions whose result would change against the current file, and those that cannot move."""
    current = quizzes.version_for(entry)
    rows = db.session.execute(select(Attempt, User).join(User, User.id == Attempt.user_id).where(
        Attempt.course_slug == entry.course_slug, Attempt.quiz_slug == entry.slug, Attempt.version_id != current.id,
        Attempt.state.in_((AttemptState.GRADED, AttemptState.AWAITING_GRADING)))).all()  # fmt: skip
    changes, skipped = [], []
    for attempt, user in rows:
        layout = quizzes.layout_of(attempt)
        # The shape is the source's in every language (a translated true/false may read as two choices).
        taken = quizzes.spec_from_source(attempt.version.source, attempt.version.quiz_slug)
        problem = regrading.shape_problem(taken, entry.spec, layout)
        target = regrade_text(entry, attempt)
        if problem or target is None:
            skipped.append((attempt, problem or N_("it was taken in %(language)s, and this quiz has no current "
                                                   "translation in that language; translate it, then regrade",
                                                   language=attempt.locale)))  # fmt: skip
            continue
        outcome = quizzes.result_on(attempt, target.spec)  # the very grading apply_regrade runs
        new_percent = rounded(outcome.percent)
        if not outcome.pending and (new_percent, outcome.passed) != (attempt.percent, attempt.passed):
            changes.append(Change(attempt, user, attempt.percent, new_percent, attempt.passed, outcome.passed))
    return changes, skipped


def regrade_text(entry, attempt):
    """The quiz file an attempt is regraded by: the current file in the attempt's language (a short
    answer is a word of that language), the source for an attempt taken in it; None if that
    language's translation is gone."""
    if attempt.locale is None:
        return entry
    return content.catalog().quiz_in(entry.course_slug, entry.slug, attempt.locale)


def apply_regrade(entry, changes: list[Change]) -> None:
    """Move the changed attempts onto the current version and grade them with its key; audited."""
    current = quizzes.version_for(entry)
    for change in changes:
        attempt = change.attempt
        attempt.version = current
        attempt.version_id = current.id
        if attempt.locale is not None:
            attempt.text_version = quizzes.version_for(regrade_text(entry, attempt), attempt.locale)
        quizzes.grade_stored(attempt)
        audit.record("quiz.regrade", target=f"attempt:{attempt.id}", quiz=entry.slug, old_percent=str(change.old_percent),
                     new_percent=str(attempt.percent), old_passed=change.old_passed, new_passed=attempt.passed)  # fmt: skip
        course = content.catalog().course(entry.course_slug)
        if course is not None:
            certificates.issue_if_complete(attempt.user_id, course)


def orphans() -> list[tuple[str, str, str]]:
    """(kind, course, slug) with learner data but no longer in the files."""
    catalog = content.catalog()
    found = []
    for course_slug, module_slug in db.session.execute(
        select(ModuleRead.course_slug, ModuleRead.module_slug).distinct()
    ):
        course = catalog.course(course_slug)
        if course is None or course.module(module_slug) is None:
            found.append(("module", course_slug, module_slug))
    for course_slug, quiz_slug in db.session.execute(select(Attempt.course_slug, Attempt.quiz_slug).distinct()):
        if catalog.quiz(course_slug, quiz_slug) is None:
            found.append(("quiz", course_slug, quiz_slug))
    return sorted(found)


def html_lookup(rendered):
    """key ("3" or "3.1") -> the rendered question, for templates."""

    def find(key: str):
        item, _dot, member = key.partition(".")
        found = rendered.items[int(item)]
        return found[int(member)] if member else found

    return find
