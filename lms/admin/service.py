"""The admin's queries: accounts by name, e-mail and role; the audit log by its filters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select

from ..audit import service as audit
from ..audit.models import AuditEvent
from ..auth import links
from ..auth import service as accounts
from ..auth.models import SetPasswordLink, User
from ..auth.roles import Role
from ..cohorts.models import Cohort
from ..extensions import db

AUDIT_FILTERS = ("action", "actor", "outcome", "since", "until")


def user_query(q: str, role: str) -> Select:
    query = select(User).order_by(User.sort_name, User.id)
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


def target_names(targets: Iterable[str]) -> dict[str, str]:
    """Readable names for audit targets on one page: "user:32" -> "Ana Souza (ana@pf.example)",
    "cohort:5" -> the cohort's name. Two queries, whatever the page size; others stay as they are."""
    ids: dict[str, set[int]] = {"user": set(), "cohort": set()}
    for target in targets:
        kind, _, number = target.partition(":")
        if kind in ids and number.isdigit():
            ids[kind].add(int(number))
    names: dict[str, str] = {}
    if ids["user"]:
        for uid, name, email in db.session.execute(
            select(User.id, User.name, User.email).where(User.id.in_(ids["user"]))
        ):
            names[f"user:{uid}"] = f"{name} ({email})"
    if ids["cohort"]:
        for cid, name in db.session.execute(select(Cohort.id, Cohort.name).where(Cohort.id.in_(ids["cohort"]))):
            names[f"cohort:{cid}"] = name
    return names


def new_account(email: str, name: str, agency: str, country: str, role: str) -> tuple[User, SetPasswordLink]:
    """An account made by an admin, with a set-password link to hand over; audited. Raises AccountError."""
    user = accounts.create_user(email=email, name=name, agency=agency, country=country, role=role)
    link = links.create(user)
    audit.record("user.create", target=f"user:{user.id}", role=role)
    return user, link
