"""Throttling of password guesses (sign-in and the password form) with counters every worker and
node shares: Redis when LMS_REDIS_URL is set, the LoginFailure table otherwise.

Every wrong password counts, over a sliding window (LOGIN_WINDOW_MINUTES, 15 by default), under:
- `pair`: the account and the client address; at LOGIN_MAX_FAILURES (10) that address is refused
  for that account, even with the right password (security.md A2);
- `addr`: the client address across accounts (password spraying); at
  LOGIN_MAX_FAILURES_PER_ADDRESS (100) that address is refused for every account;
- `acct`: the account across all addresses; at LOGIN_MAX_FAILURES_PER_ACCOUNT (20) every browser
  without the account's device cookie is refused, so rotating addresses buys no extra guesses (H4);
- `device`: the device cookie sent with the guess, if it names the account (below).

An account-wide lock alone would let anyone keep an officer out by guessing 20 times every 15
minutes. LETP follows OWASP's "device cookies" answer
(https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies): each
successful sign-in sets `letp_device`, a signed (HMAC-SHA256 with the app's secret key),
HttpOnly, SameSite=Lax cookie, Secure wherever the session cookie is, scoped to /auth and kept
LOGIN_DEVICE_COOKIE_DAYS (180), naming the account and a random nonce. A guess from a browser
holding a valid device cookie for that very account is judged by that cookie's own counter
(LOGIN_MAX_FAILURES) and the per-address counter only; the `pair` and `acct` locks do not apply
to it. So an officer's own browser still signs in while attackers are locked out, and a stolen
cookie buys ten guesses. Its failures still count against the account (`pair`, `acct`) too.

The client address is `request.remote_addr`, which is the real client only behind the number of
proxies set in LMS_TRUSTED_PROXIES (ProxyFix, lms/__init__.py); with 0, X-Forwarded-For is
ignored. Refusals get 429, a "try later" page and an audit record (lms/auth/views.py). Old rows
are pruned as new ones arrive; Redis keys expire with the window.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from .. import clock
from ..extensions import db
from .models import LoginFailure, User

DEVICE_COOKIE = "letp_device"
DEVICE_COOKIE_PATH = "/auth"  # sent only to sign-in and the password form, never to other pages


@dataclass(frozen=True)
class Device:
    """A browser that signed in to `user_id` before, named by its device cookie's nonce."""

    user_id: int
    nonce: str

    @property
    def key(self) -> str:
        return _key("device", str(self.user_id), self.nonce)


def _key(kind: str, *parts: str) -> str:
    return kind + ":" + hashlib.sha256("|".join(p.strip().lower() for p in parts).encode()).hexdigest()[:40]


def _limits(email: str, address: str, device: Device | None) -> dict[str, int]:
    """The counters that decide this guess, each with its limit, the most specific first."""
    cfg = current_app.config
    if device is not None:
        limits = {device.key: cfg["LOGIN_MAX_FAILURES"]}
    else:
        limits = {
            _key("pair", email, address): cfg["LOGIN_MAX_FAILURES"],
            _key("acct", email): cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        }
    return limits | {_key("addr", address): cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]}


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


def _counts(keys: list[str]) -> dict[str, int]:
    since = _window_start()
    client = _redis()
    if client is not None:
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.zcount(_redis_key(key), _epoch(since), "+inf")
            return dict(zip(keys, pipe.execute(), strict=True))
    return dict(db.session.execute(select(LoginFailure.key, func.count()).where(
        LoginFailure.key.in_(keys), LoginFailure.at >= since).group_by(LoginFailure.key)).all())  # fmt: skip


def refusal(email: str, address: str, device: Device | None = None) -> str | None:
    """The kind of counter over its limit for a guess at `email` from `address` ("device",
    "pair", "acct" or "addr"), or None when the guess may be checked."""
    limits = _limits(email, address, device)
    counts = _counts(list(limits))
    return next((key.partition(":")[0] for key, limit in limits.items() if counts.get(key, 0) >= limit), None)


def record_failure(email: str, address: str, device: Device | None = None) -> None:
    """Count one wrong password for `email` from `address` (and `device`); flushes, no commit."""
    keys = [_key("pair", email, address), _key("acct", email), _key("addr", address)]
    _record(keys + ([device.key] if device is not None else []))


def reset_refusal(email: str, address: str) -> str | None:
    """Whether a password-recovery request for `email` from `address` is over its limit ("racct",
    "raddr") or may go ahead (None). Counted per e-mail as typed, whether or not an account has it,
    so a refusal tells nothing about which e-mails exist (security.md H13)."""
    cfg = current_app.config
    limits = {_key("racct", email): cfg["RESET_MAX_PER_ACCOUNT"], _key("raddr", address): cfg["RESET_MAX_PER_ADDRESS"]}
    counts = _counts(list(limits))
    return next((key.partition(":")[0] for key, limit in limits.items() if counts.get(key, 0) >= limit), None)


def record_reset_request(email: str, address: str) -> None:
    """Count one password-recovery request; flushes, no commit."""
    _record([_key("racct", email), _key("raddr", address)])


def _record(keys: list[str]) -> None:
    now = clock.now()
    client = _redis()
    if client is not None:
        window = current_app.config["LOGIN_WINDOW_MINUTES"] * 60
        with client.pipeline() as pipe:
            for key in keys:
                name = _redis_key(key)
                pipe.zadd(name, {uuid.uuid4().hex: _epoch(now)})
                pipe.zremrangebyscore(name, "-inf", _epoch(now) - window)
                pipe.expire(name, window)
            pipe.execute()
        return
    for key in keys:
        db.session.add(LoginFailure(key=key, at=now))
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(days=1)))


def _serializer() -> URLSafeTimedSerializer:
    secret_key = current_app.secret_key
    assert secret_key is not None  # create_app always sets SECRET_KEY
    return URLSafeTimedSerializer(
        secret_key, salt="letp-device-cookie", signer_kwargs={"digest_method": hashlib.sha256}
    )


def device_for(cookie: str | None, email: str) -> Device | None:
    """The device a browser's device cookie names, if the cookie is genuine, unexpired and names
    the account of `email`; None otherwise (then the account-wide limit applies)."""
    if not cookie:
        return None
    try:
        user_id, nonce = _serializer().loads(cookie, max_age=current_app.config["LOGIN_DEVICE_COOKIE_DAYS"] * 86400)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(nonce, str):
        return None
    account = db.session.scalar(select(User.id).where(User.email == email.strip().lower()))  # stored lower-case
    return Device(user_id, nonce) if account == user_id else None


def set_device_cookie(response, user_id: int) -> None:
    """Mark this browser as one `user_id` signed in from, with a fresh nonce (and fresh counter)."""
    cfg = current_app.config
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps([user_id, secrets.token_hex(16)]),
        max_age=cfg["LOGIN_DEVICE_COOKIE_DAYS"] * 86400,
        path=DEVICE_COOKIE_PATH,
        secure=cfg["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
