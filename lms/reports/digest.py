"""The weekly progress digest: one message per coordinator covering each of their open cohorts.

`flask lms send-digests` (weekly, from cron) queues them; `send-mail` delivers. A coordinator who
had a digest in the last six days is skipped, so running the command twice in a week sends one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from .. import clock
from ..auth.models import User
from ..auth.roles import Role
from ..catalog import service as content
from ..cohorts.models import Cohort, CohortCoordinator
from ..extensions import db
from ..mail import outbox
from ..mail.models import OutboxMessage
from ..web import public_url
from . import service
from .gradebook import Summary

KIND = "digest"
QUIET_DAYS = 6


@dataclass(frozen=True)
class CohortLine:
    name: str
    course: str
    url: str
    total: int
    started: int
    completed: int
    completed_this_week: int


def cohort_line(cohort: Cohort, week_start: str) -> CohortLine | None:
    course = content.catalog().course(cohort.course_slug)
    if course is None:
        return None
    summary = Summary(module_done=[0] * len(course.modules))
    for row in service.gradebook_rows([cohort], course):
        summary.add(row)
    return CohortLine(cohort.name, course.title, public_url("cohort_report.dashboard", cohort_id=cohort.id),
                      summary.total, summary.started, sum(summary.completions.values()),
                      summary.completed_since(week_start))  # fmt: skip


def queue_digests() -> int:
    """Queue this week's digest for every active coordinator who wants one; returns how many (no commit)."""
    now = clock.now()
    week_start = (now - timedelta(days=7)).date().isoformat()
    recent = exists().where(OutboxMessage.user_id == User.id, OutboxMessage.kind == KIND,
                            OutboxMessage.created_at >= now - timedelta(days=QUIET_DAYS))  # fmt: skip
    coordinators = list(db.session.scalars(select(User).where(User.role == Role.COORDINATOR, User.active,
                                                              User.mail_digest, ~recent).order_by(User.id)))  # fmt: skip
    queued = 0
    lines_of: dict[int, CohortLine | None] = {}  # a cohort with two coordinators is summed up once
    for user in coordinators:
        cohorts = list(db.session.scalars(select(Cohort).join(CohortCoordinator, CohortCoordinator.cohort_id == Cohort.id)
                                          .where(CohortCoordinator.user_id == user.id, Cohort.closed_at.is_(None))
                                          .order_by(Cohort.name)))  # fmt: skip
        for cohort in cohorts:
            if cohort.id not in lines_of:
                lines_of[cohort.id] = cohort_line(cohort, week_start)
        lines = [line for cohort in cohorts if (line := lines_of[cohort.id]) is not None]
        if not lines:
            continue
        outbox.queue_template("digest", kind=KIND, to=user.email, to_name=user.name, user_id=user.id,
                              locale=user.locale, subject=_l("LETP: your cohorts this week"), name=user.name, lines=lines,
                              profile=public_url("profile.edit"))  # fmt: skip
        queued += 1
    return queued
