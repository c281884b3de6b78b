"""Certificates: issued once when a course is complete, verified publicly, revoked by admins. No commits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit import service as audit
from ..auth import progress_version
from ..auth.models import User
from ..catalog.build import Course
from ..extensions import db
from ..formats import percent
from ..mail import outbox
from ..quizzes.grading import rounded
from ..web import public_url
from . import cache
from .models import Certificate
from .service import course_result

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed


def new_code() -> str:
    """12 random characters (60 bits) shown as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(ALPHABET) for _position in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(typed: str) -> str:
    raw = "".join(ch for ch in typed.upper() if ch.isalnum())[:12]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else raw


def for_officer(user_id: int, course_slug: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.user_id == user_id, Certificate.course_slug == course_slug)
    )


@dataclass(frozen=True)
class CertificateNote:
    """What the officer's dashboard shows of their certificate."""

    code: str
    grade: Decimal


def note_for(user_id: int, course_slug: str) -> CertificateNote | None:
    """The officer's certificate as the dashboard shows it, cached with their progress version
    (issuing and revoking one move it)."""

    def read() -> CertificateNote | None:
        certificate = for_officer(user_id, course_slug)
        return None if certificate is None else CertificateNote(certificate.code, certificate.grade)

    return cache.cached(user_id, f"certificate:{course_slug}", read)


def by_code(code: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.code == normalise_code(code)))


def issue_if_complete(user_id: int, course: Course) -> Certificate | None:
    """Issue the certificate if the course is complete and none exists; return it (issued now or
    before), or None while the course is not complete: most calls (a quiz submitted half-way)
    then cost no look-up of the certificate."""
    outcome = course_result(user_id, course)
    if not outcome.complete:
        return None
    existing = for_officer(user_id, course.slug)
    if existing is not None:
        return existing
    certificate = Certificate(user_id=user_id, course_slug=course.slug, code=new_code(), grade=rounded(outcome.grade),
                              issued_at=clock.now())  # fmt: skip
    try:
        with db.session.begin_nested():  # a parallel request may issue it first
            db.session.add(certificate)
    except IntegrityError:
        return for_officer(user_id, course.slug)
    progress_version.bump(user_id)
    audit.record("certificate.issue", target=f"user:{user_id}", course=course.slug, code=certificate.code)
    _tell_the_officer(certificate, course)
    return certificate


def _tell_the_officer(certificate: Certificate, course: Course) -> None:
    """Mail the officer their certificate's verification link, unless they turned that mail off."""
    user = db.session.get(User, certificate.user_id)
    if user is None or not user.active or not user.mail_certificate:
        return
    outbox.queue_template(
        "certificate", kind="certificate", to=user.email, to_name=user.name, user_id=user.id,
        locale=user.locale, subject=_l("Your LETP certificate: %(course)s", course=course.title), name=user.name, course=course.title,
        code=certificate.code, grade=percent(certificate.grade),
        verify=public_url("verify.check", code=certificate.code),
        download=public_url("reports.my_certificate", course=course.slug),
        profile=public_url("profile.edit"),
    )  # fmt: skip


def revoke(certificate: Certificate, admin, reason: str) -> None:
    certificate.revoked_at = clock.now()
    certificate.revoked_by_id = admin.id
    certificate.revoke_reason = reason[:300]
    progress_version.bump(certificate.user_id)
    audit.record(
        "certificate.revoke", target=f"certificate:{certificate.id}", code=certificate.code, reason=reason[:300]
    )
