"""Cross-cutting HTTP behaviour: request ids, security headers, error pages."""

from __future__ import annotations

import logging
import time
import uuid
from itertools import chain
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from . import clock
from .audit import service as audit
from .extensions import db
from .formats import country_name, deployment_zone, duration, number, on_day, percent, time_of_day, when
from .i18n import direction, interface_languages, language_name
from .text import control_character

log = logging.getLogger("lms")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# The last-activity time in the session moves in steps of a minute: an idle session may end up to a
# minute early, and the signed cookie is rewritten once a minute rather than on every request.
SEEN_RESOLUTION_SECONDS = 60

# Endpoints whose POSTs may continue an idle session, each with its check (see count_as_activity).
ACTIVITY_CHECKS = "lms.activity_checks"

ERROR_TEXT = {
    400: (_l("The request could not be understood"), _l("Go back, reload the page and try again.")),
    403: (_l("Not allowed"), _l("Your account cannot do this. Ask your coordinator if you need it.")),
    404: (_l("Page not found"), _l("The address may be mistyped, or the page is not open to your account.")),
    405: (_l("Not allowed this way"), _l("Use the buttons and links on the site's pages.")),
    409: (_l("Someone else changed the same records at that moment"), _l("Nothing you sent was saved. Go back, reload the page and send it again.")),
    413: (_l("Too much data"), _l("What you sent is larger than the site accepts. Send less at a time.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong on our side"), _l("Try again in a moment. If it keeps happening, tell your coordinator the request number below.")),
    503: (_l("The course content is being updated"), _l("Please try again in a few minutes.")),
}  # fmt: skip


class TemplateBytecode(BytecodeCache):
    """Compiled templates kept in memory for every app of the process.

    A process serves one app, which compiles each template once anyway; the test suite builds an
    app per test, and without this each of them compiled every template it rendered again (about
    a quarter of the suite's time). Jinja checks each entry against its template's source, so an
    edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = TemplateBytecode()


def error_page(code: int, detail: str | None = None):
    title, advice = ERROR_TEXT.get(code, ERROR_TEXT[500])
    return render_template("errors/error.html", code=code, title=title, advice=detail or advice), code


ROLE_LABELS = {
    "officer": _l("Officer"),
    "instructor": _l("Instructor"),
    "coordinator": _l("Coordinator"),
    "admin": _l("Admin"),
}


def check_public_url(url: str, env: str) -> str:
    """The configured public base URL, checked; production refuses to start without an https one."""
    parts = urlsplit(url)
    if env == "production" and parts.scheme != "https":
        raise RuntimeError(
            "LETP will not start in production without its public address: set LMS_PUBLIC_URL to the https:// "
            "address officers use (e.g. https://letp.police.example); links in pages and mail are built from it."
        )
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise RuntimeError(
            f"LMS_PUBLIC_URL must be an http(s) address such as https://letp.police.example, not {url!r}."
        )
    return url.rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """An absolute URL on the configured public address, whatever Host the request named (H12).

    Works in requests and on the command line alike.
    """
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


# Far beyond any real list (1,000,000 pages of 25 is 25 million rows), and small enough for every
# database's OFFSET: a hostile ?page=99999999999999999999 is read as this, never a 500 (H7).
MAX_PAGE = 1_000_000


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ids beyond the databases' integer columns simply match no route (404),
    instead of overflowing SQLite's or PostgreSQL's integer types with a 500 (H7)."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None, max: int | None = 2**31 - 1,
                 signed: bool = False) -> None:  # fmt: skip
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def page_number(name: str = "page") -> int:
    """The 1-based page a list was asked for: 1 when missing or not a whole number, at most MAX_PAGE."""
    raw = request.args.get(name, "")
    if not raw.isascii() or not raw.isdigit():
        return 1
    return min(max(int(raw[:8]), 1), MAX_PAGE)


def download(chunks, mimetype: str, stem: str, extension: str) -> Response:
    """A streamed attachment named `stem-YYYYMMDD.extension`, never cached."""
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}-{clock.now():%Y%m%d}.{extension}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def attachment(data: bytes, mimetype: str, name: str) -> Response:
    """A whole file as an attachment, never cached."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def count_as_activity(app: Flask, endpoints, check) -> None:
    """Let a POST to one of `endpoints` through an idle session when `check(user_id, view_args)`
    says it saves the user's own open work (security.md E2, H9); any other request to them after
    the idle time ends the session as usual. The packages above register here (lms/__init__.py),
    so this module never imports them."""
    app.extensions.setdefault(ACTIVITY_CHECKS, {}).update(dict.fromkeys(endpoints, check))


