"""Password recovery by e-mail (security.md H13). No commits: the views commit.

- Asking: the answer is the same whether or not the e-mail belongs to an active account; only
  an active account gets a message. Requests are counted per e-mail and per address like failed
  sign-ins (lms/auth/throttle.py), whatever the e-mail.
- The link carries a random 256-bit token; the database keeps only its SHA-256, so a copy of the
  database opens nothing. A newer request voids the older links of the account.
- Using it: once, within PASSWORD_RESET_MINUTES; the new password must meet the policy; every
  other session of the account ends (its session version changes), and the account's other
  recovery links die with it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import clock
from ..audit import service as audit
from ..extensions import db
from ..mail import outbox
from ..web import public_url
from . import passwords, service, throttle
from .models import PasswordReset, User

KIND = "password_reset"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_reset(email: str, address: str) -> bool:
    """Handle "Forgot your password?" for `email`; False when throttled (nothing else is told)."""
    email = email.strip().lower()
    if throttle.reset_refusal(email, address):
        audit.record("password.reset_request", outcome="throttled", actor=False)
        return False
    throttle.record_reset_request(email, address)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.active:
        audit.record("password.reset_request", outcome="no_account", actor=False)
        return True
    send_reset_link(user)
    audit.record("password.reset_request", target=f"user:{user.id}", actor=False)
    return True


def send_reset_link(user: User) -> None:
    """Void the account's older recovery links and queue a message with a new one (no commit)."""
    now = clock.now()
    db.session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                       .values(used_at=now))  # fmt: skip  # a newer link replaces the older ones
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(PasswordReset(user_id=user.id, token_hash=_hash(token), created_at=now,
                                 expires_at=now + timedelta(minutes=minutes)))  # fmt: skip
    link = public_url("auth.reset_password", token=token)
    outbox.queue_template("password_reset", kind=KIND, to=user.email, to_name=user.name, user_id=user.id,
                          secret=True, locale=user.locale, subject=_l("Set a new LETP password"), name=user.name, link=link,
                          minutes=minutes)  # fmt: skip


def find(token: str) -> PasswordReset | None:
    """The usable link `token` names, or None (unknown, used, expired or replaced)."""
    if not token or len(token) > 100:
        return None
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _hash(token)))
    if reset is None or reset.used_at is not None or reset.expires_at < clock.now():
        return None
    return reset


def complete(reset: PasswordReset, new_password: str) -> list[passwords.PolicyProblem]:
    """Set the new password through `reset`; the policy's problems instead when it falls short."""
    user = db.session.get(User, reset.user_id)
    assert user is not None  # the foreign key cascades: a deleted user has no links
    problems = service.set_password(user, new_password)  # also ends every other session
    if problems:
        return problems
    now = clock.now()
    db.session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                       .values(used_at=now))  # fmt: skip
    audit.record("password.reset", target=f"user:{user.id}", actor=user)
    return []
