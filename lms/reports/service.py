"""Gradebook rows from the database, in chunks so memory stays flat; exports and certificate data."""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date
from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from .. import dates, formats, i18n
from ..audit import service as audit
from ..auth.models import User
from ..catalog import service as content
from ..catalog.build import Course
from ..cohorts.models import Cohort, CohortMember
from ..extensions import db
from ..progress.models import Certificate
from ..progress.service import results_for
from ..web import public_url
from . import exports
from .certificate_pdf import CertificateData, CertificateText, percent_text
from .gradebook import GradebookRow, Issued, ModuleColumn, Officer, columns, header, row, values

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
    return {c.user_id: Issued(c.code, c.issued_at, not c.stands) for c in rows}


def rows_for_users(users: Sequence[User], cohort_name: str, course: Course,
                   languages_too: bool = False) -> list[GradebookRow]:  # fmt: skip
    """Rows for one page of officers: three queries whatever the page size; with `languages_too`
    (exports show them, the dashboard does not) the languages of their graded attempts, read
    from the same rows as their grades."""
    ids = [u.id for u in users]
    taken_in: dict[int, set[str | None]] | None = {} if languages_too else None
    results = results_for(ids, course, taken_in)
    issued = certificates_for(ids, course.slug)
    languages = {user_id: sorted(locale or "en" for locale in found) for user_id, found in (taken_in or {}).items()}
    columns = module_columns(course)
    return [row(Officer(u.id, u.name, u.email, u.agency, u.country), cohort_name, columns, course.final_assessment,
                results[u.id], issued.get(u.id), " ".join(languages.get(u.id, []))) for u in users]  # fmt: skip


def gradebook_rows(cohorts: Sequence[Cohort], course: Course) -> Iterator[GradebookRow]:
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
            yield from rows_for_users(users, cohort.name, course, languages_too=True)
            after = users[-1].id
            db.session.expunge_all()  # nothing read so far is needed again


def export(cohorts: Sequence[Cohort], course: Course, fmt: str, *, excel: bool = False) -> Generator[bytes, None, int]:
    """Stream the export in `fmt`; the generator's return value is the number of rows (for the audit)."""
    cols = columns(module_columns(course), bool(course.final_assessment))
    names = header(cols)
    count = 0

    def counted() -> Iterator[list[object]]:
        nonlocal count
        for r in gradebook_rows(cohorts, course):
            count += 1
            yield values(cols, r)

    chunks: Iterator[str] | Iterator[bytes]
    if fmt == "csv":
        chunks = exports.csv_lines(names, counted(), delimiter=";" if excel else ",", bom=excel)
    elif fmt == "json":
        chunks = exports.json_chunks(names, counted())
    else:
        chunks = exports.xlsx_chunks(names, counted())
    for chunk in chunks:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk
    return count


def record_export(scope: str, course: Course, fmt: str, excel: bool, rows: int) -> None:
    audit.record("grades.export", target=scope, format=fmt, excel=excel, rows=rows, course=course.slug)


def cohorts_of(course_slug: str) -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).where(Cohort.course_slug == course_slug).order_by(Cohort.id)))


def standing_certificates(cohort: Cohort) -> list[tuple[Certificate, User]]:
    """The cohort's certificates for its course that are not revoked, by officer name."""
    rows = db.session.execute(
        select(Certificate, User).join(User, User.id == Certificate.user_id)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id, Certificate.course_slug == cohort.course_slug,
               Certificate.stands).order_by(User.sort_name, User.id)
    ).all()  # fmt: skip
    return [(certificate, user) for certificate, user in rows]


def certificate_language(user: User) -> str:
    """The officer's language (as pages choose it, lms/__init__.py): saved, else the deployment's."""
    saved = user.locale
    return saved if saved in i18n.SERVED_LOCALES else current_app.config["DEFAULT_LOCALE"]


def certificate_zone(user: User) -> tzinfo | None:
    """The officer's saved time zone; None (the date is then in UTC, and says so) if none or unknown."""
    try:
        return ZoneInfo(user.timezone) if user.timezone else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def certificate_text(locale: str, *, minutes: int, grade: Decimal, issued_at: datetime, zone: tzinfo | None,
                     code: str, verify_url: str) -> CertificateText:  # fmt: skip
    """The certificate's sentences in `locale`: numbers and the date by Babel, in the officer's zone."""
    with force_locale(locale):
        day = format_date(dates.local(issued_at, zone or UTC).date(), format="long",
                          locale=dates.formatting_locale(locale))  # fmt: skip
        facts = [gettext("Study time %(duration)s", duration=formats.duration(minutes))] if minutes else []
        facts.append(gettext("Course grade %(grade)s", grade=percent_text(grade, locale)))
        if zone is None:
            facts.append(gettext("Issued on %(date)s (UTC)", date=day))
        else:
            facts.append(gettext("Issued on %(date)s", date=day))
        return CertificateText(
            locale=locale,
            direction=i18n.direction(locale),
            platform=gettext("Law Enforcement Training Platform"),
            heading=gettext("Certificate of Completion"),
            certifies=gettext("This certifies that"),
            completed=gettext("has completed the course"),
            facts=tuple(facts),
            code=gettext("Certificate code: %(code)s", code=code),
            check=gettext("Check this certificate at %(url)s", url=verify_url),
        )


def certificate_data(certificate: Certificate, user: User) -> CertificateData:
    """What the certificate PDF shows: in the officer's language, and in English unless that is it."""
    locale, zone = certificate_language(user), certificate_zone(user)
    course = content.catalog().course(certificate.course_slug)
    translated = content.catalog().course(certificate.course_slug, locale)  # the course's title in that language
    verify_url = public_url("verify.check", code=certificate.code)

    def text(language: str) -> CertificateText:
        return certificate_text(language, minutes=course.total_minutes if course else 0, grade=certificate.grade,
                                issued_at=certificate.issued_at, zone=zone, code=certificate.code,
                                verify_url=verify_url)  # fmt: skip

    return CertificateData(
        officer_name=user.name,
        agency=user.agency,
        course_title=translated.title if translated else certificate.course_slug,
        course_title_english=course.title if course and translated and translated.title != course.title else None,
        issued_at=certificate.issued_at,
        code=certificate.code,
        verify_url=verify_url,
        text=text(locale),
        english=None if locale == "en" else text("en"),
    )
