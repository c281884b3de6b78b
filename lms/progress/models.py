"""Learner facts: modules read and certificates earned. Aggregates are derived, never stored."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock
from ..extensions import Model


class ModuleRead(Model):
    """An officer marked a module as read; at most once per officer and module."""

    __table_args__ = (UniqueConstraint("user_id", "course_slug", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_slug: Mapped[str] = mapped_column(String(100))
    module_slug: Mapped[str] = mapped_column(String(100))
    read_at: Mapped[datetime] = mapped_column(default=clock.column_default)


class Certificate(Model):
    """Issued once per officer and course when the course is complete; revoked, never deleted."""

    __table_args__ = (UniqueConstraint("user_id", "course_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_slug: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    grade: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    issued_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(String(300), default="")

    @hybrid_property
    def stands(self) -> bool:
        """The one definition of a course completed: a certificate that is not revoked."""
        return self.revoked_at is None

    @stands.inplace.expression
    @classmethod
    def _stands_expression(cls) -> ColumnElement[bool]:
        return cls.revoked_at.is_(None)
