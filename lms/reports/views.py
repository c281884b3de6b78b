"""Certificates (download, verify, revoke, cohort ZIP) and the admin's all-cohort export."""

from __future__ import annotations

import io
import zipfile

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.models import User
from ..auth.roles import Role
from ..cohorts import service as cohorts
from ..cohorts.models import Cohort, CohortMember
from ..cohorts.views import download
from ..content import service as content
from ..extensions import db
from . import certificate_pdf, certificates, service
from .models import Certificate

bp = Blueprint("reports", __name__, url_prefix="/reports")
verify_bp = Blueprint("verify", __name__, url_prefix="/verify")


def pdf_response(data: bytes, name: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/certificates/<course>.pdf")
@login_required
def my_certificate(course: str):
    certificate = certificates.for_officer(current_user.id, course)
    if certificate is None or certificate.revoked_at is not None:
        abort(404)
    pdf = certificate_pdf.render(service.certificate_data(certificate, current_user))
    return pdf_response(pdf, f"letp-certificate-{certificate.code}.pdf")


@bp.route("/cohorts/<int:cohort_id>/certificates.zip")
@role_required(Role.COORDINATOR)
def cohort_certificates(cohort_id: int):
    cohort = cohorts.cohort_or_404(current_user, cohort_id)
    rows = db.session.execute(
        select(Certificate, User).join(User, User.id == Certificate.user_id)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id, Certificate.course_slug == cohort.course_slug,
               Certificate.revoked_at.is_(None)).order_by(User.name)
    ).all()  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate, user in rows:
            archive.writestr(
                f"{certificate.code}.pdf", certificate_pdf.render(service.certificate_data(certificate, user))
            )
    cohorts.audit.record("certificates.zip", target=f"cohort:{cohort.id}", rows=len(rows))
    db.session.commit()
    response = Response(buffer.getvalue(), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="letp-certificates-cohort-{cohort.id}.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["POST"])
@role_required(Role.ADMIN)
def revoke(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    reason = (request.form.get("reason") or "").strip()
    if not EmptyForm().validate_on_submit() or not reason:
        flash(_("Give a reason to revoke a certificate."), "error")
    elif certificate.revoked_at is None:
        certificates.revoke(certificate, current_user, reason)
        db.session.commit()
        flash(_("Certificate %(code)s is revoked.", code=certificate.code), "success")
    return redirect(url_for("verify.check", code=certificate.code))


@bp.route("/grades/<course>.<fmt>")
@role_required(Role.ADMIN)
def all_grades(course: str, fmt: str):
    c = content.catalog().course(course)
    if c is None or fmt not in service.FORMATS:
        abort(404)
    every = list(db.session.scalars(select(Cohort).where(Cohort.course_slug == course).order_by(Cohort.id)))
    excel = fmt == "csv" and request.args.get("excel") == "1"
    return download(service.export(every, c, fmt, excel=excel, scope=f"course:{course}"), fmt, f"letp-grades-{course}")


@verify_bp.route("/", methods=["GET", "POST"])
def form():
    code = (request.values.get("code") or "").strip()
    if code:
        return redirect(url_for(".check", code=certificates.normalise_code(code)))
    return render_template("reports/verify.html", certificate=None, code=None)


@verify_bp.route("/<code>")
def check(code: str):
    """Public: valid or revoked, the holder's name and course, nothing else."""
    certificate = certificates.by_code(code)
    holder = db.session.get(User, certificate.user_id) if certificate else None
    course = content.catalog().course(certificate.course_slug) if certificate else None
    status = 200 if certificate else 404
    return render_template("reports/verify.html", certificate=certificate, holder=holder, course=course,
                           code=code, form=EmptyForm()), status  # fmt: skip
