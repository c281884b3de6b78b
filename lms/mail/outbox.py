"""Queue mail with its cause, deliver it later, never lose it (security.md H14).

- `queue()` adds a row to the caller's transaction and commits nothing: the message exists if
  and only if the event that causes it (an import, a reset request, a certificate) is committed.
- `deliver_due()` claims due rows and hands them to the transport, outside any transaction.
  Claiming is one short transaction that moves rows to "sending" with a lease: on PostgreSQL
  `FOR UPDATE SKIP LOCKED`, so two senders on two nodes never take the same row; on SQLite the
  write lock (`BEGIN IMMEDIATE`), one writer at a time. A sender killed after the server
  accepted a message but before marking it sent leaves it "sending"; when the lease ends another
  sender sends it again with the same Message-ID. So a crash costs at most a duplicate that mail
  clients recognise, never a loss.
- A temporary failure puts the row back in the queue with its error and the next try later
  (1, 2, 4 ... minutes, at most 6 hours apart); a permanent one (SMTP 5xx) or the last of
  MAX_TRIES marks it failed. Failed mail stays listed for the admin.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask, current_app, g, render_template
from flask_babel import force_locale
from sqlalchemy import or_, select

from .. import clock
from ..extensions import db
from . import compose, transport
from .models import MailState, OutboxMessage

log = logging.getLogger("lms.mail")

MAX_TRIES = 12  # 1 + 2 + 4 + ... minutes, capped at 6 hours: about a day and a half of tries
LONGEST_WAIT = timedelta(hours=6)
BATCH = 20


class MailNotConfigured(RuntimeError):
    """Production without LMS_MAIL_URL: mail waits in the outbox until a server is set."""


def queue(*, kind: str, to: str, to_name: str, subject: str, text: str, html: str, user_id: int | None = None,
          secret: bool = False) -> OutboxMessage:  # fmt: skip
    """Add a message to the current transaction (no commit); the request then wakes a sender."""
    compose.address(to, to_name)  # a malformed address is the caller's bug: refuse it here, not at sending
    row = OutboxMessage(
        message_id=compose.new_message_id(current_app.config["MAIL_FROM"]), kind=kind, user_id=user_id,
        to_address=to, to_name=compose.clean_name(to_name), subject=compose.clean_name(subject)[:250],
        text_body=text, html_body=html, secret=secret, next_try_at=clock.now(),
    )  # fmt: skip
    db.session.add(row)
    g.lms_mail_queued = True
    return row


def queue_template(template: str, *, kind: str, to: str, to_name: str, subject: str, user_id: int | None = None,
                   locale: str | None = None, secret: bool = False, **context) -> OutboxMessage:  # fmt: skip
    """Render `templates/mail/<template>.txt` and `.html` with `context`, then queue them.

    Mail is written in the recipient's language (`locale`, their saved one; the deployment's
    default when they have none), not in the language of whoever caused it: a coordinator reading
    English imports officers who are invited in Portuguese. Pass `subject` as a lazy string
    (`lazy_gettext`) so that it is translated here too.
    """
    with force_locale(locale or current_app.config["DEFAULT_LOCALE"]):
        subject = str(subject)
        context |= {"subject": subject, "to_name": to_name}
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    return queue(kind=kind, to=to, to_name=to_name, subject=subject, text=text, html=html, user_id=user_id,
                 secret=secret)  # fmt: skip


@dataclass
class Delivery:
    """What one run of the sender did."""

    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Claimed:
    """A message taken by this sender, copied out of its row."""

    id: int
    kind: str
    to_address: str
    to_name: str
    subject: str
    text_body: str
    html_body: str
    message_id: str
    created_at: datetime


def _claim(limit: int) -> list[Claimed]:
    """Take up to `limit` due messages for this sender (state "sending", a lease, one more try),
    in one short transaction, and copy them out, so no transaction stays open (on SQLite: no
    write lock is held) while the SMTP server is talking."""
    now, lease = clock.now(), timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    due = or_(
        (OutboxMessage.state == MailState.QUEUED.value) & (OutboxMessage.next_try_at <= now),
        (OutboxMessage.state == MailState.SENDING.value) & (OutboxMessage.lease_until < now),
    )
    query = select(OutboxMessage).where(due).order_by(OutboxMessage.next_try_at, OutboxMessage.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # another sender's rows are skipped, not waited for
    try:  # outside a request (the command, the thread after a request) SQLite begins IMMEDIATE
        rows = list(db.session.scalars(query))
        claimed = [Claimed(r.id, r.kind, r.to_address, r.to_name, r.subject, r.text_body, r.html_body, r.message_id,
                           r.created_at) for r in rows]  # fmt: skip
        for row in rows:
            row.state, row.lease_until, row.tries = MailState.SENDING.value, now + lease, row.tries + 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return claimed


def _settings() -> tuple[transport.SmtpServer | None, Path]:
    cfg = current_app.config
    if cfg["MAIL_URL"]:
        return transport.parse_url(cfg["MAIL_URL"], cfg["MAIL_TIMEOUT_SECONDS"]), Path()
    if cfg["ENV"] == "production":
        raise MailNotConfigured("LMS_MAIL_URL is not set: mail stays in the outbox until it is")
    return None, Path(cfg["MAIL_FILE_DIR"] or Path(current_app.instance_path) / "mail")


def _message_of(row: Claimed):
    cfg = current_app.config
    return compose.build(sender=cfg["MAIL_FROM"], sender_name=cfg["MAIL_FROM_NAME"], to=row.to_address,
                         to_name=row.to_name, subject=row.subject, text=row.text_body, html=row.html_body,
                         message_id=row.message_id, created_at=row.created_at)  # fmt: skip


def _finish(row_id: int, error: transport.DeliveryError | None) -> str:
    """Record one delivery's outcome in its own transaction; returns the new state."""
    row = db.session.get(OutboxMessage, row_id)
    assert row is not None  # outbox rows are never deleted
    now = clock.now()
    if error is None:
        row.state, row.sent_at, row.lease_until, row.last_error = MailState.SENT.value, now, None, ""
        if row.secret:  # the link now lives in the recipient's mailbox only, not in database backups
            row.text_body = row.html_body = ""
    elif error.permanent or row.tries >= MAX_TRIES:
        row.state, row.lease_until, row.last_error = MailState.FAILED.value, None, str(error)[:500]
    else:
        wait = min(timedelta(minutes=2 ** (row.tries - 1)), LONGEST_WAIT)
        row.state, row.lease_until, row.last_error = MailState.QUEUED.value, None, str(error)[:500]
        row.next_try_at = now + wait
    state = row.state
    db.session.commit()
    return state


