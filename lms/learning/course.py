"""Course landing pages, module pages and the images beside them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.forms import EmptyForm
from ..catalog import service
from ..page_cache import render_shared
from ..progress import service as progress
from .images import image_response

bp = Blueprint("content", __name__, url_prefix="/courses")


@bp.route("/<course>/")
@login_required
def course(course: str):
    c = service.course_or_404(course)
    state = progress.course_state_for(current_user.id, c)
    return render_template("content/course.html", course=c, state=state)


@bp.route("/<course>/glossary")
@login_required
def glossary(course: str):
    c = service.course_or_404(course)
    if c.glossary is None:
        abort(404)
    return render_template("content/glossary.html", course=c, page=c.glossary)


@bp.route("/<course>/requests/<slug>")
@login_required
def request_template(course: str, slug: str):
    """A printable request template (preservation, production, freeze...)."""
    c = service.course_or_404(course)
    page = c.request(slug)
    if page is None:
        abort(404)
    return render_template("content/request.html", course=c, page=page)


@bp.route("/<course>/<module>")
@login_required
def module(course: str, module: str):
    c = service.course_or_404(course)
    m = service.module_or_404(c, module)
    state = progress.course_state_for(current_user.id, c)
    module_state = state.module(m.slug)
    assert module_state is not None  # the course's state holds every module of the course
    if module_state.locked:
        flash(_("“%(title)s” opens once the modules before it are complete.", title=m.title), "warning")
        return redirect(url_for("content.course", course=c.slug))
    before, after = c.neighbours(m.slug)
    after_state = state.module(after.slug) if after else None
    after_locked = bool(after_state and after_state.locked)
    # The same for every officer at this point of this module: rendered once, reused (page_cache.py).
    return render_shared((module_state.status, after_locked), "content/module.html",
                         lambda: dict(course=c, module=m, state=module_state, before=before, after=after,
                                      after_locked=after_locked, form=EmptyForm()))  # fmt: skip


@bp.route("/<course>/assets/<path:filename>")
@login_required
def asset(course: str, filename: str):
    return image_response(service.catalog().asset_path(course, filename))
