"""Each person's progress version: bumped in the transaction of every change to their course
state, read with their row. lms/progress/cache.py files cached course results under it."""

from __future__ import annotations

from functools import lru_cache
from typing import cast

import sqlalchemy as sa
from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ..database import incremented
from ..extensions import db
from .models import User

BUMPED = "progress_bumped"  # Session.info: the people bumped in the transaction under way
# The standings stored on the person's memberships (lms.reports.standings) are derived from their
# course state: a bump marks them for computing again. Named, not imported: memberships belong to
# a later layer.
MEMBERSHIPS = sa.table("cohort_member", sa.column("user_id", sa.Integer), sa.column("ranked_version", sa.Integer))


@lru_cache(maxsize=1)
def _unranked():
    return update(MEMBERSHIPS).where(MEMBERSHIPS.c.user_id == bindparam("person")).values(ranked_version=None)


def bump(user_id: int) -> None:
    """The person's course state changes in this transaction: a new version with it, in SQL, so
    that two changes at once get two versions, and on the row this session holds, if any.

    A Core statement on the table, built once: through the ORM it flushed the session first (which
    the commit does anyway) and cost a submit a quarter of its time."""
    connection = db.session.connection()
    counter = incremented(cast(Table, User.__table__), "progress_version")
    new = connection.execute(counter, {"row": user_id}).scalar_one_or_none()
    connection.execute(_unranked(), {"person": user_id})  # after the person's row: the order a refresh locks in
    db.session.info.setdefault(BUMPED, set()).add(user_id)
    loaded = db.session.identity_map.get(identity_key(User, user_id))
    if loaded is not None and new is not None:
        set_committed_value(loaded, "progress_version", new)
