"""Certificates (download, verify, revoke, cohort ZIP) and the admin's all-cohort export."""

from __future__ import annotations

import io
import zipfile

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..audit import service as audit
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.models import User
from ..auth.roles import Role
from ..catalog import service as content
from ..catalog.build import Course
from ..cohorts import service as cohorts
from ..cohorts.models import Cohort
from ..database import write_transaction
from ..extensions import db
from ..progress import certificates
from ..progress.models import Certificate
from ..text import ascii_name
from ..web import attachment, download
from . import certificate_pdf, service

bp = Blueprint("reports", __name__, url_prefix="/reports")
verify_bp = Blueprint("verify", __name__, url_prefix="/verify")


def grades_download(chosen: list[Cohort], course: Course, fmt: str, scope: str, stem: str) -> Response:
    """Stream a gradebook export; its audit record (scope and row count) is committed once the last row is out."""
    excel = fmt == "csv" and request.args.get("excel") == "1"

    def audited():
        rows = yield from service.export(chosen, course, fmt, excel=excel)
        # The rows were read in one read transaction, while others may have written (H5). Writing the
        # audit record in it would have to upgrade that old snapshot, which SQLite refuses ("database
        # is locked") once anyone has committed since; a fresh write transaction waits its turn instead.
        with write_transaction(db.session):
            service.record_export(scope, course, fmt, excel, rows)

    mimetype, extension = service.FORMATS[fmt]
    return download(audited(), mimetype, f"{stem}-excel" if excel else stem, extension)


@bp.route("/certificates/<course>.pdf")
@login_required
def my_certificate(course: str):
    certificate = certificates.for_officer(current_user.id, course)
    if certificate is None or not certificate.stands:
        abort(404)
    pdf = certificate_pdf.render(service.certificate_data(certificate, current_user))
    return attachment(pdf, "application/pdf", f"letp-certificate-{certificate.code}.pdf")


@bp.route("/cohorts/<int:cohort_id>/certificates.zip")
@role_required(Role.COORDINATOR)
def cohort_certificates(cohort_id: int):
    cohort = cohorts.cohort_or_404(current_user, cohort_id)
    rows = service.standing_certificates(cohort)
    if not rows:
        flash(_("No officer of this cohort holds a certificate yet, so there is nothing to download."), "info")
        return redirect(url_for("cohort_report.dashboard", cohort_id=cohort.id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate, user in rows:  # "lea-dubois-ABCD-EFGH-JKLM.pdf": found by name, unique by code
            archive.writestr(f"{ascii_name(user.name)}-{certificate.code}.pdf",
                             certificate_pdf.render(service.certificate_data(certificate, user)))  # fmt: skip
    audit.record("certificates.zip", target=f"cohort:{cohort.id}", rows=len(rows))
    db.session.commit()
    return attachment(buffer.getvalue(), "application/zip", f"letp-certificates-cohort-{cohort.id}.zip")


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["POST"])
@role_required(Role.ADMIN)
def revoke(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    reason = (request.form.get("reason") or "").strip()
    if not EmptyForm().validate_on_submit() or not reason:
        flash(_("Give a reason to revoke a certificate."), "error")
    elif certificate.stands:
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
    return grades_download(service.cohorts_of(course), c, fmt, f"course:{course}", f"letp-grades-{course}")


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
