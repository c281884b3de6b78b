"""Each member's standing (grade and progress ranks) stored on the membership, so the coordinator's
roster sorts by them through an index, as by any other column, whatever the cohort's size.

A standing is computed from the officer's course state and filed with the progress version it was
computed at (`cohort_member.ranked_version`); every change to the state bumps that version
(lms.auth.progress_version), so a standing is stale exactly when the two differ. The cohort keeps
the course rules its standings were computed under (`cohort.ranked_under`): new content that
changes weights, pass marks, grading methods or modules makes every standing of the cohort stale.

Standings are brought up to date when a coordinator sorts by grade or progress, before the page
is read: only the stale ones are graded again. Between two views that is the officers who did
something, so a view costs one scan of the cohort's memberships for stale versions and an index
range for the page. The first view after a migration or a content change grades the whole cohort
once, as an export does. Officers pay nothing for this: their requests only bump the version they
bump anyway. The write is a cache fill (derived data, recomputable at any time), which is why a
GET may do it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import cast

from sqlalchemy import Table, bindparam, or_, select, update

from ..auth.models import User
from ..catalog import service as content
from ..catalog.build import Course
from ..cohorts.models import Cohort, CohortMember
from ..database import write_transaction
from ..extensions import db
from ..progress.service import results_for
from .gradebook import ranks
from .service import CHUNK, certificates_for

RULES_VERSION = "1"  # bump when `gradebook.ranks` or what it reads changes meaning


def rules_of(course: Course) -> str:
    """A digest of everything a course grade and progress are computed from, besides the attempts."""
    quizzes = content.catalog().quizzes_of(course.slug)
    settings = sorted((slug, quiz.spec.settings.grading, quiz.spec.settings.pass_percent)
                      for slug, quiz in quizzes.items())  # fmt: skip
    parts = (RULES_VERSION, [(m.slug, m.quiz) for m in course.modules], course.final_assessment, course.sequential,
             course.module_weight, course.final_weight, course.pass_percent, settings)  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def _store():
    table = cast(Table, CohortMember.__table__)
    return (update(table).where(table.c.cohort_id == bindparam("cohort"), table.c.user_id == bindparam("person"))
            .values(grade_rank=bindparam("grade"), progress_rank=bindparam("progress"),
                    ranked_version=bindparam("version")))  # fmt: skip


def refresh(cohort: Cohort, course: Course) -> int:
    """Bring the cohort's stored standings up to date; returns how many were computed again.

    Reads the stale memberships in one statement; if there are any, grades them CHUNK at a time
    in a write transaction of its own (committed), storing each with the version read before
    grading, so a change made meanwhile leaves it stale for the next view, never wrongly fresh."""
    rules = rules_of(course)
    stale = select(CohortMember.user_id, User.progress_version).join(User, User.id == CohortMember.user_id).where(
        CohortMember.cohort_id == cohort.id).order_by(CohortMember.user_id)  # fmt: skip
    if cohort.ranked_under == rules:
        stale = stale.where(or_(CohortMember.ranked_version.is_(None),
                                CohortMember.ranked_version != User.progress_version))  # fmt: skip
    versions: dict[int, int] = dict(db.session.execute(stale).all())  # (officer id, progress version) rows
    if not versions and cohort.ranked_under == rules:
        return 0
    cohort_id = cohort.id
    with write_transaction(db.session):
        ids = list(versions)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            results, issued = results_for(chunk, course), certificates_for(chunk, course.slug)
            rows = []
            for person in chunk:
                grade, progress = ranks(results[person], person in issued and not issued[person].revoked)
                rows.append({"cohort": cohort_id, "person": person, "grade": grade, "progress": progress,
                             "version": versions[person]})  # fmt: skip
            db.session.connection().execute(_store(), rows)
        db.session.execute(update(Cohort).where(Cohort.id == cohort_id).values(ranked_under=rules))
    return len(versions)
