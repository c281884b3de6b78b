"""Attempt database work: versions, starting, saving, submitting, finalising. No commits.

Races are settled by locks: on PostgreSQL the officer's allowance row (start) and the attempt
row (save, submit) are taken FOR UPDATE; on SQLite every state-changing request already holds
the write lock from its first statement (BEGIN IMMEDIATE). Unique constraints back both up.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from flask import current_app
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit import service as audit
from ..auth import progress_version
from ..extensions import db
from . import allowances, answer_store, grading, rules, spec
from .format import parse_quiz
from .layout import Slot, build_layout, dump, load, question_at, question_pages
from .models import Attempt, AttemptState, QuizAllowance, QuizVersion


class Refused(Exception):
    def __init__(self, refusal: rules.Refusal):
        super().__init__(refusal.code)
        self.refusal = refusal


class Stale(Exception):
    """The page's revision is older than the attempt's: another tab saved since."""


class Closed(Exception):
    """The attempt is no longer in progress (submitted, or finalised at its deadline)."""


class OffPage(Exception):
    """With "can't go back", a save carried answers to questions not on the furthest page."""


def grace_seconds() -> int:
    return current_app.config["QUIZ_GRACE_SECONDS"]


@lru_cache(maxsize=256)
def spec_from_source(source: str, slug: str = "quiz") -> spec.Quiz:
    """The quiz a stored version holds (parsed once per process for each distinct source); `slug`
    names it when its text has no title, as the catalog does (format.fallback_title)."""
    quiz, problems = parse_quiz(source, f"{slug}.md")
    if quiz is None:  # a stored version was valid when stored; the parser must keep reading it
        raise RuntimeError(f"stored quiz version no longer parses: {problems[:3]}")
    return quiz


def spec_of(attempt: Attempt) -> spec.Quiz:
    """The quiz the attempt shows and is graded by: its language's text, else the source's."""
    version = attempt.text_version or attempt.version
    return spec_from_source(version.source, version.quiz_slug)


def layout_of(attempt: Attempt) -> tuple[Slot, ...]:
    return load(json.loads(attempt.layout))


def version_for(entry, locale: str | None = None) -> QuizVersion:
    """The stored version of the quiz file as it is now (a source or a translation), created once."""
    query = select(QuizVersion).where(QuizVersion.course_slug == entry.course_slug, QuizVersion.quiz_slug == entry.slug,
                                      QuizVersion.sha256 == entry.sha256)  # fmt: skip
    version = db.session.scalar(query)
    if version is None:
        try:
            with db.session.begin_nested():
                db.session.add(QuizVersion(course_slug=entry.course_slug, quiz_slug=entry.slug, sha256=entry.sha256,
                                           source=entry.source, locale=locale))  # fmt: skip
        except IntegrityError:
            pass
        version = db.session.scalar(query)
    assert version is not None  # added above, or by the request that won the race
    return version


def attempts_of(user_id: int, course_slug: str, quiz_slug: str, *, lock: bool = False) -> list[Attempt]:
    query = (select(Attempt).where(Attempt.user_id == user_id, Attempt.course_slug == course_slug,
                                   Attempt.quiz_slug == quiz_slug).order_by(Attempt.number))  # fmt: skip
    return list(db.session.scalars(query.with_for_update() if lock else query))


def attempt_for(user_id: int, attempt_id: int, *, lock: bool = False) -> Attempt | None:
    """The officer's own attempt, or None (someone else's answers 404 upstream)."""
    query = select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user_id)
    return db.session.scalar(query.with_for_update(of=Attempt) if lock else query)


def start_attempt(user_id: int, entry, translation=None, locale: str | None = None) -> Attempt:
    """The officer's attempt in progress, or a new one if the rules allow; raises Refused.

    With `translation` (the quiz file in `locale`, checked equivalent to `entry`), the new attempt
    shows and grades that text; its layout is the source's, which the translation shares."""
    now = clock.now()
    extra = allowances.get(user_id, entry.course_slug, entry.slug, lock=True)
    attempts = attempts_of(user_id, entry.course_slug, entry.slug)
    for attempt in attempts:
        if attempt.state == AttemptState.IN_PROGRESS and rules.is_overdue(attempt.deadline_at, grace_seconds(), now):
            finalise(attempt, by="deadline")
    current = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    if current is not None:
        return current
    counted = [a for a in attempts if a.state != AttemptState.VOID]  # a coordinator's reset gives the attempt back
    finished = [a.submitted_at for a in counted if a.submitted_at]
    refusal = rules.start_refusal(
        entry.spec.settings, len(counted), max(finished, default=None), extra.extra_attempts, now
    )
    if refusal is not None:
        raise Refused(refusal)
    seed = secrets.randbits(31)
    text_version = version_for(translation, locale) if translation is not None else None
    attempt = Attempt(user_id=user_id, course_slug=entry.course_slug, quiz_slug=entry.slug, version=version_for(entry),
                      text_version=text_version, locale=locale if text_version is not None else None,
                      number=max((a.number for a in attempts), default=0) + 1, seed=seed, layout=json.dumps(dump(build_layout(entry.spec, seed))),
                      started_at=now, deadline_at=rules.deadline(entry.spec.settings, now, extra.extra_minutes))  # fmt: skip
    db.session.add(attempt)
    db.session.flush()
    audit.record("attempt.start", target=f"attempt:{attempt.id}", quiz=entry.slug, number=attempt.number)
    return attempt


