"""One-time set-password links for officers created by bulk import. No commits.

Token = "<link id>.<HMAC-SHA256(secret key, id:nonce)>": shown again to coordinators while
unused, worthless without the app's secret key, dead once used or expired. Each link remembers
the cohort whose import created it; pages show it only to those who coordinate that cohort.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Collection
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


def create(user: User, cohort=None) -> SetPasswordLink:
    """A new link for `user`, made by an import into `cohort` (any object with an `id`; None: no cohort)."""
    link = SetPasswordLink(user_id=user.id, cohort_id=getattr(cohort, "id", None), nonce=secrets.token_hex(16),
                           created_at=clock.now(), expires_at=clock.now() + LIFETIME)  # fmt: skip
    db.session.add(link)
    db.session.flush()
    return link


def find(token: str) -> SetPasswordLink | None:
    """The usable link this token names, or None (unknown, forged, used or expired, or its officer
    has a password already: every link of an account dies once any of them is used, so an older
    copy, one a coordinator saw, say, cannot set the password again)."""
    link_id, _, signature = token.partition(".")
    if not link_id.isdigit() or len(token) > 100:
        return None
    link = db.session.get(SetPasswordLink, int(link_id))
    if link is None or not hmac.compare_digest(signature, _signature(link)):
        return None
    if link.used_at is not None or link.expires_at < clock.now():
        return None
    user = db.session.get(User, link.user_id)
    if user is None or user.password_hash is not None:
        return None
    return link


def pending_for(user_ids: list[int], cohort_ids: Collection[int] | None = None) -> dict[int, SetPasswordLink]:
    """The newest usable link of each user who has not set a password yet.

    With `cohort_ids`, only links created by an import into one of those cohorts (never one
    without a cohort): what a coordinator's page may show. None means every link (command line).
    """
    if not user_ids or (cohort_ids is not None and not cohort_ids):
        return {}
    query = select(SetPasswordLink).join(User, User.id == SetPasswordLink.user_id).where(
        SetPasswordLink.user_id.in_(user_ids), SetPasswordLink.used_at.is_(None),
        SetPasswordLink.expires_at >= clock.now(), User.password_hash.is_(None),
    )  # fmt: skip
    if cohort_ids is not None:
        query = query.where(SetPasswordLink.cohort_id.in_(list(cohort_ids)))
    rows = db.session.scalars(query.order_by(SetPasswordLink.created_at, SetPasswordLink.id))
    return {link.user_id: link for link in rows}
