"""One-time set-password links for officers created by bulk import. No commits.

Token = "<link id>.<HMAC-SHA256(secret key, id:nonce)>": shown again to coordinators while
unused, worthless without the app's secret key, dead once used or expired.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from .. import clock
from ..extensions import db
from .models import SetPasswordLink, User

LIFETIME = timedelta(days=14)


def _signature(link: SetPasswordLink) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"set-password:{link.id}:{link.nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_for(link: SetPasswordLink) -> str:
    return f"{link.id}.{_signature(link)}"


def create(user: User) -> SetPasswordLink:
    link = SetPasswordLink(user_id=user.id, nonce=secrets.token_hex(16), created_at=clock.now(),
                           expires_at=clock.now() + LIFETIME)  # fmt: skip
    db.session.add(link)
    db.session.flush()
    return link


def find(token: str) -> SetPasswordLink | None:
    """The usable link this token names, or None (unknown, forged, used or expired)."""
    link_id, _, signature = token.partition(".")
    if not link_id.isdigit() or len(token) > 100:
        return None
    link = db.session.get(SetPasswordLink, int(link_id))
    if link is None or not hmac.compare_digest(signature, _signature(link)):
        return None
    if link.used_at is not None or link.expires_at < clock.now():
        return None
    return link


def pending_for(user_ids: list[int]) -> dict[int, SetPasswordLink]:
    """The newest usable link of each user who has not set a password yet."""
    if not user_ids:
        return {}
    rows = db.session.scalars(
        select(SetPasswordLink).join(User, User.id == SetPasswordLink.user_id).where(
            SetPasswordLink.user_id.in_(user_ids), SetPasswordLink.used_at.is_(None),
            SetPasswordLink.expires_at >= clock.now(), User.password_hash.is_(None),
        ).order_by(SetPasswordLink.created_at)
    )  # fmt: skip
    return {link.user_id: link for link in rows}