def finalise_if_overdue(attempt: Attempt) -> bool:
    if attempt.state == AttemptState.IN_PROGRESS and rules.is_overdue(
        attempt.deadline_at, grace_seconds(), clock.now()
    ):
        finalise(attempt, by="deadline")
        return True
    return False


def pages_of(attempt: Attempt) -> tuple[int, ...]:
    """The question slot of each page (one question at a time), else ()."""
    return question_pages(spec_of(attempt), layout_of(attempt))


def furthest_page(attempt: Attempt) -> int:
    """The furthest page shown, within the quiz's real pages (0 for a single page)."""
    return rules.clamp_page(attempt.page, len(pages_of(attempt)))


def writable_slots(attempt: Attempt) -> frozenset[int] | None:
    """With "can't go back": only the question of the furthest page; otherwise None (any)."""
    pages = pages_of(attempt)
    if not pages or not spec_of(attempt).options.cant_go_back:
        return None
    return frozenset({pages[furthest_page(attempt)]})


def move(attempt: Attempt, action: str, page_sent: int | None) -> int:
    """Go to the next or previous page (or stay); returns the page to show next.

    The furthest page (`attempt.page`) only grows, and stays within the quiz's pages. With
    "can't go back" the page the form says it came from is ignored: the officer is on the
    furthest page, and "next" moves one page on from it.
    """
    pages = pages_of(attempt)
    if not pages:
        attempt.page = 0
        return 0
    furthest = furthest_page(attempt)
    current = furthest if spec_of(attempt).options.cant_go_back else rules.clamp_page(page_sent or 0, len(pages))
    target = rules.clamp_page(current + {"next": 1, "previous": -1}.get(action, 0), len(pages))
    attempt.page = max(furthest, target)
    return attempt.page if spec_of(attempt).options.cant_go_back else target


def save(attempt: Attempt, responses: Mapping[int, object], revision: int) -> int:
    """Store responses (None clears one) if `revision` is current; returns the new revision.

    Call with the attempt locked. Raises Closed past the deadline (after finalising the
    attempt from what was saved before) or once submitted, OffPage for answers to questions
    a "can't go back" quiz no longer (or not yet) shows, and Stale for an old revision.
    """
    if finalise_if_overdue(attempt) or attempt.state != AttemptState.IN_PROGRESS:
        raise Closed()
    writable = writable_slots(attempt)
    if writable is not None and not set(responses) <= writable:
        raise OffPage()
    if revision != attempt.revision:
        raise Stale()
    if not responses:
        return attempt.revision  # nothing to store: the revision stays, so other tabs stay current
    if "answers" in inspect(attempt).unloaded:  # an autosave: statements, no unit of work to flush
        answer_store.upsert(attempt, responses, clock.now())
        answer_store.next_revision(attempt)
    else:  # loaded to be graded next (a submit): changed in place, and read once
        answer_store.change_loaded(attempt, responses, clock.now())
        attempt.revision += 1
    return attempt.revision


