"""The four roles and what each may reach."""

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    INSTRUCTOR = "instructor"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


def allows(role: Role | str, *required: Role | str) -> bool:
    """An admin may do everything; any other role only what names it."""
    return role == Role.ADMIN or role in required
