"""Cohort database work: scoping, membership, bulk import, coordinator actions. No commits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, select

from .. import clock
from ..audit import service as audit
from ..auth import links
from ..auth.models import SetPasswordLink, User
from ..auth.roles import Role
from ..auth.validation import AccountError, normalise_country
from ..extensions import db
from ..quizzes.models import Attempt, AttemptState
from ..text import control_character
from .csv_import import OfficerRow, RowProblem
from .invitations import queue_invitation
from .models import Cohort, CohortCoordinator, CohortMember

# The audit detail of a move; a TypedDict because "from" is a keyword and cannot be passed by name.
_MoveDetail = TypedDict("_MoveDetail", {"from": int, "to": int})


def visible_cohorts(user) -> Select:
    query = select(Cohort).order_by(
        Cohort.closed_at.is_not(None), Cohort.starts_on.desc().nulls_last(), Cohort.id.desc()
    )
    if user.role == Role.ADMIN:
        return query
    return query.join(CohortCoordinator).where(CohortCoordinator.user_id == user.id)


def cohort_or_404(user, cohort_id: int) -> Cohort:
    """The cohort if `user` may see it; 404 otherwise, as if it did not exist (security.md B3)."""
    cohort = db.session.scalar(visible_cohorts(user).where(Cohort.id == cohort_id))
    if cohort is None:
        abort(404)
    return cohort


def coordinated_ids(user) -> set[int]:
    """Ids of the cohorts `user` runs: the ones they coordinate, or every cohort for an admin."""
    return set(db.session.scalars(visible_cohorts(user).with_only_columns(Cohort.id)))


def reachable(member_of: set[int], coordinated: set[int]) -> bool:
    """A coordinator reaches an officer who is in at least one of their cohorts and in no other (H1)."""
    return bool(member_of) and member_of <= coordinated


def enrol_refusals(actor, users: list[User]) -> dict[int, str]:
    """Why `actor` may not enrol each of these existing accounts, by user id: "staff" or "out_of_reach".

    Staff accounts are never enrolled, not even by an admin. An admin (or the command line,
    actor None) may enrol any officer; a coordinator only an officer `reachable` from their
    cohorts, so nobody enrolled elsewhere, or created outside any cohort, comes into their reach.
    """
    refused = {u.id: "staff" for u in users if u.role != Role.OFFICER}
    officers = [u.id for u in users if u.role == Role.OFFICER]
    if actor is None or actor.role == Role.ADMIN or not officers:
        return refused
    member_of: dict[int, set[int]] = defaultdict(set)
    pairs = db.session.execute(
        select(CohortMember.user_id, CohortMember.cohort_id).where(CohortMember.user_id.in_(officers))
    )
    for user_id, cohort_id in pairs:
        member_of[user_id].add(cohort_id)
    mine = coordinated_ids(actor)
    return refused | {uid: "out_of_reach" for uid in officers if not reachable(member_of[uid], mine)}


def pending_links(actor, user_ids: list[int]) -> dict[int, SetPasswordLink]:
    """The set-password links `actor` may be shown: those made by an import into a cohort they run."""
    return links.pending_for(user_ids, coordinated_ids(actor))


def check_cohort(name: str, country: str, course_slug: str, courses: set[str], starts: date | None, ends: date | None,
                 location: str = "") -> dict[str, str]:  # fmt: skip
    """Problems with a cohort's fields, by field name; {} if none."""
    hidden = {field: found for field, value in (("name", name), ("country", country), ("location", location))
              if (found := control_character(value))}  # fmt: skip
    if hidden:
        return {field: _("holds an invisible control character (%(character)s); retype it without it", character=found)
                for field, found in hidden.items()}  # fmt: skip
    problems = {}
    if not name.strip() or len(name.strip()) > 120:
        problems["name"] = _("a name of 1 to %(maximum)s characters is required", maximum=120)
    try:
        normalise_country(country)
    except ValueError as exc:
        problems["country"] = exc.args[0].in_language(_)  # an lms.i18n.Message
    if course_slug not in courses:
        problems["course"] = _("'%(course)s' is not a course here; choose one of %(courses)s", course=course_slug,
                               courses=", ".join(sorted(courses)))  # fmt: skip
    if starts and ends and ends < starts:
        problems["ends"] = _("the end date is before the start date")
    if len(location) > 120:
        problems["location"] = _("the location may have at most %(maximum)s characters", maximum=120)
    return problems


def create_cohort(*, name: str, country: str, course_slug: str, starts: date | None = None, ends: date | None = None,
                  location: str = "", coordinator: User | None = None, locale: str | None = None,
                  timezone: str | None = None) -> Cohort:  # fmt: skip
    cohort = Cohort(name=name.strip(), country=normalise_country(country), course_slug=course_slug, starts_on=starts,
                    ends_on=ends, location=location.strip(), locale=locale, timezone=timezone)  # fmt: skip
    db.session.add(cohort)
    db.session.flush()
    if coordinator is not None and coordinator.role == Role.COORDINATOR:
        db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=coordinator.id))
    audit.record("cohort.create", target=f"cohort:{cohort.id}", name=cohort.name)
    return cohort


def coordinators_of(cohort: Cohort) -> list[User]:
    return list(db.session.scalars(select(User).join(CohortCoordinator, CohortCoordinator.user_id == User.id)
                                   .where(CohortCoordinator.cohort_id == cohort.id).order_by(User.sort_name)))  # fmt: skip


