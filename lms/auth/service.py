"""Account database work: create, authenticate, change passwords, end sessions. No commits."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from .. import clock
from ..extensions import db
from . import passwords
from .models import User
from .validation import AccountError, check_account


def hasher():
    cfg = current_app.config
    key = "lms.hasher"
    if key not in current_app.extensions:
        current_app.extensions[key] = passwords.make_hasher(
            cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_KIB"], cfg["ARGON2_PARALLELISM"]
        )
        current_app.extensions["lms.dummy_hash"] = passwords.dummy_hash(current_app.extensions[key])
    return current_app.extensions[key]


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(*, email: str, name: str, agency: str = "", country: str, role: str = "officer",
                password: str | None = None) -> User:  # fmt: skip
    """Validate and add a user; raises AccountError naming every bad field."""
    fields = check_account(email, name, agency, country, role)
    if find_by_email(fields["email"]) is not None:
        raise AccountError({"email": f"an account with the e-mail {fields['email']} already exists"})
    user = User(**fields)
    if password is not None:
        problems = passwords.policy_problems(password, (fields["email"], fields["name"]))
        if problems:
            raise AccountError({"password": " ".join(p.message for p in problems)})
        user.password_hash = hasher().hash(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; equal work either way."""
    user = find_by_email(email)
    h = hasher()
    if user is None or not user.password_hash:
        passwords.verify(h, current_app.extensions["lms.dummy_hash"], password)
        return None
    if not passwords.verify(h, user.password_hash, password) or not user.active:
        return None
    if h.check_needs_rehash(user.password_hash):
        user.password_hash = h.hash(password)
    user.last_login_at = clock.now()
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session cookie issued to `user` so far."""
    user.session_version = (user.session_version or 0) + 1


def set_password(user: User, new_password: str) -> list[passwords.PolicyProblem]:
    """Set a new password if it meets the policy; returns the policy problems otherwise."""
    problems = passwords.policy_problems(new_password, (user.email, user.name))
    if problems:
        return problems
    user.password_hash = hasher().hash(new_password)
    end_sessions(user)
    return []


def check_password(user: User, password: str) -> bool:
    return passwords.verify(hasher(), user.password_hash, password)


def load_from_session(alt_id: str) -> User | None:
    """Flask-Login loader: the id part must name an active user whose version still matches."""
    user_id, _, version = alt_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
