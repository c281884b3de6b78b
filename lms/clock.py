"""The one place LETP reads the time: naive UTC.

Tests move it by patching `now` (the `clock` fixture). Code that must record another moment (the
demo writing a week of history) says so explicitly with `with clock.at(moment):`, which holds for
that block in the current context only (a context variable, so concurrent requests in the same
process keep the real time) and reaches every timestamp written inside it: the services' own,
model column defaults and audit records alike.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_moment: ContextVar[datetime | None] = ContextVar("lms_clock_moment", default=None)


def now() -> datetime:
    moment = _moment.get()
    return moment if moment is not None else datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Within the block, `now()` is `moment` (in this context only)."""
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)


def column_default() -> datetime:
    """For model column defaults: looks `now` up at call time, so a moved clock moves them too."""
    return now()
