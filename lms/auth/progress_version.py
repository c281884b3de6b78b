"""Each person's progress version: bumped in the transaction of every change to their course
state, read with their row. lms/progress/cache.py files cached course results under it."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ..extensions import db
from .models import User

BUMPED = "progress_bumped"  # Session.info: the people bumped in the transaction under way


def bump(user_id: int) -> None:
    """The person's course state changes in this transaction: a new version with it, in SQL, so
    that two changes at once get two versions, and on the row this session holds, if any."""
    statement = (
        update(User).where(User.id == user_id).values(progress_version=User.progress_version + 1)
        .returning(User.progress_version).execution_options(synchronize_session=False)
    )  # fmt: skip
    new = db.session.execute(statement).scalar_one_or_none()
    db.session.info.setdefault(BUMPED, set()).add(user_id)
    loaded = db.session.identity_map.get(identity_key(User, user_id))
    if loaded is not None and new is not None:
        set_committed_value(loaded, "progress_version", new)