def deliver_due(limit: int = BATCH) -> Delivery:
    """Send every due message, `limit` at a time, until none is due; in an app context.

    One SMTP session serves a batch. When the server cannot be reached, the rest of the batch is
    put back at once with the same error (each would wait out the timeout in turn) and the run
    stops; the other due messages stay queued for the next run.
    """
    server, folder = _settings()
    done = Delivery()
    unreachable: transport.DeliveryError | None = None
    while unreachable is None and (rows := _claim(limit)):
        with contextlib.ExitStack() as stack:
            session = stack.enter_context(transport.SmtpSession(server)) if server is not None else None
            for row in rows:
                error = unreachable
                if error is None:
                    try:
                        message = _message_of(row)
                        if session is None:
                            transport.write_file(folder, message, f"{row.created_at:%Y%m%d-%H%M%S}-{row.id}")
                        else:
                            session.send(message, current_app.config["MAIL_FROM"], row.to_address)
                    except transport.DeliveryError as exc:
                        error, unreachable = exc, (exc if exc.unreachable else None)
                        log.warning("mail %s (%s) not delivered: %s", row.id, row.kind, exc)
                state = _finish(row.id, error)
                {"sent": done.sent, "queued": done.retried, "failed": done.failed}[state].append(row.id)
    return done


def wake_sender(app: Flask) -> None:
    """After a request that queued mail: deliver in a thread, so the response does not wait for SMTP.

    Best effort: whatever this misses, `flask lms send-mail` (run by cron or as a worker) sends.
    """
    if not app.config["MAIL_SEND_AFTER_REQUEST"]:
        return

    def run() -> None:
        with app.app_context():
            try:
                deliver_due()
            except MailNotConfigured:
                pass
            except Exception:  # never let a background delivery crash anything; the worker retries
                log.exception("sending mail after a request failed")
            finally:
                db.session.remove()

    threading.Thread(target=run, name="lms-mail", daemon=True).start()


def init_app(app: Flask) -> None:
    """Wake a sender after each request that queued mail (the request's transaction is committed by then)."""

    @app.after_request
    def send_queued_mail(response):
        if g.pop("lms_mail_queued", False):
            wake_sender(app)
        return response

    if app.config["ENV"] == "production" and not app.config["MAIL_URL"]:
        log.warning("LMS_MAIL_URL is not set: mail is kept in the outbox and not sent")