def set_coordinator(cohort: Cohort, user: User, assigned: bool) -> None:
    if user.role != Role.COORDINATOR:
        raise ValueError(f"{user.email} is not a coordinator account")
    link = db.session.get(CohortCoordinator, (cohort.id, user.id))
    if assigned and link is None:
        db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=user.id))
    elif not assigned and link is not None:
        db.session.delete(link)
    audit.record("cohort.coordinator", target=f"cohort:{cohort.id}", user=user.id, assigned=assigned)


def is_member(cohort: Cohort, user_id: int) -> bool:
    return db.session.get(CohortMember, (cohort.id, user_id)) is not None


def enrol(cohort: Cohort, user: User) -> bool:
    if is_member(cohort, user.id):
        return False
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id, enrolled_at=clock.now()))
    return True


def move(user: User, source: Cohort, target: Cohort) -> None:
    """Move an officer from `source` to `target` (an admin's action), as one audited change."""
    member = db.session.get(CohortMember, (source.id, user.id))
    if member is not None:
        db.session.delete(member)
    enrol(target, user)
    detail: _MoveDetail = {"from": source.id, "to": target.id}
    audit.record("cohort.move", target=f"user:{user.id}", user=user.id, **detail)


def remove(cohort: Cohort, user_id: int) -> bool:
    """Take an officer out of a cohort; their training records stay (they belong to the officer)."""
    member = db.session.get(CohortMember, (cohort.id, user_id))
    if member is None:
        return False
    db.session.delete(member)
    audit.record("cohort.remove_member", target=f"cohort:{cohort.id}", user=user_id)
    return True


@dataclass
class ImportResult:
    created: list[User] = field(default_factory=list)
    enrolled: list[User] = field(default_factory=list)
    unchanged: list[User] = field(default_factory=list)
    invited: list[User] = field(default_factory=list)  # new officers whose invitation was queued


# One message for a staff account and an officer out of the actor's reach. It has to admit that
# the address is taken (e-mails are unique, so no new account can be made for it), but it never
# says whose it is, its role or its cohorts (security.md H1).
def row_refused() -> str:
    return _("email: this e-mail cannot be enrolled by your import; ask an admin to add this officer")


def resolve_import(
    rows: list[OfficerRow], default: Cohort | None, allowed: list[Cohort], *, actor
) -> tuple[dict[int, Cohort], list[RowProblem]]:
    """The cohort of each row (its cohort column, or `default`), checked against what `actor` may reach.

    `actor` is the signed-in user, or None for the command line (an admin's reach). A refusal is
    audited here; the caller commits it even though nothing is imported.
    """
    by_id = {str(c.id): c for c in allowed}
    by_name = {c.name: c for c in allowed}
    targets, problems = {}, []
    for row in rows:
        cohort = default if row.cohort is None else by_id.get(row.cohort) or by_name.get(row.cohort)
        if cohort is None:
            problems.append(
                RowProblem(
                    row.line,
                    _("cohort: '%(cohort)s' is not a cohort you coordinate", cohort=row.cohort)
                    if row.cohort
                    else _("cohort: no cohort given"),
                )
            )
        elif cohort.is_closed:
            problems.append(RowProblem(row.line, _("cohort: '%(cohort)s' is closed", cohort=cohort.name)))
        else:
            targets[row.line] = cohort
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_([r.email for r in rows])))}
    refused = enrol_refusals(actor, list(existing.values()))
    reasons = {}
    for row in rows:
        user = existing.get(row.email)
        if user is not None and user.id in refused:
            problems.append(RowProblem(row.line, row_refused()))
            reasons[row.line] = (user.id, refused[user.id])
    if problems:
        audit.record("officers.import", target=",".join(sorted({f"cohort:{c.id}" for c in targets.values()})),
                     outcome="refused", rows=len(rows), refused_lines=sorted({p.line for p in problems}),
                     refused_users={line: {"user": uid, "reason": why} for line, (uid, why) in reasons.items()})  # fmt: skip
    return targets, problems


def import_officers(rows: list[OfficerRow], targets: dict[int, Cohort], *, invite: bool = False) -> ImportResult:
    """Create new officers (with a set-password link) and enrol everyone; existing ones are never duplicated.

    With `invite`, each new officer's link is also mailed, in this same transaction.
    """
    outcome = ImportResult()
    existing = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_([r.email for r in rows])))}
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            # A new officer starts in the cohort's language and zone (their invitation too); an
            # existing account keeps what its owner chose.
            user = User(email=row.email, name=row.name, agency=row.agency, country=row.country, role=Role.OFFICER,
                        locale=targets[row.line].locale, timezone=targets[row.line].timezone)  # fmt: skip
            db.session.add(user)
            db.session.flush()
            link = links.create(user, cohort=targets[row.line])
            outcome.created.append(user)
            if invite:
                queue_invitation(user, link, targets[row.line])
                outcome.invited.append(user)
        if enrol(targets[row.line], user):
            if user not in outcome.created:
                outcome.enrolled.append(user)
        elif user not in outcome.created:
            outcome.unchanged.append(user)
    cohorts = sorted({c.id for c in targets.values()})
    audit.record("officers.import", target=",".join(f"cohort:{c}" for c in cohorts), rows=len(rows),
                 created=len(outcome.created), enrolled=len(outcome.enrolled), unchanged=len(outcome.unchanged),
                 invited=len(outcome.invited))  # fmt: skip
    return outcome


def open_attempts(user_id: int, course_slug: str) -> list[Attempt]:
    return list(db.session.scalars(select(Attempt).where(Attempt.user_id == user_id, Attempt.course_slug == course_slug,
                                                         Attempt.state == AttemptState.IN_PROGRESS)))  # fmt: skip


__all__ = ["AccountError"]
