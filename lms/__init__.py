"""LETP, the Law Enforcement Training Platform: the application factory."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, has_request_context, redirect, request, url_for
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, ROOT, load_settings

from . import i18n, web
from .auth.roles import home_endpoint
from .extensions import babel, csrf, db, login_manager, make_limiter, migrate

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def _secret_key(settings: dict[str, Any]) -> str:
    key = settings.get("SECRET_KEY")
    if settings["ENV"] == "production":
        if not key or len(key) < 32:
            raise RuntimeError(
                "LETP will not start in production without a real secret key: set LMS_SECRET_KEY to "
                "at least 32 random characters, e.g. the output of `python -c 'import secrets; print(secrets.token_hex(32))'`."
            )
        return key
    if key:
        return key
    # Development keeps one generated key in instance/, so sessions survive restarts.
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings from config.py and LMS_* variables, then `overrides` (tests)."""
    settings: dict[str, Any] = load_settings()  # values of each setting's own type, as in app.config
    settings.update(overrides or {})
    settings["SECRET_KEY"] = _secret_key(settings)
    settings["SQLALCHEMY_DATABASE_URI"] = settings["DATABASE_URL"]
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = {}  # no pre-ping per checkout: database.ping_when_idle
    settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=settings["SESSION_LIFETIME_HOURS"])
    # Flask-Limiter shares Redis with the login counters when there is one; alone, it counts per process.
    settings["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"] or "memory://"
    settings["RATELIMIT_KEY_PREFIX"] = settings["REDIS_PREFIX"] + ":limits"
    settings["RATELIMIT_DEFAULT"] = settings["RATE_LIMIT"]
    settings["RATELIMIT_HEADERS_ENABLED"] = True
    if settings["DATABASE_URL"].startswith("sqlite:///"):
        Path(settings["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(settings)
    app.jinja_options = {**app.jinja_options, "bytecode_cache": web.TEMPLATE_BYTECODE}
    app.url_map.converters["int"] = web.IdConverter  # before any route is added
    _trust_proxies(app)
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter = make_limiter()
    limiter.init_app(app)
    _check_default_locale(app)
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=_select_timezone)
    _init_login(app)
    from . import models  # noqa: F401  (registers every table with the metadata)
    from .cohorts import facets

    facets.install(db.session)  # memberships' copies and cohorts' counts follow every flush
    from .database import configure_sqlite, ping_when_idle

    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        ping_when_idle(db.engine)

    from .admin.mail_views import bp as admin_mail_bp
    from .admin.views import bp as admin_bp
    from .auth.views import bp as auth_bp
    from .authoring.views import bp as authoring_bp
    from .cohorts.enrolment import bp as enrolment_bp
    from .cohorts.views import bp as cohorts_bp
    from .learning.attempt_record import bp as attempt_record_bp
    from .learning.course import bp as course_bp
    from .learning.explorer import bp as explorer_bp
    from .learning.profile import bp as profile_bp
    from .learning.quiz import bp as quiz_bp
    from .progress.views import bp as progress_bp
    from .reports.cohort_views import bp as cohort_report_bp
    from .reports.views import bp as reports_bp
    from .reports.views import verify_bp

    for blueprint in (admin_bp, admin_mail_bp, auth_bp, authoring_bp, cohorts_bp, enrolment_bp, cohort_report_bp, reports_bp,
                      verify_bp, course_bp, explorer_bp, progress_bp, quiz_bp, attempt_record_bp, profile_bp):  # fmt: skip
        app.register_blueprint(blueprint)
    app.add_url_rule("/", "home", _home)
    app.add_url_rule("/healthz", "healthz", limiter.exempt(web.healthz))
    web.init_app(app)
    from .mail.outbox import init_app as init_mail

    init_mail(app)
    web.count_as_activity(app, ("quizzes.save_form", "quizzes.autosave"), _saves_own_open_attempt)

    from .cli import lms_cli

    app.cli.add_command(lms_cli)

    from .catalog import service as content

    # Content problems stop start-up, except while the `flask` command line loads the app:
    # then `flask lms check` can list them (pages answer 503 meanwhile).
    content.install(app, strict=click.get_current_context(silent=True) is None)
    app.jinja_env.globals["translation_state"] = content.translation_state

    @app.before_request
    def refuse_broken_content():
        if content.content_problems() and request.endpoint != "static":
            return web.error_page(503)

    @app.before_request
    def settle_language_and_zone():
        """Choose them now, while the person's row reads cleanly: Flask-Babel keeps both for the
        request, so an error page after a rollback (or a locked database) needs no query."""
        if request.endpoint != "static":
            get_locale()
            get_timezone()

    return app


def _home():
    """Each role's own workspace; the sign-in page for anyone not signed in."""
    if not current_user.is_authenticated:
        return redirect(url_for("progress.dashboard"))  # which asks for a sign-in first
    return redirect(url_for(home_endpoint(current_user.role)))


def _trust_proxies(app: Flask) -> None:
    """Behind LMS_TRUSTED_PROXIES reverse proxies, the client's address, scheme and host come from
    their X-Forwarded-* headers (security.md H4); with 0, those headers are ignored."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops < 0:
        raise RuntimeError(
            f"LMS_TRUSTED_PROXIES must be the number of proxies in front of LETP (0 or more), not {hops}."
        )
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to add middleware
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def _saves_own_open_attempt(user_id: int, view_args: dict) -> bool:
    """Whether a quiz save names the officer's own attempt, still open: the one request that may
    continue an idle session (security.md H9)."""
    from . import clock
    from .quizzes import service as quizzes
    from .quizzes.models import AttemptState

    attempt_id = view_args.get("attempt_id")
    attempt = None if attempt_id is None else quizzes.attempt_for(user_id, attempt_id)
    return (
        attempt is not None
        and (attempt.course_slug, attempt.quiz_slug) == (view_args.get("course"), view_args.get("quiz"))
        and attempt.state == AttemptState.IN_PROGRESS
        and not quizzes.rules.is_overdue(attempt.deadline_at, quizzes.grace_seconds(), clock.now())
    )


def _select_locale() -> str:
    """The person's saved language if served, else the one chosen with the language switch while
    signed out (a cookie), else the browser's preferred one among those served, else the
    deployment's default."""
    default = current_app.config["DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    saved = _saved_choice("locale")
    if saved in i18n.SERVED_LOCALES:
        return saved
    chosen = request.cookies.get(i18n.LANGUAGE_COOKIE)  # the language switch, used signed out
    if chosen in i18n.SERVED_LOCALES:
        return chosen
    return request.accept_languages.best_match(i18n.SERVED_LOCALES) or default


def _select_timezone() -> str | None:
    """The person's saved time zone; None leaves the deployment's (LMS_BABEL_DEFAULT_TIMEZONE)."""
    return _saved_choice("timezone") if has_request_context() else None


def _saved_choice(column: str) -> str | None:
    """The signed-in person's saved language or zone; None if there is none or the database cannot
    say (locked or gone): the error page that follows must still render, in the browser's language."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return getattr(current_user, column, None) if current_user.is_authenticated else None
    except SQLAlchemyError:
        return None


def _check_default_locale(app: Flask) -> None:
    locale = app.config["DEFAULT_LOCALE"]
    if locale not in i18n.SERVED_LOCALES:
        raise RuntimeError(f"LMS_DEFAULT_LOCALE must be one of {', '.join(i18n.SERVED_LOCALES)}, not {locale!r}.")
    app.config["BABEL_DEFAULT_LOCALE"] = locale


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from .auth.service import load_from_session

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_from_session)
