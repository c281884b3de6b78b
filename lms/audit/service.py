"""Record audit events inside the caller's transaction (they commit together)."""

from __future__ import annotations

import json
import logging

from flask import has_request_context, request
from flask_login import current_user

from ..extensions import db
from .models import AuditEvent

log = logging.getLogger("lms.audit")


def record(action: str, *, target: str = "", outcome: str = "ok", actor=None, **detail) -> AuditEvent:
    """Add one audit record; `detail` is stored as JSON (never as free text).

    The actor defaults to the signed-in user; pass actor=False for none (e.g. a failed login).
    """
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    if actor is False:
        actor = None
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", "") or "",
        address=(request.remote_addr or "")[:64] if has_request_context() else "cli",
        action=action,
        target=str(target)[:200],
        outcome=outcome,
        detail=json.dumps(detail, default=str, sort_keys=True),
    )
    db.session.add(event)
    # json.dumps escapes newlines, so user data cannot start a forged log line.
    log.info("%s", json.dumps({"action": action, "target": event.target, "outcome": outcome,
                               "actor": event.actor_id, "detail": detail}, default=str))  # fmt: skip
    return event
