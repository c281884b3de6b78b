"""The outbox: one row per message, written in the same transaction as the event that causes it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .. import clock
from ..extensions import Model


class MailState(StrEnum):
    QUEUED = "queued"  # waiting for its first try, or for its next one after a failure
    SENDING = "sending"  # claimed by a sender until `lease_until`; past it, any sender may retry
    SENT = "sent"  # the SMTP server accepted it
    FAILED = "failed"  # refused for good (a permanent SMTP error) or out of tries: kept, never sent


class OutboxMessage(Model):
    __table_args__ = (Index("ix_outbox_message_due", "state", "next_try_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across retries: a message sent twice (a sender killed after the server accepted it,
    # before it could mark it sent) carries the same Message-ID, so mail clients show it once.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # invitation, password_reset, ...
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(120), default="")
    subject: Mapped[str] = mapped_column(String(250))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # Whether the body holds a link that signs someone in or sets a password: the admin page
    # never shows such a body, and a sent one is emptied (the copy lives in the officer's mailbox).
    secret: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(10), default=MailState.QUEUED.value)
    tries: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.column_default)
    sent_at: Mapped[datetime | None]
