"""Engine settings that make SQLite safe under several workers, and the pagination helpers.

SQLite connections get WAL, a busy timeout, synchronous=NORMAL and foreign keys. Transactions
of state-changing requests (any method but GET/HEAD/OPTIONS) and of CLI commands start with
BEGIN IMMEDIATE, so they take the write lock at their first statement instead of failing
to upgrade a read lock later ("database is locked"). Read-only requests use a plain BEGIN.
PostgreSQL needs none of this; its services lock rows where a race matters. Its pooled
connections are pinged only after sitting idle (`ping_when_idle`), not on every checkout.

Lists page by OFFSET (`paginate`: short lists, and lists ordered by a computed value) or by
keyset (`keyset_page`: a long list ordered by an index, whose pages cost the same at its end as
at its start, since each page starts from the previous page's last key instead of counting).
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from flask import g, has_request_context, request
from sqlalchemy import Integer, Select, String, Table, Update, bindparam, event, func, select, tuple_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import QueryableAttribute

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDLE_PING_SECONDS = 30.0
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


def ping_when_idle(engine: Engine, idle_seconds: float | None = None) -> None:
    """PostgreSQL: ping a pooled connection before use only if it sat idle `idle_seconds` or more.

    SQLAlchemy's pool_pre_ping costs a round trip on every checkout, so on every request. A busy
    pool's connections are minutes old at most, and a server that went away (a restart, a
    failover, an idle timeout) shows on the first connection used after a lull: that one is
    pinged, and a dead one makes the pool retry with a fresh connection (DisconnectionError), so
    no request sees it. A connection lost while in use fails that one request; SQLAlchemy then
    invalidates the whole pool, and the next requests reconnect (tests/test_database.py).
    """
    if engine.dialect.name != "postgresql":
        return  # SQLite is a file: nothing to lose between requests
    idle = IDLE_PING_SECONDS if idle_seconds is None else idle_seconds

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record):
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _lent(dbapi_connection, record, _proxy):
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < idle:
            return  # just opened, or used a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the driver's own error for a dead socket
            raise DisconnectionError("the pooled connection is gone") from error
        if not alive:
            raise DisconnectionError("the pooled connection is gone")


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


# --- keyset pages ---------------------------------------------------------------------------------

MAX_ID = 2**31 - 1  # an INTEGER column on PostgreSQL
MAX_CURSOR = 2048  # characters of a cursor in a link


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page of a list read by keyset.

    `after` and `before` are the cursors of the next and previous pages (None at the ends). The
    page's `number` travels in the cursors, so it costs no count; `pages` and `total` are known
    only when the caller knows the list's length (None otherwise).
    """

    items: list[T]
    number: int
    per_page: int
    total: int | None
    after: str | None
    before: str | None

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.after is not None


def encode_cursor(order: str, key: Sequence[object], number: int) -> str:
    """A cursor for a link: opaque to read, not secret (it holds the row's sort values)."""
    text = json.dumps({"o": order, "k": list(key), "n": number}, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _fits(value: object, column: QueryableAttribute) -> bool:
    """Whether `value` is one the column could hold, so a tampered cursor never reaches the database."""
    if isinstance(column.type, Integer):
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID
    if isinstance(column.type, String) and isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:  # a lone surrogate
            return False
        return "\x00" not in value and len(value) <= (column.type.length or MAX_CURSOR)
    return False


def decode_cursor(token: str, order: str, columns: Sequence[QueryableAttribute]) -> tuple[tuple, int] | None:
    """(key, page number) of a cursor made by `encode_cursor` for this `order` and these columns;
    None for anything else (a stale link of another order, a truncated or tampered one)."""
    if not token or len(token) > MAX_CURSOR or not token.isascii():
        return None
    try:
        found = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(found, dict) or found.get("o") != order:
        return None
    key, number = found.get("k"), found.get("n")
    if not isinstance(key, list) or len(key) != len(columns) or not all(map(_fits, key, columns)):
        return None
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_ID:
        return None
    return tuple(key), number


def keyset_page(session, query: Select, columns: Sequence[QueryableAttribute], order: str, *, descending: bool = False,
                cursor: tuple[str, str] | None = None, per_page: int, total: int | None = None) -> KeysetPage:  # fmt: skip
    """The page of `query` (unordered; ORM entities) that `cursor` asks for, ordered by `columns`.

    `columns` must end with a unique column and match an index, so that a page is one range of it.
    `cursor` is ("after", token) for the page after a key, ("before", token) for the page before
    it, ("last", "") for the last page; None, or a token that does not decode, is the first page.
    `order` names the ordering in the cursors (a cursor of another ordering reads as none).
    `total`, when the caller knows it cheaply, numbers the pages and aligns the last one with them.
    """
    kind, token = cursor or ("first", "")
    decoded = decode_cursor(token, order, columns) if kind in ("after", "before") else None
    if decoded is None and kind != "last":
        kind = "first"
    pages = None if total is None else max(1, -(-total // per_page))
    last_size = total % per_page if total and total % per_page else per_page  # keeps the pages aligned

    def read(kind: str) -> tuple[list, bool]:
        forward = kind in ("first", "after")  # in the list's order; else backwards from a key or the end
        ascending = forward != descending
        statement = query.add_columns(*columns).order_by(*(c.asc() if ascending else c.desc() for c in columns))
        if kind in ("after", "before"):
            key, bound = tuple_(*columns), tuple_(*decoded[0])  # type: ignore[index]
            statement = statement.where(key > bound if ascending else key < bound)
        size = last_size if kind == "last" else per_page
        rows = session.execute(statement.limit(size + 1)).all()
        return (rows[:size] if forward else rows[:size][::-1]), len(rows) > size

    rows, more = read(kind)
    if kind == "before" and not more and len(rows) < per_page:
        kind = "first"  # fewer than a page before the key (officers left the list)
        rows, more = read(kind)
    elif kind == "after" and not rows:
        kind = "last"  # nothing after the key any more
        rows, more = read(kind)
    at_start = kind == "first" or (kind in ("before", "last") and not more)
    at_end = kind == "last" or (kind in ("first", "after") and not more)
    if at_start:
        number = 1
    elif at_end:
        number = pages or decoded[1] if decoded else pages or 1
    else:  # between the ends: what the cursor says, within the pages there are
        number = decoded[1] if decoded else 2
        number = min(max(number, 2), max(pages - 1, 2)) if pages else number

    def link(row, to: int) -> str:
        return encode_cursor(order, tuple(row[1:]), to)

    return KeysetPage(
        items=[row[0] for row in rows],
        number=number,
        per_page=per_page,
        total=total,
        after=None if at_end else link(rows[-1], number + 1),
        before=None if at_start else link(rows[0], max(1, number - 1)),
    )


@lru_cache(maxsize=8)
def incremented(table: Table, column: str) -> Update:
    """UPDATE `table` SET `column` = `column` + 1 WHERE id = :row RETURNING the new value: a Core
    statement built once per table, so a counter moves in one round trip, counted by the database
    (two transactions at once get two values), and without the ORM's flush."""
    counter = table.c[column]
    return update(table).where(table.c.id == bindparam("row")).values({column: counter + 1}).returning(counter)
