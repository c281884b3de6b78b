"""Keeps each membership's copy of its officer's fields, and each cohort's counts, in step with the data.

Whatever adds, removes or moves a member (enrol, move, remove, import) or changes an officer's
name, e-mail, country or agency (the profile page, an admin), does it through the ORM; a
`before_flush` hook sees it in the session and, in the same transaction:

- fills the new membership's copies (`CohortMember.sort_name`, `email`, `country`, `agency`),
  or rewrites the copies of every membership of an officer whose fields change;
- adds the differences to `CohortFacet` (members per country, per agency, and in all) with one
  upsert that adds to the stored numbers, so concurrent transactions never overwrite each other.

On PostgreSQL the officers concerned are locked first (SELECT ... FOR UPDATE, in id order), so an
enrolment and a profile change of the same officer cannot both work from the copies before the
other's. Writes that bypass the ORM (bulk inserts: the benchmarks' seeding) call `rebuild`;
`drift` recomputes everything from scratch and lists what differs (tests, and a repair).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, event, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, attributes

from ..auth.models import User
from .models import CohortFacet, CohortMember

COPIED = ("sort_name", "email", "country", "agency")  # a membership's copies of its officer's fields
COUNTED = ("country", "agency")  # the facets, besides "all"
ALL = ("all", "")

Key = tuple[int, str, str]  # cohort id, kind, value


def install(session_factory) -> None:
    """Watch every flush of `session_factory`'s sessions (once, however many apps are made)."""
    if not event.contains(session_factory, "before_flush", _before_flush):
        event.listen(session_factory, "before_flush", _before_flush)


def _changes(user: User) -> dict[str, str]:
    """The copied fields this flush changes on `user` (never loads one that is not loaded)."""
    found = {}
    for name in COPIED:
        history = attributes.get_history(user, name, passive=attributes.PASSIVE_NO_INITIALIZE)
        if history.added and history.has_changes():
            found[name] = history.added[0]
    return found


def _before_flush(session: Session, _context, _instances) -> None:
    added = [m for m in session.new if isinstance(m, CohortMember)]
    removed = [m for m in session.deleted if isinstance(m, CohortMember)]
    edited = {u.id: changes for u in session.dirty
              if isinstance(u, User) and u.id is not None and (changes := _changes(u))}  # fmt: skip
    if not (added or removed or edited):
        return
    connection = session.connection()
    users = sorted({m.user_id for m in added} | {m.user_id for m in removed} | set(edited))
    # The officers' fields as they stand once this flush is written: the row, read under a lock,
    # with this flush's changes over it.
    current = {row.id: {c: getattr(row, c) for c in COPIED} for row in connection.execute(
        select(User.id, *(getattr(User, c) for c in COPIED)).where(User.id.in_(users))
        .order_by(User.id).with_for_update())}  # fmt: skip
    for user_id, changes in edited.items():
        current[user_id].update(changes)
    delta: Counter[Key] = Counter()
    going = {(m.cohort_id, m.user_id) for m in removed}
    touched = set(edited) | {user_id for _cohort, user_id in going}
    stored = connection.execute(
        select(CohortMember.cohort_id, CohortMember.user_id, CohortMember.country, CohortMember.agency)
        .where(CohortMember.user_id.in_(sorted(touched)))
    ).all() if touched else []  # fmt: skip
    for cohort_id, user_id, country, agency in stored:  # the copies are what the counts counted
        counted = {"country": country, "agency": agency}
        if (cohort_id, user_id) in going:
            _count(delta, cohort_id, counted, -1)
        elif user_id in edited:
            _count(delta, cohort_id, counted, -1, with_all=False)
            _count(delta, cohort_id, current[user_id], +1, with_all=False)
    for member in added:
        if (values := current.get(member.user_id)) is None:
            continue  # no such user: the foreign key refuses the row
        for column in COPIED:
            setattr(member, column, values[column])
        _count(delta, member.cohort_id, values, +1)
    if edited:
        copies = update(CohortMember).where(CohortMember.user_id == bindparam("member"))
        connection.execute(
            copies.values({c: bindparam(f"new_{c}") for c in COPIED}),
            [{"member": uid, **{f"new_{c}": current[uid][c] for c in COPIED}} for uid in sorted(edited)],
        )
    _apply(connection, delta)