def submit(attempt: Attempt) -> Attempt:
    """Finish the attempt; a second submit changes nothing and returns the same result."""
    if attempt.state == AttemptState.IN_PROGRESS:
        finalise(
            attempt, by="deadline" if rules.is_overdue(attempt.deadline_at, grace_seconds(), clock.now()) else "officer"
        )
    return attempt


def finalise(attempt: Attempt, *, by: str) -> None:
    """Close the attempt with the answers saved so far and grade it."""
    now = clock.now()
    attempt.submitted_at = min(now, attempt.deadline_at) if by == "deadline" and attempt.deadline_at else now
    attempt.finalised_by = by
    grade_stored(attempt)
    audit.record("attempt.submit" if by == "officer" else "attempt.finalise", target=f"attempt:{attempt.id}",
                 quiz=attempt.quiz_slug, by=by, state=attempt.state, percent=str(attempt.percent))  # fmt: skip


def result_on(attempt: Attempt, quiz: spec.Quiz) -> grading.AttemptGrade:
    """What the attempt's saved answers and essay marks earn on `quiz` (its own version, or a newer one)."""
    rows = attempt.answers
    return grading.grade_attempt(quiz, layout_of(attempt), {a.slot: json.loads(a.response) for a in rows},
                                 {a.slot: a.score for a in rows if a.score is not None})  # fmt: skip


def grade(attempt: Attempt) -> None:
    """Score every answer; the attempt is graded unless an answered essay awaits its mark."""
    quiz = spec_of(attempt)
    result = result_on(attempt, quiz)
    layout = layout_of(attempt)
    for row in attempt.answers:
        score = result.per_slot.get(row.slot)
        if score is not None and question_at(quiz, layout[row.slot])[0].type != spec.ESSAY:
            row.score = Decimal(score.numerator) / Decimal(score.denominator)
    attempt.possible = result.possible
    if result.pending:
        attempt.state, attempt.score, attempt.percent, attempt.passed = AttemptState.AWAITING_GRADING, None, None, None
    else:
        attempt.state = AttemptState.GRADED
        attempt.score = grading.rounded(result.earned)
        attempt.percent = grading.rounded(result.percent)
        attempt.passed = result.passed


def grade_stored(attempt: Attempt) -> None:
    """Grade an attempt of the database (submitted, finalised, an essay marked, regraded) and move its
    officer's progress version with it; `grade` alone also grades attempts that are not stored."""
    grade(attempt)
    progress_version.bump(attempt.user_id)  # after: the attempt's changes go out in one UPDATE


def reset_abandoned(attempt: Attempt) -> None:
    """Void an attempt in progress so it no longer counts; its answers stay on record."""
    attempt.state = AttemptState.VOID
    attempt.submitted_at = clock.now()
    attempt.finalised_by = "reset"
    progress_version.bump(attempt.user_id)
    audit.record("attempt.reset", target=f"attempt:{attempt.id}", user=attempt.user_id, quiz=attempt.quiz_slug)


def finalise_overdue() -> int:
    """Finalise every attempt past its deadline and grace; returns how many."""
    count = 0
    query = select(Attempt).where(Attempt.state == AttemptState.IN_PROGRESS, Attempt.deadline_at.is_not(None))
    for attempt in db.session.scalars(query.with_for_update()):
        count += finalise_if_overdue(attempt)
    return count


@dataclass(frozen=True)
class QuizStatus:
    attempts: tuple[Attempt, ...]
    in_progress: Attempt | None
    allowed: int | None
    grade_percent: Fraction | None
    passed: bool
    refusal: rules.Refusal | None
    answers_shown_at: datetime | None = None

    @property
    def used(self) -> int:
        return sum(a.state != AttemptState.VOID for a in self.attempts)

    @property
    def left(self) -> int | None:
        return None if self.allowed is None else max(0, self.allowed - self.used)


