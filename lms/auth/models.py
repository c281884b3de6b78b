"""User accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, validates

from .. import clock
from ..extensions import Model
from ..text import sort_key
from .roles import Role, allows

SORT_NAME_LENGTH = 255  # a decomposed name can be longer than the name; beyond this, order is approximate


def _sort_name_of_inserted(context) -> str:
    """The sort key of a row inserted without the ORM (bulk inserts, the benchmark's seeding)."""
    return sort_key(context.get_current_parameters()["name"])[:SORT_NAME_LENGTH]


class User(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(120))
    # The name as lists sort it ("Léa" before "Lucas" on SQLite and PostgreSQL alike); kept in
    # step with `name` by the validator below, indexed for ordering a cohort or the users list.
    sort_name: Mapped[str] = mapped_column(
        String(SORT_NAME_LENGTH), default=_sort_name_of_inserted, server_default="", index=True
    )
    agency: Mapped[str] = mapped_column(String(160), default="")
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    role: Mapped[str] = mapped_column(String(20), default=Role.OFFICER.value)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Bumped by logout, password change and deactivation: cookies carrying an older value
    # stop working (shared/security.md A4, A5).
    session_version: Mapped[int] = mapped_column(default=1)
    # Bumped in the same transaction as every change to the person's course state (a module read,
    # an attempt graded or reset, a grant, a certificate revoked): the key of the state cached in
    # each worker (lms/progress/cache.py).
    progress_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    last_login_at: Mapped[datetime | None]
    # Optional mail, each turned off on the profile page. Invitations and recovery links are not
    # optional: they are how an officer gets in.
    mail_certificate: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_essay_marked: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_digest: Mapped[bool] = mapped_column(default=True, server_default=true())  # coordinators' weekly digest
    # Chosen on the profile page; None follows the browser (language) or the deployment (time zone).
    locale: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str | None] = mapped_column(String(64))  # an IANA name, e.g. Europe/Berlin

    @validates("name")
    def _keep_sort_name(self, _key: str, name: str) -> str:
        self.sort_name = sort_key(name)[:SORT_NAME_LENGTH]
        return name

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role | str) -> bool:
        return allows(self.role, *roles)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class SetPasswordLink(Model):
    """A one-time link for an officer without a password (bulk import; no e-mail needed).

    The token is an HMAC of the row's id and nonce under the app's secret key, so it can be
    shown again to the coordinator while unused, and a copy of the database alone reveals none.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # The cohort whose import created the account; only its coordinators (and admins) are shown
    # the link (security.md H1). None for links made on the command line without a cohort.
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class LoginFailure(Model):
    """One failed login, counted under a hashed key (account+address, or address)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(48), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.column_default, index=True)


class PasswordReset(Model):
    """A password-recovery link sent by e-mail (security.md H13).

    Only the SHA-256 of its random token is stored, so a copy of the database (or of its backups)
    opens nothing. It works once, for PASSWORD_RESET_MINUTES, and a newer request or a completed
    reset voids the officer's other links.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
