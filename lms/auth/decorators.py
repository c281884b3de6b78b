"""`role_required`: a route only some roles may reach; everyone else gets 404."""

from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from ..audit import service as audit
from ..database import write_transaction
from ..extensions import db


def role_required(*roles: str):
    """Require login and one of `roles` (admins pass every check).

    Anything outside a user's reach answers 404, so its existence is not revealed.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not current_user.has_role(*roles):
                _audit_refusal()
                abort(404)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def _audit_refusal() -> None:
    with write_transaction(db.session):
        audit.record("access.refused", target=request.path[:200], outcome="refused")