def init_app(app: Flask) -> None:
    # Globals, not a context processor, so that imported macros see them too.
    app.config["PUBLIC_URL"] = check_public_url(app.config["PUBLIC_URL"], app.config["ENV"])
    app.jinja_env.globals.update(
        public_url=public_url,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        duration=duration,
        get_locale=get_locale,
        text_direction=direction,
        interface_languages=interface_languages,
        language_name=language_name,
        deployment_zone=deployment_zone,
        when=when,
        on_day=on_day,
        time_of_day=time_of_day,
        format_decimal=format_decimal,
        format_percent=format_percent,
        percent=percent,
        number=number,
        country_name=country_name,
    )

    def assign_request_id():
        g.request_id = uuid.uuid4().hex[:12]

    # First of all: the extensions' own hooks (the rate limiter loads the user) may fail, and their
    # error page must still carry the request's id.
    app.before_request_funcs.setdefault(None, []).insert(0, assign_request_id)

    @app.before_request
    def refuse_control_characters():
        """No text with NUL or another control character reaches a view or the database (H6)."""
        texts = chain(
            [request.path],
            *((key, value) for key, value in request.args.items(multi=True)),
            *((key, value) for key, value in request.form.items(multi=True)) if request.method == "POST" else (),
        )
        if any(control_character(text) for text in texts):
            return error_page(
                400,
                _(
                    "What you sent holds an invisible control character (such as NUL) that text cannot hold. "
                    "Nothing was saved: go back, retype or paste the text again without it, and send it again."
                ),
            )
        return None

    # The same on every response, so worked out once: each is added unless the view set its own.
    fixed = [("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
             ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin"),
             ("Permissions-Policy", "camera=(), microphone=(), geolocation=()")]  # fmt: skip
    if app.config["HSTS"]:
        fixed.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def security_headers(response):
        headers = response.headers
        for name, value in fixed:
            if name not in headers:
                headers.add(name, value)
        if "request_id" in g:
            headers["X-Request-Id"] = g.request_id
        # The signed session says whether someone is signed in; asking the database here would fail
        # again on the very error page that reports a database failure (H8).
        if request.endpoint != "static" and "_user_id" in session:
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
        expired = now - started > app.config["SESSION_LIFETIME_HOURS"] * 3600
        if not expired and now - seen > app.config["SESSION_IDLE_MINUTES"] * 60:
            # Reading and answering a long quiz is not idleness: a save of the officer's own open
            # attempt continues the session however long they took (security.md E2). Only a real one
            # does (H9): it is checked here and counts as activity once the view has accepted it.
            if continues_idle_session():
                g.idle_save_at = now
                return None
            expired = True
        if expired:
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

    def continues_idle_session() -> bool:
        check = app.extensions.get(ACTIVITY_CHECKS, {}).get(request.endpoint)
        return request.method == "POST" and check is not None and check(current_user.id, request.view_args or {})

    @app.after_request
    def count_accepted_idle_save(response):
        """An idle session let through for a save is active again only if the save succeeded."""
        at = g.pop("idle_save_at", None)
        if at is not None and response.status_code < 400:
            session["seen"] = at
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
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
        _rollback()
        return safe_error_page(error.code)

    @app.errorhandler(DBAPIError)
    def database_conflict(error: DBAPIError):
        """Two requests changed the same rows at once, or a lock could not be had in time (H8).

        The transaction is rolled back, so nothing of this request was stored: the person is told
        to send it again. A real bug of the same kind is still logged with its traceback.
        """
        _rollback()
        if not is_conflict(error):
            return unexpected_error(error)
        log.warning("database conflict, request id %s: %s", g.get("request_id", "-"), error.orig)
        return safe_error_page(409)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unhandled error, request id %s", g.get("request_id", "-"))
        _rollback()
        return safe_error_page(500)


# PostgreSQL SQLSTATEs of a conflict worth retrying: unique violation, serialization failure,
# deadlock, lock not available; SQLite says "database is locked" when busy_timeout runs out.
CONFLICT_STATES = frozenset({"23505", "40001", "40P01", "55P03"})


def is_conflict(error: DBAPIError) -> bool:
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if state in CONFLICT_STATES:
        return True
    return isinstance(error, (IntegrityError, OperationalError)) and "locked" in str(error.orig).lower()


def _rollback() -> None:
    """End a failed transaction before the error page renders (its base template reads the user)."""
    try:
        db.session.rollback()
    except Exception:  # a broken connection: the page below must still be sent
        log.exception("rollback failed, request id %s", g.get("request_id", "-"))


def safe_error_page(code: int):
    """The error page; if even that fails (the database is gone), a bare page with the request id."""
    try:
        return error_page(code)
    except Exception:
        log.exception("error page failed, request id %s", g.get("request_id", "-"))
        title, advice = ERROR_TEXT.get(code, ERROR_TEXT[500])
        body = (
            f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{escape(str(title))}</title>'
            f"<h1>{escape(str(title))}</h1><p>{escape(str(advice))}</p>"
            f"<p>{escape(_('Error %(code)s · request %(id)s', code=code, id=g.get('request_id', '-')))}</p></html>"
        )
        return Response(body, status=code, mimetype="text/html")


def healthz():
    """For load balancers: 200 when this node can reach the database, 503 when it cannot."""
    from sqlalchemy import text

    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means this node should get no traffic
        log.exception("health check: database unreachable")
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
