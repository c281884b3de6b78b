"""Coordinator pages: cohort list, create and edit, the progress dashboard, exports."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.roles import Role
from ..auth.service import find_by_email
from ..content import service as content
from ..extensions import db
from ..reports import service as reports
from ..web import page_number
from . import service
from .forms import CohortForm, CoordinatorForm

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
COORDINATORS = (Role.COORDINATOR,)  # admins pass every role check


def course_choices() -> list[tuple[str, str]]:
    return [(c.slug, c.title) for c in content.catalog().courses.values()]


@bp.route("/")
@role_required(*COORDINATORS)
def index():
    cohorts = list(db.session.scalars(service.visible_cohorts(current_user)))
    return render_template("cohorts/index.html", cohorts=cohorts)


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
                                     coordinator=coordinator)  # fmt: skip
    cohort.name, cohort.country = form.name.data.strip(), form.country.data.strip().upper()
    cohort.location, cohort.course_slug = (form.location.data or "").strip(), form.course.data
    cohort.starts_on, cohort.ends_on = form.starts_on.data, form.ends_on.data
    return cohort


@bp.route("/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def create():
    form = CohortForm()
    form.course.choices = course_choices()
    if form.validate_on_submit() and (cohort := _save_form(form)) is not None:
        db.session.commit()
        flash(_("Cohort “%(name)s” created. Now add its officers.", name=cohort.name), "success")
        return redirect(url_for(".dashboard", cohort_id=cohort.id))
    return render_template("cohorts/form.html", form=form, cohort=None)


@bp.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    form = CohortForm(obj=cohort, course=cohort.course_slug)
    form.course.choices = course_choices()
    if form.validate_on_submit() and _save_form(form, cohort) is not None:
        db.session.commit()
        flash(_("Cohort saved."), "success")
        return redirect(url_for(".dashboard", cohort_id=cohort.id))
    coordinators = service.coordinators_of(cohort)
    return render_template("cohorts/form.html", form=form, cohort=cohort, coordinators=coordinators,
                           coordinator_form=CoordinatorForm(), action_form=EmptyForm())  # fmt: skip


@bp.route("/<int:cohort_id>/close", methods=["POST"])
@role_required(*COORDINATORS)
def close(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    if EmptyForm().validate_on_submit():
        reopen = request.form.get("reopen") == "1"
        cohort.closed_at = None if reopen else datetime.now(UTC).replace(tzinfo=None)
        service.audit.record("cohort.reopen" if reopen else "cohort.close", target=f"cohort:{cohort.id}")
        db.session.commit()
        flash(_("Cohort reopened.") if reopen else _("Cohort closed. Its records stay available."), "success")
    return redirect(url_for(".dashboard", cohort_id=cohort.id))


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


@bp.route("/<int:cohort_id>/")
@role_required(*COORDINATORS)
def dashboard(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    course = content.catalog().course(cohort.course_slug)
    if course is None:
        abort(404)
    args = {k: request.args.get(k, "") for k in ("country", "agency", "status", "sort")}
    users, total, page = service.page_of(service.member_query(cohort, **{k: v for k, v in args.items() if k != "sort"},
                                                        sort=args["sort"] or "name"), page_number())  # fmt: skip
    rows = reports.rows_for_users(users, cohort.name, course)
    countries, agencies = service.filter_choices(cohort)
    return render_template("cohorts/dashboard.html", cohort=cohort, course=course, rows=rows, total=total, page=page,
                           pages=max(1, -(-total // service.PER_PAGE)), args=args, countries=countries,
                           agencies=agencies, form=EmptyForm())  # fmt: skip


@bp.route("/<int:cohort_id>/export.<fmt>")
@role_required(*COORDINATORS)
def export(cohort_id: int, fmt: str):
    cohort = service.cohort_or_404(current_user, cohort_id)
    course = content.catalog().course(cohort.course_slug)
    if fmt not in reports.FORMATS or course is None:
        abort(404)
    excel = fmt == "csv" and request.args.get("excel") == "1"
    return download(reports.export([cohort], course, fmt, excel=excel, scope=f"cohort:{cohort.id}"),
                    fmt, f"letp-grades-cohort-{cohort.id}")  # fmt: skip


def download(chunks, fmt: str, stem: str) -> Response:
    mimetype, extension = reports.FORMATS[fmt]
    name = f"{stem}-{datetime.now(UTC):%Y%m%d}.{extension}"
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:cohort_id>/charts")
@role_required(*COORDINATORS)
def charts(cohort_id: int):
    """Charts over the whole cohort (rows are read in chunks; the table page stays paginated)."""
    from collections import Counter

    from ..reports import charts as draw
    from ..reports.gradebook import header

    cohort = service.cohort_or_404(current_user, cohort_id)
    course = content.catalog().course(cohort.course_slug)
    if course is None:
        abort(404)
    names = header(reports.module_columns(course), bool(course.final_assessment))
    status_at = [names.index(f"{m.slug}_status") for m in course.modules]
    final_at = names.index("final_assessment_percent") if course.final_assessment else None
    done_at, when_at = names.index("completed"), names.index("completed_at")
    total, module_done, finals, days = 0, [0] * len(course.modules), [], Counter()
    for values in reports.gradebook_rows([cohort], course):
        total += 1
        for i, at in enumerate(status_at):
            module_done[i] += values[at] == "complete"
        if final_at is not None and values[final_at] is not None:
            finals.append(float(values[final_at]))
        if values[done_at] == "yes":
            days[values[when_at][:10]] += 1
    funnel_labels = [f"{i}. {m.title}" for i, m in enumerate(course.modules, start=1)] + [_("Course completed")]
    funnel_values = [*module_done, sum(days.values())]
    bins, counts = draw.score_bins(finals)
    running, points = 0, []
    for day in sorted(days):
        running += days[day]
        points.append((day, running))
    return render_template(
        "cohorts/charts.html", cohort=cohort, course=course, total=total,
        funnel=(draw.horizontal_bars("funnel", _("Officers who completed each module"), funnel_labels, funnel_values, total)),
        funnel_rows=list(zip(funnel_labels, funnel_values, strict=True)),
        scores=(draw.histogram("scores", _("Final assessment scores"), bins, counts)), score_rows=list(zip(bins, counts, strict=True)),
        over_time=(draw.cumulative("over-time", _("Course completions over time"), points, total)), time_rows=points,
    )  # fmt: skip
