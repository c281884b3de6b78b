"""Each member's standing (grade and progress ranks) stored on the membership, so the coordinator's
roster sorts by them through an index, as by any other column, whatever the cohort's size.

A standing is computed from the officer's course state and filed with the progress version it was
computed at (`cohort_member.ranked_version`). Every change to the state bumps that version
(lms.auth.progress_version) and, in the same transaction, sets `ranked_version` of the officer's
memberships to None: a partial index lists exactly those. The cohort keeps the course rules its
standings were computed under (`cohort.ranked_under`): new content that changes weights, pass
marks, grading methods or modules makes every standing of the cohort stale.

Standings are brought up to date when a coordinator sorts by grade or progress, before the page
is read: only the marked ones are graded again. Between two views that is the officers who did
something, so a view costs one lookup in the partial index and an index range for the page,
whatever the cohort's size. The first view after a migration or a content change grades the
whole cohort once, as an export does. Officers pay one UPDATE per change of their course state
(none for an autosave), on the index of their own memberships. The write here is a cache fill
(derived data, recomputable at any time), which is why a GET may do it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import cast

from sqlalchemy import Table, bindparam, select, update

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

    Reads the memberships marked for it (a partial index: as many entries as officers who did
    something since the last view), or all of them under new course rules. If there are any, it
    grades them CHUNK at a time in a write transaction of its own, each chunk's officers locked
    first (FOR SHARE on PostgreSQL; SQLite has one writer): no change can slip between the
    version stored and the state graded, and a change after it marks the membership again."""
    rules = rules_of(course)
    members = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    if cohort.ranked_under == rules:
        members = members.where(CohortMember.ranked_version.is_(None))
    ids = list(db.session.scalars(members.order_by(CohortMember.user_id)))
    if not ids and cohort.ranked_under == rules:
        return 0
    cohort_id = cohort.id
    with write_transaction(db.session):
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            versions = dict(db.session.execute(select(User.id, User.progress_version).where(User.id.in_(chunk))
                                               .order_by(User.id).with_for_update(read=True)).all())  # fmt: skip
            results, issued = results_for(chunk, course), certificates_for(chunk, course.slug)
            rows = []
            for person in chunk:
                grade, progress = ranks(results[person], person in issued and not issued[person].revoked)
                rows.append({"cohort": cohort_id, "person": person, "grade": grade, "progress": progress,
                             "version": versions[person]})  # fmt: skip
            db.session.connection().execute(_store(), rows)
        db.session.execute(update(Cohort).where(Cohort.id == cohort_id).values(ranked_under=rules))
    return len(ids)
