"""Quiz versions, attempts, answers and per-officer allowances: the learner facts of quizzes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import Model


class AttemptState(StrEnum):
    """Where an attempt stands. Stored as its string value; compares equal to it."""

    IN_PROGRESS = "in_progress"
    AWAITING_GRADING = "awaiting_grading"  # submitted; an essay waits for its mark
    GRADED = "graded"
    VOID = "void"  # reset by a coordinator: kept on record, not counted


class QuizVersion(Model):
    """One distinct content of a quiz file, stored once; attempts point at the one they used."""

    __table_args__ = (UniqueConstraint("course_slug", "quiz_slug", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_slug: Mapped[str] = mapped_column(String(100))
    quiz_slug: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)  # the file as it was; the spec is parsed from it
    locale: Mapped[str | None] = mapped_column(String(10))  # a translation's language; None: the source
    created_at: Mapped[datetime] = mapped_column(default=clock.column_default)


class QuizAllowance(Model):
    """Per officer and quiz: extra attempts and minutes granted, and the row that start and grant lock."""

    __table_args__ = (UniqueConstraint("user_id", "course_slug", "quiz_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_slug: Mapped[str] = mapped_column(String(100))
    quiz_slug: Mapped[str] = mapped_column(String(100))
    extra_attempts: Mapped[int] = mapped_column(default=0)
    extra_minutes: Mapped[int] = mapped_column(default=0)
    # First time a review showed the answer key under `after_last_attempt`; from then on no
    # extra attempt can be granted (security.md H2).
    answers_shown_at: Mapped[datetime | None]


class Attempt(Model):
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug", "quiz_slug", "number"),
        # At most one attempt in progress per officer and quiz, whatever races happen.
        Index(
            "uq_attempt_one_in_progress",
            "user_id",
            "course_slug",
            "quiz_slug",
            unique=True,
            sqlite_where=text("state = 'in_progress'"),
            postgresql_where=text("state = 'in_progress'"),
        ),
        Index("ix_attempt_deadline_open", "state", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_slug: Mapped[str] = mapped_column(String(100))
    quiz_slug: Mapped[str] = mapped_column(String(100))
    version_id: Mapped[int] = mapped_column(ForeignKey("quiz_version.id"))
    number: Mapped[int]  # 1, 2, 3 … per officer and quiz
    seed: Mapped[int]
    layout: Mapped[str] = mapped_column(Text)  # JSON: the delivered questions and choice orders
    state: Mapped[str] = mapped_column(String(20), default=AttemptState.IN_PROGRESS)  # an AttemptState value
    revision: Mapped[int] = mapped_column(default=0)  # bumped by every save; stale saves get 409
    page: Mapped[int] = mapped_column(default=0)  # furthest page reached (one question at a time)
    started_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    finalised_by: Mapped[str | None] = mapped_column(String(20))  # officer | deadline
    score: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    possible: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    passed: Mapped[bool | None]
    # The language the attempt was taken in (issue 19) and, when it was a translation, the stored
    # text of that translation: shown and graded (short answers are words of that language). The
    # structure is the source version's (catalog/translations.py checks it), so `version` stays the
    # source's: statistics and regrades group attempts across languages by it. None: the source.
    locale: Mapped[str | None] = mapped_column(String(10))
    # No database constraint (SQLite cannot add one in place, and a rebuilt table would cascade);
    # quiz versions are never deleted.
    text_version_id: Mapped[int | None]

    version: Mapped[QuizVersion] = relationship(lazy="joined", innerjoin=True)
    # Loaded when read, not joined: attempts are locked FOR UPDATE, which PostgreSQL refuses on the
    # nullable side of an outer join.
    text_version: Mapped[QuizVersion | None] = relationship(
        primaryjoin="foreign(Attempt.text_version_id) == QuizVersion.id", lazy="select"
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", order_by="Answer.slot", cascade="all, delete-orphan"
    )


class Answer(Model):
    """The saved response to one slot of an attempt; the latest save wins."""

    __table_args__ = (UniqueConstraint("attempt_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    slot: Mapped[int]
    response: Mapped[str] = mapped_column(Text)  # JSON
    saved_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    score: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))  # set when graded; essays when marked
    comment: Mapped[str] = mapped_column(Text, default="")  # the instructor's comment on an essay
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime | None]

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
