"""A cohort's reports for its coordinators: the progress dashboard, grade exports, charts, the links sheet.

The pages sit under /cohorts/<id>/ beside the cohort's own pages (lms.cohorts), on their own
blueprint, because they read the gradebook, which lives here above cohorts.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import links
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.roles import Role
from ..catalog import service as content
from ..catalog.build import Course
from ..cohorts import roster
from ..cohorts import service as cohorts
from ..cohorts.models import Cohort
from ..extensions import db
from ..formats import country_name
from ..text import sort_key
from ..web import download, public_url
from . import charts as draw
from . import exports, service, standings
from .gradebook import Summary
from .views import grades_download

bp = Blueprint("cohort_report", __name__, url_prefix="/cohorts")
COORDINATORS = (Role.COORDINATOR,)  # admins pass every role check


def cohort_and_course(cohort_id: int) -> tuple[Cohort, Course]:
    cohort = cohorts.cohort_or_404(current_user, cohort_id)
    course = content.catalog().course(cohort.course_slug)
    if course is None:
        abort(404)
    return cohort, course


FILTERS = ("q", "country", "agency", "status", "sort")
CURSORS = ("after", "before")


def cursor_asked() -> tuple[str, str] | None:
    """The keyset cursor of the request: ("after" | "before", token), ("last", ""), or None (the first page)."""
    for kind in CURSORS:
        if token := request.args.get(kind):
            return kind, token
    return ("last", "") if request.args.get("last") == "1" else None


@bp.route("/<int:cohort_id>/")
@role_required(*COORDINATORS)
def dashboard(cohort_id: int):
    cohort, course = cohort_and_course(cohort_id)
    args = {k: request.args.get(k, "")[:120] for k in FILTERS}
    sort = args["sort"] or "name"
    counts = roster.counts_of(cohort)
    filters = {"country": args["country"], "agency": args["agency"], "status": args["status"], "search": args["q"]}
    if sort.removeprefix("-") in roster.RANKED:
        standings.refresh(cohort, course)  # only the officers who did something since the last view
    page = roster.page_of(cohort, counts, sort=sort, cursor=cursor_asked(), **filters)
    rows = service.rows_for_users(page.items, cohort.name, course)
    countries = sorted(counts.countries, key=lambda code: sort_key(country_name(code)))  # by name, as options read
    return render_template("cohorts/dashboard.html", cohort=cohort, course=course, rows=rows, page=page, args=args,
                           links={k: v for k, v in args.items() if v}, counts=counts,
                           countries=countries, agencies=sorted(counts.agencies), form=EmptyForm())  # fmt: skip


@bp.route("/<int:cohort_id>/export.<fmt>")
@role_required(*COORDINATORS)
def export(cohort_id: int, fmt: str):
    cohort, course = cohort_and_course(cohort_id)
    if fmt not in service.FORMATS:
        abort(404)
    return grades_download([cohort], course, fmt, f"cohort:{cohort.id}", f"letp-grades-cohort-{cohort.id}")


@bp.route("/<int:cohort_id>/charts")
@role_required(*COORDINATORS)
def charts(cohort_id: int):
    """Charts over the whole cohort (rows are read in chunks; the table page stays paginated)."""
    cohort, course = cohort_and_course(cohort_id)
    summary = Summary(module_done=[0] * len(course.modules))
    for row in service.gradebook_rows([cohort], course):
        summary.add(row)
    funnel = [(f"{i}. {m.title}", done) for i, (m, done) in enumerate(zip(course.modules, summary.module_done,
                                                                           strict=True), start=1)]  # fmt: skip
    funnel.append((_("Course completed"), sum(summary.completions.values())))
    bins, counts = draw.score_bins(summary.finals)
    points = summary.running_completions()
    return render_template(
        "cohorts/charts.html", cohort=cohort, course=course, total=summary.total, funnel=funnel,
        scores=list(zip(bins, counts, strict=True)), finals=len(summary.finals),
        over_time=draw.cumulative("over-time", _("Course completions over time"), points, summary.total, gettext=_),
        time_rows=points,
    )  # fmt: skip


@bp.route("/<int:cohort_id>/links.csv")
@role_required(*COORDINATORS)
def link_sheet(cohort_id: int):
    """The set-password links of members who have not chosen a password yet."""
    cohort = cohorts.cohort_or_404(current_user, cohort_id)
    users = list(db.session.scalars(roster.member_query(cohort)))
    pending = cohorts.pending_links(current_user, [u.id for u in users])
    rows = [[u.email, u.name, public_url("auth.set_password", token=links.token_for(pending[u.id])),
             pending[u.id].expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")] for u in users if u.id in pending]  # fmt: skip
    audit.record("links.export", target=f"cohort:{cohort.id}", rows=len(pending))
    db.session.commit()
    chunks = (line.encode() for line in exports.csv_lines(["email", "name", "set_password_link", "expires_at"], rows))
    mimetype, extension = service.FORMATS["csv"]
    return download(chunks, mimetype, f"letp-password-links-cohort-{cohort.id}", extension)