def _count(delta: Counter[Key], cohort_id: int, values, step: int, *, with_all: bool = True) -> None:
    if with_all:
        delta[(cohort_id, *ALL)] += step
    for kind in COUNTED:
        delta[(cohort_id, kind, values[kind])] += step


def _apply(connection: Connection, delta: Counter[Key]) -> None:
    """Add `delta` to the stored counts: one upsert (keys in order, so concurrent ones lock alike),
    then the rows that fell to zero go, so filter choices list only values someone has."""
    changes = sorted((key, n) for key, n in delta.items() if n)
    if not changes:
        return
    rows = [{"cohort_id": c, "kind": k, "value": v, "members": n} for (c, k, v), n in changes]
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(CohortFacet)
    table = CohortFacet.__table__
    connection.execute(statement.on_conflict_do_update(
        index_elements=[table.c.cohort_id, table.c.kind, table.c.value],
        set_={"members": table.c.members + statement.excluded.members}), rows)  # fmt: skip
    if shrunk := sorted({cohort_id for (cohort_id, _k, _v), n in changes if n < 0}):
        connection.execute(delete(CohortFacet).where(CohortFacet.cohort_id.in_(shrunk), CohortFacet.members <= 0))


# --- from scratch ----------------------------------------------------------------------------------


def _recounted(connection: Connection, cohort_ids: list[int] | None) -> dict[Key, int]:
    """The counts as the users' own fields give them."""
    scope = [CohortMember.cohort_id.in_(cohort_ids)] if cohort_ids is not None else []
    sizes = select(CohortMember.cohort_id, func.count()).where(*scope).group_by(CohortMember.cohort_id)
    counts: dict[Key, int] = {(cohort_id, *ALL): n for cohort_id, n in connection.execute(sizes)}
    for kind in COUNTED:
        column = getattr(User, kind)
        rows = connection.execute(select(CohortMember.cohort_id, column, func.count())
                                  .join(User, User.id == CohortMember.user_id).where(*scope)
                                  .group_by(CohortMember.cohort_id, column))  # fmt: skip
        counts.update({(cohort_id, kind, value): n for cohort_id, value, n in rows})
    return counts


@dataclass(frozen=True)
class Drift:
    """One stored figure that differs from the data: a count, or a membership's copies."""

    what: str
    stored: object
    actual: object


def drift(connection: Connection, cohort_ids: list[int] | None = None) -> list[Drift]:
    """Everything the stored copies and counts get wrong, recomputed from the users and memberships."""
    scope = [CohortFacet.cohort_id.in_(cohort_ids)] if cohort_ids is not None else []
    stored = {(c, k, v): n for c, k, v, n in connection.execute(
        select(CohortFacet.cohort_id, CohortFacet.kind, CohortFacet.value, CohortFacet.members).where(*scope))}  # fmt: skip
    actual = _recounted(connection, cohort_ids)
    found = [Drift(f"cohort {k[0]} {k[1]} {k[2]!r}", stored.get(k, 0), actual.get(k, 0))
             for k in sorted(set(stored) | set(actual)) if stored.get(k, 0) != actual.get(k, 0)]  # fmt: skip
    stale = select(CohortMember.cohort_id, CohortMember.user_id).join(User, User.id == CohortMember.user_id).where(
        or_(*(getattr(CohortMember, c) != getattr(User, c) for c in COPIED)))  # fmt: skip
    if cohort_ids is not None:
        stale = stale.where(CohortMember.cohort_id.in_(cohort_ids))
    found += [
        Drift(f"cohort {c} member {u} copies", "stale", "the user's fields") for c, u in connection.execute(stale)
    ]
    return found


def rebuild(connection: Connection, cohort_ids: list[int] | None = None) -> None:
    """Recompute the copies and counts of `cohort_ids` (every cohort if None) from the data."""
    statement = update(CohortMember).values(
        {c: select(getattr(User, c)).where(User.id == CohortMember.user_id).scalar_subquery() for c in COPIED}
    )
    clear = delete(CohortFacet)
    if cohort_ids is not None:
        statement = statement.where(CohortMember.cohort_id.in_(cohort_ids))
        clear = clear.where(CohortFacet.cohort_id.in_(cohort_ids))
    connection.execute(statement)
    connection.execute(clear)
    rows = [{"cohort_id": c, "kind": k, "value": v, "members": n}
            for (c, k, v), n in sorted(_recounted(connection, cohort_ids).items()) if n]  # fmt: skip
    if rows:
        connection.execute(insert(CohortFacet), rows)
