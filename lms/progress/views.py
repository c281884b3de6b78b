"""The officer's dashboard and the "Mark as read" action."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.forms import token_checked
from ..catalog import service as content
from ..database import write_transaction
from ..extensions import db
from ..page_cache import render_shared
from . import certificates, service
from .rules import Status

bp = Blueprint("progress", __name__, url_prefix="/progress")


@bp.route("/")
@login_required
def dashboard():
    courses = []
    for course in content.catalog().courses.values():
        outcome = service.course_result(current_user.id, course)
        certificate = certificates.note_for(current_user.id, course.slug)
        if outcome.complete and certificate is None:
            with write_transaction(db.session):  # e.g. completed by a deadline finalisation
                certificates.issue_if_complete(current_user.id, course)
            certificate = certificates.note_for(current_user.id, course.slug)
        courses.append((course, outcome, certificate))
    # Shared by every officer whose courses stand exactly alike (page_cache.py).
    variant = tuple((course.slug, outcome.key(), certificate) for course, outcome, certificate in courses)
    return render_shared(variant, "progress/dashboard.html", lambda: dict(courses=courses))


@bp.route("/<course>/<module>/read", methods=["POST"])
@login_required
def mark_read(course: str, module: str):
    c = content.course_or_404(course)
    m = content.module_or_404(c, module)
    if not token_checked():
        flash(_("The form had expired. Please press “Mark as read” again."), "warning")
        return redirect(url_for("content.module", course=c.slug, module=m.slug))
    module_state = service.course_state_for(current_user.id, c).module(m.slug)
    assert module_state is not None  # the course's state holds every module of the course
    if module_state.locked:
        flash(_("“%(title)s” opens once the modules before it are complete.", title=m.title), "warning")
        return redirect(url_for("content.course", course=c.slug))
    if service.mark_read(current_user.id, c.slug, m.slug):
        certificates.issue_if_complete(current_user.id, c)
        db.session.commit()
        flash(_("“%(title)s” is marked as read.", title=m.title), "success")
    # To this module's quiz if it waits (the button, not the top of a long page); else on to the
    # next module if that is now open; otherwise back to this one.
    now = service.course_state_for(current_user.id, c).module(m.slug)
    if m.quiz and now is not None and now.status not in (Status.PASSED, Status.COMPLETE):
        return redirect(url_for("content.module", course=c.slug, module=m.slug, _anchor="module-quiz"))
    _before, after = c.neighbours(m.slug)
    if after is not None:
        after_state = service.course_state_for(current_user.id, c).module(after.slug)
        assert after_state is not None
        if not after_state.locked:
            return redirect(url_for("content.module", course=c.slug, module=after.slug))
    return redirect(url_for("content.module", course=c.slug, module=m.slug))
