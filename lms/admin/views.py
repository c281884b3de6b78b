"""Admins manage accounts (role, active) and read the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from ..audit import service as audit
from ..audit.models import AuditEvent
from ..auth import service as accounts
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.models import User
from ..auth.roles import Role
from ..extensions import db
from ..reports import exports
from ..web import page_number

bp = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    query = select(User).order_by(User.name, User.id)
    q, role = request.args.get("q", "").strip(), request.args.get("role", "")
    if q:
        query = query.where(or_(User.email.ilike(f"%{q}%"), User.name.ilike(f"%{q}%")))
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = min(page_number(), max(1, -(-total // PER_PAGE)))
    rows = db.session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template("admin/users.html", users=rows, total=total, page=page, pages=max(1, -(-total // PER_PAGE)),
                           q=q, role=role, roles=[r.value for r in Role])  # fmt: skip


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user(user_id: int):
    account = db.get_or_404(User, user_id)
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        role, active = request.form.get("role", account.role), request.form.get("active") == "1"
        if role not in {r.value for r in Role}:
            flash(_("Choose one of the roles listed."), "error")
        elif account.id == current_user.id and (role != Role.ADMIN or not active):
            flash(_("You cannot remove your own admin role or deactivate yourself; ask another admin."), "error")
        else:
            if role != account.role:
                audit.record("user.role", target=f"user:{account.id}", old=account.role, new=role)
                account.role = role
                accounts.end_sessions(account)  # a new role takes effect at the next sign-in
            if active != account.active:
                audit.record("user.activate" if active else "user.deactivate", target=f"user:{account.id}")
                account.active = active
                accounts.end_sessions(account)
            db.session.commit()
            flash(_("Saved. %(name)s's other sessions are signed out.", name=account.name), "success")
            return redirect(url_for(".user", user_id=account.id))
    return render_template("admin/user.html", account=account, roles=[r.value for r in Role], form=EmptyForm())


def audit_query():
    query = (
        select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id).order_by(AuditEvent.id.desc())
    )
    args = {k: request.args.get(k, "").strip() for k in ("action", "actor", "outcome", "since", "until")}
    if args["action"]:
        query = query.where(AuditEvent.action == args["action"])
    if args["actor"]:
        query = query.where(User.email.ilike(f"%{args['actor']}%"))
    if args["outcome"]:
        query = query.where(AuditEvent.outcome == args["outcome"])
    for key, op in (("since", "ge"), ("until", "lt")):
        try:
            day = datetime.strptime(args[key], "%Y-%m-%d") if args[key] else None
        except ValueError:
            flash(_("Dates are written YYYY-MM-DD."), "error")
            day = None
        if day is not None:
            query = query.where(AuditEvent.at >= day if op == "ge" else AuditEvent.at < day + timedelta(days=1))
    return query, args


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log():
    query, args = audit_query()
    if request.args.get("format") == "csv":
        audit.record("audit.export", target="audit", filters={k: v for k, v in args.items() if v})
        db.session.commit()
        return audit_csv(query)
    page = page_number()
    rows = db.session.execute(query.limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return render_template("admin/audit.html", rows=rows[:PER_PAGE], more=len(rows) > PER_PAGE, page=page, args=args,
                           actions=actions)  # fmt: skip


def audit_csv(query) -> Response:
    header = [
        "id",
        "at_utc",
        "actor_id",
        "actor_email",
        "actor_role",
        "address",
        "action",
        "target",
        "outcome",
        "detail",
    ]

    def rows():
        for event, email in db.session.execute(query):
            yield [event.id, event.at.strftime("%Y-%m-%dT%H:%M:%SZ"), event.actor_id, email, event.actor_role,
                   event.address, event.action, event.target, event.outcome, event.detail]  # fmt: skip

    chunks = (line.encode() for line in exports.csv_lines(header, rows()))
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="letp-audit.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
