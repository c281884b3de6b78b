"""What a coordinator grants an officer on a quiz: extra attempts and minutes, one row per
officer and quiz. The row is also what starting an attempt and a grant lock, and it records when
the answer key was first shown (after which extra attempts would measure nothing, H2).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth import progress_version
from ..extensions import db
from .models import QuizAllowance


class KeyAlreadyShown(Exception):
    """More attempts after the review showed the answer key would measure nothing (H2)."""

    def __init__(self, shown_at):
        super().__init__("answers_shown")
        self.shown_at = shown_at


def get(user_id: int, course_slug: str, quiz_slug: str, *, lock: bool = False) -> QuizAllowance:
    query = select(QuizAllowance).where(QuizAllowance.user_id == user_id, QuizAllowance.course_slug == course_slug,
                                        QuizAllowance.quiz_slug == quiz_slug)  # fmt: skip
    if lock:
        query = query.with_for_update()
    row = db.session.scalar(query)
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(QuizAllowance(user_id=user_id, course_slug=course_slug, quiz_slug=quiz_slug))
        except IntegrityError:
            pass
        row = db.session.scalar(query)
    assert row is not None  # added above, or by the request that won the race
    return row


def grant(
    user_id: int, course_slug: str, quiz_slug: str, *, extra_attempts: int = 0, extra_minutes: int = 0
) -> QuizAllowance:
    """Give an officer more attempts or more time on a quiz (coordinators).

    Raises KeyAlreadyShown, changing nothing, for extra attempts once a review has shown the
    officer the answer key (`answers_shown_at`): an attempt taken with the key in hand would
    measure nothing, and no coordinator page may undo that. Extra minutes alone are granted.
    """
    row = get(user_id, course_slug, quiz_slug, lock=True)
    if extra_attempts and row.answers_shown_at is not None:
        raise KeyAlreadyShown(row.answers_shown_at)
    row.extra_attempts += extra_attempts
    row.extra_minutes += extra_minutes
    progress_version.bump(user_id)  # what the officer may do next changes with it
    return row


def granted(user_id: int, course_slug: str) -> list[QuizAllowance]:
    """What has been granted to an officer in a course, quiz by quiz (rows with nothing are left out)."""
    rows = db.session.scalars(select(QuizAllowance).where(QuizAllowance.user_id == user_id,
                                                          QuizAllowance.course_slug == course_slug))  # fmt: skip
    return [r for r in rows if r.extra_attempts or r.extra_minutes]
