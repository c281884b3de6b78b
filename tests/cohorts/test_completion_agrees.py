"""Completed means one thing: the dashboard's filter and the gradebook's row agree, revoked certificates included."""

from __future__ import annotations

from sqlalchemy import select

from lms.catalog import service as content
from lms.cohorts import roster
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.progress.models import Certificate
from lms.reports import service as reports
from lms.reports.gradebook import columns, header, values


def completed_by_filter_and_by_row(app, cohort_id: int) -> tuple[set[int], set[int]]:
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        course = content.catalog().course(cohort.course_slug)
        filtered = {u.id for u in db.session.scalars(roster.member_query(cohort, status="completed"))}
        cols = columns(reports.module_columns(course), bool(course.final_assessment))
        every = list(db.session.scalars(roster.member_query(cohort)))
        rows = reports.rows_for_users(every, cohort.name, course)
        by_row = {row.officer.id for row in rows if row.completed}
        exported = {values(cols, row)[0] for row in rows if values(cols, row)[header(cols).index("completed")] == "yes"}
        assert exported == by_row  # the export's column says what the typed row says
        return filtered, by_row


def test_a_revoked_certificate_is_not_completed_anywhere(app, make_user, make_cohort):
    kept, revoked = make_user(), make_user()
    cohort_id = make_cohort(members=[kept, revoked])
    admin = make_user("admin")
    with app.app_context():
        for user, code in ((kept, "AAAA-BBBB-CCCC"), (revoked, "DDDD-EEEE-FFFF")):
            db.session.add(Certificate(user_id=user.id, course_slug="quiz-course", code=code, grade=90))
        db.session.commit()
    assert completed_by_filter_and_by_row(app, cohort_id) == ({kept.id, revoked.id}, {kept.id, revoked.id})
    with app.app_context():
        from lms.progress import certificates

        certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == revoked.id))
        certificates.revoke(certificate, admin, "issued in error")
        db.session.commit()
    assert completed_by_filter_and_by_row(app, cohort_id) == ({kept.id}, {kept.id})
