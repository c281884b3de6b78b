"""Failed-login throttling with counters every worker and node shares (Redis, or the database).

Two counters over a sliding window (15 minutes by default):
- per account and address: the 11th failure is refused, even with the right password;
- per address, across accounts (password spraying): a higher limit.
Keying the account counter by address too means an attacker elsewhere cannot lock the real
officer out. Refusals get 429 and an audit record. Old rows are pruned as new ones arrive.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

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


def _epoch(moment: datetime) -> float:
    """LETP's naive UTC times as seconds since the epoch (not local time)."""
    return moment.replace(tzinfo=UTC).timestamp()


def _redis():
    """The Redis client when LMS_REDIS_URL is set, made once per app."""
    url = current_app.config["REDIS_URL"]
    if not url:
        return None
    client = current_app.extensions.get("lms.redis")
    if client is None:
        import redis

        client = current_app.extensions["lms.redis"] = redis.Redis.from_url(url, socket_timeout=2)
    return client


def _redis_key(key: str) -> str:
    return f"{current_app.config['REDIS_PREFIX']}:login:{key}"


def is_throttled(email: str, address: str) -> bool:
    pair, addr = keys(email, address)
    since = _window_start()
    client = _redis()
    if client is not None:
        low = _epoch(since)
        counts = {key: client.zcount(_redis_key(key), low, "+inf") for key in (pair, addr)}
    else:
        counts = dict(db.session.execute(select(LoginFailure.key, func.count()).where(
            LoginFailure.key.in_([pair, addr]), LoginFailure.at >= since).group_by(LoginFailure.key)).all())  # fmt: skip
    cfg = current_app.config
    return (
        counts.get(pair, 0) >= cfg["LOGIN_MAX_FAILURES"] or counts.get(addr, 0) >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def record_failure(email: str, address: str) -> None:
    now = clock.now()
    client = _redis()
    if client is not None:
        window = current_app.config["LOGIN_WINDOW_MINUTES"] * 60
        with client.pipeline() as pipe:
            for key in keys(email, address):
                name = _redis_key(key)
                pipe.zadd(name, {uuid.uuid4().hex: _epoch(now)})
                pipe.zremrangebyscore(name, "-inf", _epoch(now) - window)
                pipe.expire(name, window)
            pipe.execute()
        return
    for key in keys(email, address):
        db.session.add(LoginFailure(key=key, at=now))
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(days=1)))
