"""Shared fixtures: every app test runs on SQLite and on PostgreSQL.

PostgreSQL comes from LMS_TEST_POSTGRES_URL (default: the machine's server on 127.0.0.1).
Without it the PostgreSQL half skips with the reason, unless LMS_REQUIRE_SERVICES=1 (CI),
where it fails instead. Each run gets its own database, migrated once with Alembic; tables
are emptied after every test.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms import create_app
from lms.extensions import db

FIXTURES = Path(__file__).parent / "fixtures"
PASSWORD = "a-long-test-passphrase-42"
POSTGRES_ADMIN_URL = os.environ.get("LMS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_SERVICES = os.environ.get("LMS_REQUIRE_SERVICES") == "1"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def base_overrides(database_url: str) -> dict:
    return {
        "DATABASE_URL": database_url,
        "COURSES_DIR": str(FIXTURES / "courses"),
        "QUIZZES_DIR": str(FIXTURES / "quizzes"),
    }


def migrate(database_url: str) -> None:
    from flask_migrate import upgrade

    app = create_app(base_overrides(database_url) | {"ENV": "testing"})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _postgres_database():
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            name = f"letp_test_{uuid.uuid4().hex[:10]}"
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({exc.orig.__class__.__name__})"
        if REQUIRE_SERVICES:
            pytest.fail(reason + "; LMS_REQUIRE_SERVICES=1 forbids skipping")
        pytest.skip(reason)
    return admin, name, sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A migrated, empty database of each kind, shared by the tests of a run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'lms.sqlite3'}"
        migrate(url)
        yield url
        return
    admin, name, url = _postgres_database()
    migrate(url)
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def app_overrides():
    """Per-test additions to the app settings; override in a module to change them."""
    return {}


@pytest.fixture
def app(database_url, app_overrides, monkeypatch):
    """The app, with no context pushed: each request gets its own, as in production.

    (A pushed app context would be reused by every test request, sharing `g` between them.)
    Tests that touch the database directly open `with app.app_context():`.
    """
    monkeypatch.setenv("LMS_ENV", "testing")
    application = create_app(base_overrides(database_url) | app_overrides)
    if os.environ.get("LMS_TEST_RAISE") == "1":  # debugging aid: tracebacks instead of the generic 500 page
        application.error_handler_spec[None][None].pop(Exception, None)
    yield application
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    from lms.auth.service import create_user

    counter = iter(range(1, 10_000))

    def make(role: str = "officer", *, email: str | None = None, password: str = PASSWORD, **fields):
        """A committed user, returned detached with its columns loaded."""
        n = next(counter)
        with app.app_context():
            user = create_user(
                email=email or f"{role}{n}@police.example",
                name=fields.pop("name", f"Test {role.title()} {n}"),
                agency=fields.pop("agency", "Test Agency"),
                country=fields.pop("country", "KE"),
                role=role,
                password=password,
            )
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    return make


def csrf_token(client, url: str = "/auth/login") -> str:
    """The CSRF token of the form on `url`, as a browser would read it."""
    response = client.get(url)
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {url} (status {response.status_code})"
    return match.group(1)


@pytest.fixture
def update_user(app):
    """Change a user's columns in the database, as an admin action would."""
    from lms.auth.models import User

    def update(user, **fields):
        with app.app_context():
            row = db.session.get(User, user.id)
            for name, value in fields.items():
                setattr(row, name, value)
            db.session.commit()

    return update


@pytest.fixture
def login(client):
    def do_login(user, password: str = PASSWORD, target=client):
        token = csrf_token(target)
        response = target.post("/auth/login", data={"email": user.email, "password": password, "csrf_token": token})
        assert response.status_code == 302, "login failed"
        return response

    return do_login


@pytest.fixture
def make_cohort(app):
    from lms.cohorts import service
    from lms.cohorts.models import CohortCoordinator

    def make(name="Nairobi workshop", course="quiz-course", country="KE", coordinators=(), members=()):
        with app.app_context():
            cohort = service.create_cohort(name=name, country=country, course_slug=course)
            for user in coordinators:
                db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=user.id))
            for user in members:
                service.enrol(cohort, db.session.get(type(user), user.id))
            db.session.commit()
            return cohort.id

    return make


class Clock:
    """A movable clock patched into lms.clock."""

    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    from datetime import datetime

    import lms.clock

    fake = Clock(datetime(2026, 12, 1, 9, 0, 0))
    monkeypatch.setattr(lms.clock, "now", fake)
    return fake


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, for as long as the test runs."""
    from tests.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail(app, smtp_server):
    """The app sends its mail to `smtp_server` (a real one on 127.0.0.1); `send(app)` delivers the outbox."""
    app.config.update(MAIL_URL=smtp_server.url, MAIL_FROM="training@letp.test")
    return smtp_server


def send(app) -> None:
    """Deliver every due message of the outbox, as `flask lms send-mail` does."""
    from lms.mail import outbox

    with app.app_context():
        outbox.deliver_due()
        db.session.remove()