def graded_percent(attempt: Attempt) -> Decimal:
    """The percent of a graded attempt, which grading sets together with its GRADED state."""
    assert attempt.percent is not None
    return attempt.percent


@lru_cache(maxsize=20_000)
def _exact(percent: Decimal) -> Fraction:
    """A stored percent (two decimals, so at most 20,001 values in use) as a Fraction, made once."""
    return Fraction(percent)


def graded_result(settings: spec.Settings, attempts: list[Attempt]) -> tuple[Fraction | None, bool]:
    """Quiz grade by the grading method, and whether it passes (exact per attempt)."""
    graded = [a for a in attempts if a.state == AttemptState.GRADED]
    if not graded:
        return None, False
    method = settings.grading
    if method == "highest":
        return _exact(max(graded_percent(a) for a in graded)), any(a.passed for a in graded)
    if method in ("latest", "first"):
        picked = graded[-1 if method == "latest" else 0]
        return _exact(graded_percent(picked)), bool(picked.passed)
    grade_percent = grading.combine_attempts(method, [_exact(graded_percent(a)) for a in graded])
    return grade_percent, grade_percent is not None and grade_percent >= settings.pass_percent


def status(user_id: int, entry) -> QuizStatus:
    attempts = attempts_of(user_id, entry.course_slug, entry.slug)
    granted = db.session.execute(select(QuizAllowance.extra_attempts, QuizAllowance.answers_shown_at).where(
        QuizAllowance.user_id == user_id, QuizAllowance.course_slug == entry.course_slug,
        QuizAllowance.quiz_slug == entry.slug)).first()  # fmt: skip
    extra, shown_at = granted if granted is not None else (0, None)
    settings = entry.spec.settings
    grade_percent, passed = graded_result(settings, attempts)
    in_progress = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    counted = [a for a in attempts if a.state != AttemptState.VOID]
    finished = [a.submitted_at for a in counted if a.submitted_at]
    refusal = None
    if in_progress is None:
        refusal = rules.start_refusal(settings, len(counted), max(finished, default=None), extra, clock.now())
    return QuizStatus(tuple(attempts), in_progress, rules.allowed_attempts(settings, extra), grade_percent, passed,
                      refusal, shown_at)  # fmt: skip


def answers_visible(attempt: Attempt, quiz_status: QuizStatus) -> bool:
    """May the review of this finished attempt show the key and answer feedback now?"""
    settings = spec_of(attempt).settings
    return rules.answers_visible(
        settings.show_correct_answers,
        attempt_passed=attempt.passed,
        quiz_passed=quiz_status.passed,
        attempts_left=quiz_status.left,
        quiz_closed=bool(settings.closes_at and clock.now() >= settings.closes_at),
        attempt_open=quiz_status.in_progress is not None,
    )


def showing_needs_record(attempt: Attempt, quiz_status: QuizStatus) -> bool:
    """Would showing the key now be its first showing under `after_last_attempt`?"""
    return (spec_of(attempt).settings.show_correct_answers == "after_last_attempt"
            and quiz_status.answers_shown_at is None and answers_visible(attempt, quiz_status))  # fmt: skip


def show_answers(user_id: int, entry, attempt: Attempt) -> tuple[QuizStatus, bool]:
    """Decide again under the allowance's lock, and record the key's first showing.

    Call in a write transaction. The lock orders this against `grant`: either the grant came
    first (an attempt is left, so no key) or it sees `answers_shown_at` and refuses.
    """
    row = allowances.get(user_id, entry.course_slug, entry.slug, lock=True)
    current = status(user_id, entry)
    visible = answers_visible(attempt, current)
    if visible and showing_needs_record(attempt, current):
        row.answers_shown_at = clock.now()
        audit.record("quiz.answers_shown", target=f"user:{user_id}", quiz=entry.slug, attempt=attempt.id)
        current = status(user_id, entry)
    return current, visible
