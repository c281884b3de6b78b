"""Failed-login throttling with counters every worker and node shares (the database).

Two counters over a sliding window (15 minutes by default):
- per account and address: the 11th failure is refused, even with the right password;
- per address, across accounts (password spraying): a higher limit.
Keying the account counter by address too means an attacker elsewhere cannot lock the real
officer out. Refusals get 429 and an audit record. Old rows are pruned as new ones arrive.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from .. import clock
from ..extensions import db
from .models import LoginFailure


def _key(kind: str, *parts: str) -> str:
    return kind + ":" + hashlib.sha256("|".join(p.strip().lower() for p in parts).encode()).hexdigest()[:40]


def keys(email: str, address: str) -> tuple[str, str]:
    return _key("pair", email, address), _key("addr", address)


def _window_start() -> datetime:
    return clock.now() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def is_throttled(email: str, address: str) -> bool:
    pair, addr = keys(email, address)
    since = _window_start()
    counts = dict(db.session.execute(select(LoginFailure.key, func.count()).where(
        LoginFailure.key.in_([pair, addr]), LoginFailure.at >= since).group_by(LoginFailure.key)).all())  # fmt: skip
    cfg = current_app.config
    return (
        counts.get(pair, 0) >= cfg["LOGIN_MAX_FAILURES"] or counts.get(addr, 0) >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def record_failure(email: str, address: str) -> None:
    now = clock.now()
    for key in keys(email, address):
        db.session.add(LoginFailure(key=key, at=now))
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(days=1)))
