"""Cross-cutting HTTP behaviour: request ids, security headers, error pages."""

from __future__ import annotations

import logging
import time
import uuid

from flask import Flask, flash, g, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("lms")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# The last-activity time in the session moves in steps of a minute: an idle session may end up to a
# minute early, and the signed cookie is rewritten once a minute rather than on every request.
SEEN_RESOLUTION_SECONDS = 60

ATTEMPT_ENDPOINTS = frozenset({"quizzes.save_form", "quizzes.autosave"})

ERROR_TEXT = {
    400: (_l("The request could not be understood"), _l("Go back, reload the page and try again.")),
    403: (_l("Not allowed"), _l("Your account cannot do this. Ask your coordinator if you need it.")),
    404: (_l("Page not found"), _l("The address may be mistyped, or the page is not open to your account.")),
    405: (_l("Not allowed this way"), _l("Use the buttons and links on the site's pages.")),
    413: (_l("Too much data"), _l("What you sent is larger than the site accepts. Send less at a time.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong on our side"), _l("Try again in a moment. If it keeps happening, tell your coordinator the request number below.")),
    503: (_l("The course content is being updated"), _l("Please try again in a few minutes.")),
}  # fmt: skip


def error_page(code: int, detail: str | None = None):
    title, advice = ERROR_TEXT.get(code, ERROR_TEXT[500])
    return render_template("errors/error.html", code=code, title=title, advice=detail or advice), code


ROLE_LABELS = {
    "officer": _l("Officer"),
    "instructor": _l("Instructor"),
    "coordinator": _l("Coordinator"),
    "admin": _l("Admin"),
}


def duration(minutes: int) -> str:
    """45 -> "45 min", 360 -> "6 h", 390 -> "6 h 30 min" (numbers formatted for the locale)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(m)s min", m=format_decimal(rest))
    if not rest:
        return _("%(h)s h", h=format_decimal(hours))
    return _("%(h)s h %(m)s min", h=format_decimal(hours), m=format_decimal(rest))


def init_app(app: Flask) -> None:
    # Globals, not a context processor, so that imported macros see them too.
    app.jinja_env.globals.update(
        role_label=lambda role: ROLE_LABELS.get(role, role),
        duration=duration,
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        format_percent=format_percent,
    )

    @app.before_request
    def assign_request_id():
        g.request_id = uuid.uuid4().hex[:12]

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["HSTS"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if "request_id" in g:
            headers["X-Request-Id"] = g.request_id
        if request.endpoint != "static" and current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        return response

    @app.before_request
    def end_idle_sessions():
        """Sign out after SESSION_IDLE_MINUTES without a request or SESSION_LIFETIME_HOURS in all (A7).

        Quiz answers are saved on the server as they are given, so nothing is lost.
        """
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = int(time.time())
        seen, started = session.get("seen", now), session.get("login_at", now)
        # Reading and answering a long quiz is not idleness: its saves and submit count as activity
        # however long the officer took (security.md E2); the absolute limit still applies.
        idle = now - seen > app.config["SESSION_IDLE_MINUTES"] * 60 and request.endpoint not in ATTEMPT_ENDPOINTS
        if idle or now - started > app.config["SESSION_LIFETIME_HOURS"] * 3600:
            logout_user()
            session.clear()
            flash(
                _(
                    "You were signed out after a period without activity. Sign in again to go on; your saved answers are kept."
                ),
                "info",
            )
            return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
        if now - seen >= SEEN_RESOLUTION_SECONDS or "seen" not in session:
            session["seen"] = now  # rewriting the cookie on every request would cost a signature each time
        return None

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        from .audit import service as audit
        from .extensions import db

        db.session.rollback()
        audit.record("csrf.refused", target=request.path[:200], outcome="refused")
        db.session.commit()
        return error_page(
            400, _("This form had expired or was sent from elsewhere. Reload the page and send it again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return error_page(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unhandled error, request id %s", g.get("request_id", "-"))
        return error_page(500)


def healthz():
    """For load balancers: 200 when this node can reach the database, 503 when it cannot."""
    from sqlalchemy import text

    from .extensions import db

    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means this node should get no traffic
        log.exception("health check: database unreachable")
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
