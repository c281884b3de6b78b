"""Coordinator pages: cohort list, create, edit, close and coordinators (the dashboard is in lms.reports)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, dates, i18n
from ..audit import service as audit
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.roles import Role
from ..auth.service import find_by_email
from ..auth.validation import normalise_country
from ..catalog import service as content
from ..extensions import db
from . import roster, service
from .forms import CohortForm, CoordinatorForm

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
COORDINATORS = (Role.COORDINATOR,)  # admins pass every role check


def course_choices() -> list[tuple[str, str]]:
    return [(c.slug, c.title) for c in content.catalog().courses.values()]


def cohort_form(**values) -> CohortForm:
    """The cohort form with its choices: courses, and the language and zone imported officers start with."""
    form = CohortForm(**values)
    form.course.choices = course_choices()
    form.locale.choices = [("", _("Not set: each officer's browser decides")), *i18n.interface_languages()]
    form.timezone.choices = [("", _("Not set: officers choose their own")), *((z, z) for z in dates.time_zones())]
    return form


@bp.route("/")
@role_required(*COORDINATORS)
def index():
    cohorts = list(db.session.scalars(service.visible_cohorts(current_user)))
    counts = roster.member_counts([c.id for c in cohorts])
    return render_template("cohorts/index.html", cohorts=cohorts, counts=counts)


def _save_form(form: CohortForm, cohort=None):
    problems = service.check_cohort(form.name.data or "", form.country.data or "", form.course.data or "",
                                    {c for c, _t in course_choices()}, form.starts_on.data, form.ends_on.data,
                                    form.location.data or "")  # fmt: skip
    for name, message in problems.items():
        getattr(form, {"ends": "ends_on", "course": "course"}.get(name, name)).errors.append(message)
    if problems:
        return None
    if cohort is None:
        coordinator = current_user if current_user.role == Role.COORDINATOR else None
        return service.create_cohort(name=form.name.data, country=form.country.data, course_slug=form.course.data,
                                     starts=form.starts_on.data, ends=form.ends_on.data, location=form.location.data or "",
                                     coordinator=coordinator, locale=form.locale.data or None,
                                     timezone=form.timezone.data or None)  # fmt: skip
    cohort.name, cohort.country = form.name.data.strip(), normalise_country(form.country.data)
    cohort.location, cohort.course_slug = (form.location.data or "").strip(), form.course.data
    cohort.starts_on, cohort.ends_on = form.starts_on.data, form.ends_on.data
    cohort.locale, cohort.timezone = form.locale.data or None, form.timezone.data or None
    return cohort


@bp.route("/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def create():
    form = cohort_form()
    if form.validate_on_submit() and (cohort := _save_form(form)) is not None:
        db.session.commit()
        flash(_("Cohort “%(name)s” created. Now add its officers.", name=cohort.name), "success")
        return redirect(url_for("cohort_report.dashboard", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None)


@bp.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    form = cohort_form(
        obj=cohort, course=cohort.course_slug, locale=cohort.locale or "", timezone=cohort.timezone or ""
    )
    if form.validate_on_submit() and _save_form(form, cohort) is not None:
        db.session.commit()
        flash(_("Cohort saved."), "success")
        return redirect(url_for("cohort_report.dashboard", cohort_id=cohort.id))
    coordinators = service.coordinators_of(cohort)
    return render_template("cohorts/form.html", form=form, cohort=cohort, coordinators=coordinators,
                           coordinator_form=CoordinatorForm(), action_form=EmptyForm())  # fmt: skip


@bp.route("/<int:cohort_id>/close", methods=["POST"])
@role_required(*COORDINATORS)
def close(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    if EmptyForm().validate_on_submit():
        reopen = request.form.get("reopen") == "1"
        cohort.closed_at = None if reopen else clock.now()
        audit.record("cohort.reopen" if reopen else "cohort.close", target=f"cohort:{cohort.id}")
        db.session.commit()
        flash(_("Cohort reopened.") if reopen else _("Cohort closed. Its records stay available."), "success")
    return redirect(url_for("cohort_report.dashboard", cohort_id=cohort.id))


@bp.route("/<int:cohort_id>/coordinators", methods=["POST"])
@role_required(Role.ADMIN)
def coordinators(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    form = CoordinatorForm()
    user = find_by_email(form.email.data or "") if form.validate_on_submit() else None
    if user is None or user.role != Role.COORDINATOR:
        flash(_("No coordinator account has that e-mail. Create it first, or check the spelling."), "error")
    else:
        service.set_coordinator(cohort, user, request.form.get("remove") != "1")
        db.session.commit()
        flash(_("Coordinators updated."), "success")
    return redirect(url_for(".edit", cohort_id=cohort.id))
