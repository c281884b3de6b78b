"""Engine settings that make SQLite safe under several workers, and the one pagination helper.

SQLite connections get WAL, a busy timeout, synchronous=NORMAL and foreign keys. Transactions
of state-changing requests (any method but GET/HEAD/OPTIONS) and of CLI commands start with
BEGIN IMMEDIATE, so they take the write lock at their first statement instead of failing
to upgrade a read lock later ("database is locked"). Read-only requests use a plain BEGIN.
PostgreSQL needs none of this; its services lock rows where a race matters.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import g, has_request_context, request
from sqlalchemy import Select, event, func, select
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")


def wants_write_lock() -> bool:
    if has_request_context() and g.get("lms_write_lock"):
        return True
    return not (has_request_context() and request.method in READ_ONLY_METHODS)


@contextmanager
def write_transaction(session) -> Iterator[None]:
    """Run a write inside a read-only request (e.g. finalising an overdue attempt on a GET).

    Ends the request's read transaction and opens one that takes the write lock up front,
    committed at the end; the request goes on reading afterwards.
    """
    session.rollback()
    g.lms_write_lock = True
    try:
        yield
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        g.lms_write_lock = False


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Register the connection and transaction hooks on a SQLite engine."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised via engine
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list. `total` is None when the list was not counted (`pages` is then unknown)."""

    items: list[T]
    number: int  # 1-based
    per_page: int
    total: int | None
    has_next: bool

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.per_page))


def paginate(session, query: Select, number: int, per_page: int, *, count: bool = True, rows: bool = False) -> Page:
    """Page `number` of `query` (ORM objects, or whole rows with `rows=True`).

    Counted, a page past the end is read as the last one. Uncounted (for long logs, where a
    COUNT would read everything), one extra row is fetched to learn whether a next page exists.
    """
    read = session.execute if rows else session.scalars
    if count:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        number = min(max(number, 1), max(1, -(-total // per_page)))
        items = list(read(query.limit(per_page).offset((number - 1) * per_page)))
        return Page(items, number, per_page, total, number * per_page < total)
    number = max(number, 1)
    items = list(read(query.limit(per_page + 1).offset((number - 1) * per_page)))
    return Page(items[:per_page], number, per_page, None, len(items) > per_page)
