"""Login, logout and password change."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import clock
from ..audit import service as audit
from ..extensions import db
from . import links, passwords, recovery, service, throttle
from .forms import EmptyForm, ForgotPasswordForm, LoginForm, PasswordChangeForm, SetPasswordForm
from .redirects import safe_next
from .roles import home_endpoint

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    form = LoginForm()
    if request.method == "GET" and "login_email" in session:
        form.email.data = session.pop("login_email")
    failed = False
    if form.validate_on_submit():
        email, address = form.email.data.strip(), request.remote_addr or ""
        shown = email[:120] if "@" in email else "(not an e-mail address)"  # never log a mistyped password
        device = throttle.device_for(request.cookies.get(throttle.DEVICE_COOKIE), email)
        refused = throttle.refusal(email, address, device)
        if refused:
            audit.record("login.throttled", target=shown, outcome="refused", actor=False, limit=refused)
            db.session.commit()
            return render_template("auth/login.html", form=form, throttled=True), 429
        user = service.authenticate(email, form.password.data)
        if user is not None:
            target = safe_next(request.args.get("next"), url_for(home_endpoint(user.role)))
            session.clear()  # a fresh session for the new login (security.md A3)
            login_user(user)
            session.permanent = True
            session["login_at"] = session["seen"] = int(time.time())
            audit.record("login", target=f"user:{user.id}", actor=user)
            db.session.commit()
            response = redirect(target)
            throttle.set_device_cookie(response, user.id)  # exempts this browser from the account-wide lock (H4)
            return response
        throttle.record_failure(email, address, device)
        audit.record("login", target=shown, outcome="failed", actor=False)
        db.session.commit()
        failed = True
    elif request.method == "POST":
        failed = True
    # One message for an unknown e-mail, a wrong password and an inactive account (A1).
    return render_template("auth/login.html", form=form, failed=failed)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        service.end_sessions(current_user)
        audit.record("logout", target=f"user:{current_user.id}")
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        # The current password is guessed here as at sign-in: same counters, same limits (H10).
        address, target = request.remote_addr or "", f"user:{user.id}"
        device = throttle.device_for(request.cookies.get(throttle.DEVICE_COOKIE), user.email)
        refused = throttle.refusal(user.email, address, device)
        if refused:
            audit.record("password.change", target=target, outcome="refused", limit=refused)
            db.session.commit()
            return render_template("auth/password.html", form=form, throttled=True), 429
        if not service.check_password(user, form.current_password.data):
            throttle.record_failure(user.email, address, device)
            audit.record("password.change", target=target, outcome="failed")
            db.session.commit()
            form.current_password.errors.append(_("This is not your current password."))
        else:
            problems = service.set_password(user, form.new_password.data)
            if problems:
                form.new_password.errors.extend(policy_messages(problems))
            else:
                audit.record("password.change", target=target)
                db.session.commit()
                login_user(user)  # this session carries the new version; all others end
                flash(_("Your password is changed. Your other sessions are signed out."), "success")
                return redirect(url_for("progress.dashboard"))
    elif form.is_submitted():
        add_policy_problems(form, current_user)
    return render_template("auth/password.html", form=form)


def add_policy_problems(form: SetPasswordForm, user) -> None:
    """A form refused for another reason (say, the repeat differs) still names the new password's
    own problems, so the officer fixes everything in one round."""
    if form.new_password.data and not form.new_password.errors:
        form.new_password.errors = policy_messages(
            passwords.policy_problems(form.new_password.data, (user.email, user.name))
        )


def policy_messages(problems: list[passwords.PolicyProblem]) -> list[str]:
    """The password policy's problems as sentences in the reader's language."""
    return [problem.message.in_language(_) for problem in problems]


def new_password_page(user, save: Callable[[str], list[passwords.PolicyProblem]], done: str, template: str):
    """The choose-a-password page behind a one-time link: `save` sets the password (returning the
    policy's problems, shown beside the field); on success the sign-in page, e-mail filled in."""
    form = SetPasswordForm()
    if form.validate_on_submit():
        problems = save(form.new_password.data)
        if problems:
            form.new_password.errors.extend(policy_messages(problems))
        else:
            db.session.commit()
            flash(done, "success")
            session["login_email"] = user.email  # the sign-in form starts with it (not in the URL, not in logs)
            return redirect(url_for("auth.login"))
    elif form.is_submitted():
        add_policy_problems(form, user)
    return render_template(template, form=form, user=user)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """First password of an imported officer, through the one-time link a coordinator gave them."""
    link = links.find(token)
    if link is None:
        return render_template("auth/link_invalid.html"), 404
    user = db.session.get(service.User, link.user_id)
    assert user is not None  # link.user_id is a foreign key, and deleting the user deletes its links

    def save(password: str) -> list[passwords.PolicyProblem]:
        problems = service.set_password(user, password)
        if not problems:
            link.used_at = clock.now()
            audit.record("account.set_password", target=f"user:{user.id}", actor=user)
        return problems

    return new_password_page(user, save, _("Your password is set. Sign in with your e-mail and the new password."),
                             "auth/set_password.html")  # fmt: skip


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a recovery link; the answer never tells whether the e-mail has an account (H13)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        allowed = recovery.request_reset(form.email.data, request.remote_addr or "")
        db.session.commit()  # the link, its message in the outbox and the audit record, together
        if not allowed:
            return render_template("auth/forgot.html", form=form, throttled=True), 429
        return render_template("auth/forgot_sent.html", email=form.email.data.strip())
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """A new password through a recovery link: once, within the hour, ending every other session."""
    reset = recovery.find(token)
    if reset is None:
        return render_template("auth/link_invalid.html", recovery=True), 404
    user = db.session.get(service.User, reset.user_id)
    assert user is not None  # the foreign key cascades
    return new_password_page(user, lambda password: recovery.complete(reset, password),
                             _("Your password is changed and your other sessions are signed out. Sign in with the "
                               "new password."), "auth/reset_password.html")  # fmt: skip
