"""The admin's queries: accounts by name, e-mail and role; the audit log by its filters."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select

from ..audit.models import AuditEvent
from ..auth.models import User
from ..auth.roles import Role
from ..extensions import db

AUDIT_FILTERS = ("action", "actor", "outcome", "since", "until")


def user_query(q: str, role: str) -> Select:
    query = select(User).order_by(User.name, User.id)
    if q:
        query = query.where(or_(User.email.ilike(f"%{q}%"), User.name.ilike(f"%{q}%")))
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    return query


def audit_query(args: Mapping[str, str]) -> tuple[Select, bool]:
    """Newest first, filtered by `args`; the flag says a date was not YYYY-MM-DD (and was ignored)."""
    query = (
        select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id).order_by(AuditEvent.id.desc())
    )
    if args.get("action"):
        query = query.where(AuditEvent.action == args["action"])
    if args.get("actor"):
        query = query.where(User.email.ilike(f"%{args['actor']}%"))
    if args.get("outcome"):
        query = query.where(AuditEvent.outcome == args["outcome"])
    bad_date = False
    for key in ("since", "until"):
        try:
            day = datetime.strptime(args[key], "%Y-%m-%d") if args.get(key) else None
        except ValueError:
            bad_date, day = True, None
        if day is not None:
            query = query.where(AuditEvent.at >= day if key == "since" else AuditEvent.at < day + timedelta(days=1))
    return query, bad_date


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


AUDIT_CSV_HEADER = ["id", "at_utc", "actor_id", "actor_email", "actor_role", "address", "action", "target", "outcome",
                    "detail"]  # fmt: skip


def audit_csv_rows(query: Select) -> Iterator[list[object]]:
    for event, email in db.session.execute(query):
        yield [event.id, event.at.strftime("%Y-%m-%dT%H:%M:%SZ"), event.actor_id, email, event.actor_role,
               event.address, event.action, event.target, event.outcome, event.detail]  # fmt: skip
