"""Gradebook rows from the database, in chunks so memory stays flat; exports and certificate data."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import select

from ..audit import service as audit
from ..auth.models import User
from ..cohorts.models import Cohort, CohortMember
from ..content import service as content
from ..content.catalog import Course
from ..database import write_transaction
from ..extensions import db
from ..progress.service import results_for
from ..web import public_url
from . import exports
from .certificate_pdf import CertificateData
from .gradebook import Issued, ModuleColumn, Officer, header, row
from .models import Certificate

CHUNK = 500
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def module_columns(course: Course) -> list[ModuleColumn]:
    return [ModuleColumn(m.slug, m.title, m.quiz) for m in course.modules]


def certificates_for(user_ids: Sequence[int], course_slug: str) -> dict[int, Issued]:
    rows = db.session.scalars(
        select(Certificate).where(Certificate.user_id.in_(user_ids), Certificate.course_slug == course_slug)
    )
    return {c.user_id: Issued(c.code, c.issued_at, c.revoked_at is not None) for c in rows}


def rows_for_users(users: Sequence[User], cohort_name: str, course: Course) -> list[list[object]]:
    """Rows for one page of officers: three queries whatever the page size."""
    ids = [u.id for u in users]
    results = results_for(ids, course)
    issued = certificates_for(ids, course.slug)
    columns = module_columns(course)
    return [row(Officer(u.id, u.name, u.email, u.agency, u.country), cohort_name, columns, course.final_assessment,
                results[u.id], issued.get(u.id)) for u in users]  # fmt: skip


def gradebook_rows(cohorts: Sequence[Cohort], course: Course) -> Iterator[list[object]]:
    """Every member of `cohorts`, cohort by cohort, read CHUNK officers at a time (keyset pagination).

    The key is the membership's own (cohort_id, user_id) primary key, so each chunk is one range of
    that index; keyed by user.id, SQLite sorted the rest of the cohort again for every chunk.
    """
    for cohort in cohorts:
        after = 0
        while True:
            users = list(db.session.scalars(
                select(User).join(CohortMember, CohortMember.user_id == User.id)
                .where(CohortMember.cohort_id == cohort.id, CohortMember.user_id > after)
                .order_by(CohortMember.user_id).limit(CHUNK)
            ))  # fmt: skip
            if not users:
                break
            yield from rows_for_users(users, cohort.name, course)
            after = users[-1].id
            db.session.expunge_all()  # nothing read so far is needed again


def export(cohorts: Sequence[Cohort], course: Course, fmt: str, *, excel: bool = False, scope: str) -> Iterator:
    """Stream the export in `fmt`; the audit record (filter and row count) is written at the end."""
    names = header(module_columns(course), bool(course.final_assessment))
    count = 0

    def counted() -> Iterator[list[object]]:
        nonlocal count
        for values in gradebook_rows(cohorts, course):
            count += 1
            yield values

    if fmt == "csv":
        chunks = exports.csv_lines(names, counted(), delimiter=";" if excel else ",", bom=excel)
    elif fmt == "json":
        chunks = exports.json_chunks(names, counted())
    else:
        chunks = exports.xlsx_chunks(names, counted())
    for chunk in chunks:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk
    # The rows were read in one read transaction, while others may have written (H5). Writing the
    # audit record in it would have to upgrade that old snapshot, which SQLite refuses ("database
    # is locked") once anyone has committed since; a fresh write transaction waits its turn instead.
    with write_transaction(db.session):
        audit.record("grades.export", target=scope, format=fmt, excel=excel, rows=count, course=course.slug)


def certificate_data(certificate: Certificate, user: User) -> CertificateData:
    course = content.catalog().course(certificate.course_slug)
    return CertificateData(
        officer_name=user.name,
        agency=user.agency,
        course_title=course.title if course else certificate.course_slug,
        minutes=course.total_minutes if course else 0,
        issued_at=certificate.issued_at,
        grade=certificate.grade,
        code=certificate.code,
        verify_url=public_url("verify.check", code=certificate.code),
    )
