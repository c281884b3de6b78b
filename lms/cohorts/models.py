"""Cohorts, who coordinates them and who is enrolled."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock
from ..extensions import Model


class Cohort(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2))
    location: Mapped[str] = mapped_column(String(120), default="")
    course_slug: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    closed_at: Mapped[datetime | None]
    # What officers imported into the cohort start with, until they choose their own (issue 18).
    locale: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.column_default)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CohortCoordinator(Model):
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)


class CohortMember(Model):
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=clock.column_default)
