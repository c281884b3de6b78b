"""H8: a write that collides with another one gets a clear retry page, rolled back, never a raw 500."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from lms.auth.models import User
from lms.cohorts.models import CohortMember
from lms.extensions import db
from tests.cohorts.test_import import upload

NEW_OFFICER = "email,name,agency,country\nrace@police.example,Race Officer,PF,BR\n"
RETRY = "Nothing you sent was saved"


@pytest.fixture
def app_overrides():
    return {"SQLITE_BUSY_TIMEOUT_MS": 300}  # a SQLite writer gives up quickly instead of after 15 s


def _insert_officer(conn) -> None:
    conn.execute(sa.insert(User).values(email="race@police.example", name="Other Import", agency="PF", country="BR",
                                        role="officer", active=True, session_version=1, created_at=datetime(2026, 12, 1)))  # fmt: skip


def _wait_until_blocked(engine, timeout: float = 10.0) -> None:
    """Until a PostgreSQL backend of this database waits for a row lock (the import's INSERT)."""
    deadline = time.monotonic() + timeout
    with engine.connect() as probe:
        while time.monotonic() < deadline:
            waiting = probe.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                            "AND wait_event_type = 'Lock'")).scalar()  # fmt: skip
            probe.rollback()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the import never waited for the other transaction")


def test_h8_an_import_that_collides_with_another_gets_a_retry_page(app, client, login, make_user, make_cohort):
    coordinator = make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    with app.app_context():
        engine = db.engine
    other = engine.connect()
    try:
        if engine.dialect.name == "postgresql":
            # The other import inserts the same new officer and commits just after this one has
            # looked (and found no such account): the unique e-mail index makes this one fail.
            other.begin()
            _insert_officer(other)
            result = {}
            request = threading.Thread(
                target=lambda: result.setdefault("response", upload(client, cohort, NEW_OFFICER))
            )
            request.start()
            _wait_until_blocked(engine)
            other.commit()
            request.join(timeout=30)
            response = result["response"]
        else:
            # SQLite: the other writer holds the write lock past this request's busy timeout.
            other.begin()  # LETP's SQLite hook makes this BEGIN IMMEDIATE outside requests
            _insert_officer(other)
            response = upload(client, cohort, NEW_OFFICER)
            other.rollback()
    finally:
        other.close()
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert RETRY in html and "request" in html and response.headers["X-Request-Id"] in html
    with app.app_context():
        members = db.session.scalar(
            select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == cohort)
        )
        assert members == 0  # nothing of the refused import was kept


def test_h8_the_error_page_renders_after_a_failed_transaction(app, client, login, make_user):
    """The page after any database failure is the site's own, with its request id."""
    from lms.web import safe_error_page

    with app.test_request_context("/"):
        from flask import g

        g.request_id = "abc123def456"
        body, status = safe_error_page(409)
        assert status == 409 and "abc123def456" in body and RETRY in body
