"""The one place LETP reads the time: naive UTC. Tests shift or freeze it here."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
