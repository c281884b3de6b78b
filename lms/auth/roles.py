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


# Where each role lands after signing in (and at "/"): its own workspace.
HOME_ENDPOINT: dict[str, str] = {
    Role.OFFICER: "progress.dashboard",
    Role.INSTRUCTOR: "authoring.index",
    Role.COORDINATOR: "cohorts.index",
    Role.ADMIN: "admin.users",
}


def home_endpoint(role: Role | str) -> str:
    return HOME_ENDPOINT.get(role, "progress.dashboard")  # a StrEnum key matches its plain string
