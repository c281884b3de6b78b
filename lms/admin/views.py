"""Admins manage accounts (role, active) and read the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import service as accounts
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.models import User
from ..auth.roles import Role
from ..database import paginate
from ..extensions import db
from ..reports import exports
from ..web import download, page_number
from . import service

bp = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    q, role = request.args.get("q", "").strip(), request.args.get("role", "")
    page = paginate(db.session, service.user_query(q, role), page_number(), PER_PAGE)
    return render_template("admin/users.html", page=page, q=q, role=role, roles=[r.value for r in Role])


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


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log():
    args = {k: request.args.get(k, "").strip() for k in service.AUDIT_FILTERS}
    query, bad_date = service.audit_query(args)
    if bad_date:
        flash(_("Dates are written YYYY-MM-DD."), "error")
    if request.args.get("format") == "csv":
        audit.record("audit.export", target="audit", filters={k: v for k, v in args.items() if v})
        db.session.commit()
        chunks = (line.encode() for line in exports.csv_lines(service.AUDIT_CSV_HEADER, service.audit_csv_rows(query)))
        return download(chunks, "text/csv", "letp-audit", "csv")
    page = paginate(db.session, query, page_number(), PER_PAGE, count=False, rows=True)
    return render_template("admin/audit.html", page=page, args=args, actions=service.audit_actions())
