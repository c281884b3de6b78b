"""Admins manage accounts (role, active) and read the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import links
from ..auth import service as accounts
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.models import User
from ..auth.roles import Role
from ..auth.validation import AccountError
from ..database import paginate
from ..extensions import db
from ..i18n import translated
from ..reports import exports
from ..web import ROLE_LABELS, download, page_number, public_url
from . import service
from .forms import NewUserForm
from .labels import action_label

bp = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    q, role = request.args.get("q", "").strip(), request.args.get("role", "")
    page = paginate(db.session, service.user_query(q, role), page_number(), PER_PAGE)
    return render_template("admin/users.html", page=page, q=q, role=role, roles=[r.value for r in Role])


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    """Create one account; the page then shows its set-password link to hand to the person."""
    form = NewUserForm()
    form.role.choices = [(r.value, str(ROLE_LABELS[r.value])) for r in Role]
    if form.validate_on_submit():
        try:
            user, link = service.new_account(form.email.data or "", form.name.data or "", form.agency.data or "",
                                             form.country.data or "", form.role.data or "")  # fmt: skip
        except AccountError as exc:
            db.session.rollback()
            for name, message in exc.problems.items():
                getattr(form, name).errors.append(translated(message, _))
        else:
            db.session.commit()
            flash(_("Account created for %(name)s.", name=user.name), "success")
            return render_template("admin/user_created.html", account=user,
                                   link=public_url("auth.set_password", token=links.token_for(link)),
                                   expires=link.expires_at)  # fmt: skip
    return render_template("admin/new_user.html", form=form)


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
    names = service.target_names(event.target for event, _email in page.items)
    return render_template("admin/audit.html", page=page, args=args, actions=service.audit_actions(),
                           action_label=action_label, target_names=names)  # fmt: skip
