"""Cohorts, who coordinates them and who is enrolled."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, text
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
    # The course rules the members' stored standings were computed under (lms.reports.standings).
    ranked_under: Mapped[str | None] = mapped_column(String(64))

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CohortCoordinator(Model):
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)


UNRANKED = text("ranked_version IS NULL")


class CohortMember(Model):
    """One officer in one cohort, with copies of the officer's fields the coordinator's list sorts
    and filters by. The copies let each order of that list be one range of an index of this table,
    whatever the size of the cohort; lms.cohorts.facets keeps them equal to the user's fields."""

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    sort_name: Mapped[str] = mapped_column(String(255), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    country: Mapped[str] = mapped_column(String(2), default="", server_default="")
    agency: Mapped[str] = mapped_column(String(160), default="", server_default="")
    # The officer's standing in the cohort's course, stored to be sorted by (lms.reports.standings):
    # negated so that ascending is best first; computed at `ranked_version` of the officer's
    # progress. None until computed, and again from each change to it (progress_version.bump).
    grade_rank: Mapped[int | None]
    progress_rank: Mapped[int | None]
    ranked_version: Mapped[int | None]

    __table_args__ = (
        Index("ix_cohort_member_by_name", "cohort_id", "sort_name", "user_id"),
        Index("ix_cohort_member_by_country", "cohort_id", "country", "sort_name", "user_id"),
        Index("ix_cohort_member_by_agency", "cohort_id", "agency", "sort_name", "user_id"),
        Index("ix_cohort_member_by_email", "cohort_id", "email", "user_id"),
        Index("ix_cohort_member_by_grade", "cohort_id", "grade_rank", "sort_name", "user_id"),
        Index("ix_cohort_member_by_progress", "cohort_id", "progress_rank", "sort_name", "user_id"),
        # The standings to compute again: as many entries as officers who did something since the last view.
        Index("ix_cohort_member_unranked", "cohort_id", "user_id", sqlite_where=UNRANKED, postgresql_where=UNRANKED),
    )


class CohortFacet(Model):
    """How many of a cohort's officers have one country or one agency ("all": the cohort's size).

    Kept in the flush that changes a membership or an officer's country or agency
    (lms.cohorts.facets), so the dashboard reads its counts and filter choices without counting.
    """

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # "all", "country" or "agency"
    value: Mapped[str] = mapped_column(String(160), primary_key=True)  # "" for "all"
    members: Mapped[int]
