"""Each officer's course result, cached per worker and keyed by their progress version.

Every change to a course state (a module read, an attempt graded or reset, a grant, a certificate
revoked) calls `lms.auth.progress_version.bump` in its own transaction: `user.progress_version` goes up by one in SQL, so two
changes at once get two versions and every worker and node sees the new one with the change. A
result is cached under (officer, course, version) with the version read from the officer's row,
which the request has loaded anyway: a hit costs no query.

Why it can never be stale: a result is computed after the version it is filed under was read, so
it holds at least every change up to that version. While this transaction has bumped an officer,
their result may include changes that could still roll back: it is not read from the cache nor
put in it, but kept aside and cached only once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from ..auth.models import User
from ..auth.progress_version import BUMPED
from ..extensions import db
from ..page_cache import Recent

MAX_RESULTS = 20_000
EXTENSION_KEY = "lms.progress_cache"
PENDING = "progress_pending"  # Session.info: results computed after a bump, cached once it commits
T = TypeVar("T")
MISSING = object()


def _results() -> Recent:
    return current_app.extensions.setdefault(EXTENSION_KEY, Recent(MAX_RESULTS))


def cached(user_id: int, scope: str, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for this officer, `scope` (a course) and version before. Only
    for an officer whose row this session holds (the signed-in person): others are computed."""
    loaded = db.session.identity_map.get(identity_key(User, user_id)) if has_app_context() else None
    if loaded is None:
        return compute()
    key = (user_id, scope, loaded.progress_version)
    if user_id in db.session.info.get(BUMPED, ()):
        value = compute()
        db.session.info.setdefault(PENDING, {})[key] = value
        return value
    results = _results()
    hit = results.get(key, MISSING)
    if hit is not MISSING:
        return hit  # type: ignore[return-value]  # filed by this function under this scope
    value = compute()
    results.put(key, value)
    return value


@event.listens_for(Session, "after_commit")
def _keep_committed(session: Session) -> None:
    pending = session.info.pop(PENDING, {})
    session.info.pop(BUMPED, None)
    if pending and has_app_context():
        results = _results()
        for key, value in pending.items():
            results.put(key, value)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    """Results kept aside are dropped; the officers stay marked as bumped until a commit (a
    savepoint's rollback leaves the transaction's other changes pending), which only costs a miss."""
    session.info.pop(PENDING, None)
