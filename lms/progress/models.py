"""Learner facts about modules. Aggregates are derived from these, never stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db


class ModuleRead(db.Model):
    """An officer marked a module as read; at most once per officer and module."""

    __table_args__ = (UniqueConstraint("user_id", "course_slug", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    course_slug: Mapped[str] = mapped_column(String(100))
    module_slug: Mapped[str] = mapped_column(String(100))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
