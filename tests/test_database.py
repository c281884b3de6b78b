"""SQLite concurrency settings (shared/testing.md) and the migrations matching the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from lms.extensions import db


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_connection_settings(app, ctx):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_write_requests_begin_immediate_and_reads_do_not(app, ctx):
    seen = []
    from sqlalchemy import event

    def record(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        for method in ("GET", "POST"):
            with app.test_request_context("/", method=method):
                db.session.execute(text("SELECT 1"))
                db.session.remove()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert seen == ["BEGIN", "BEGIN IMMEDIATE"]


def test_migrations_match_the_models(app, ctx):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == [], "models changed without a migration: run `flask db migrate`"


def test_paginate_counted_clamps_and_uncounted_looks_one_row_ahead(app, make_user):
    from sqlalchemy import select

    from lms.auth.models import User
    from lms.database import paginate

    ids = sorted(make_user().id for _ in range(5))
    with app.app_context():
        query = select(User.id).order_by(User.id)
        second = paginate(db.session, query, 2, 2)
        assert (second.items, second.total, second.pages, second.has_next) == (ids[2:4], 5, 3, True)
        past_the_end = paginate(db.session, query, 99, 2)
        assert (past_the_end.number, past_the_end.items, past_the_end.has_next) == (3, ids[4:], False)
        uncounted = paginate(db.session, query, 2, 2, count=False)
        assert (uncounted.items, uncounted.total, uncounted.pages, uncounted.has_next) == (ids[2:4], None, None, True)
        assert paginate(db.session, query, 3, 2, count=False).has_next is False
