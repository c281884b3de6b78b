"""`flask lms send-mail`: deliver the outbox once (cron) or keep delivering (--loop, a worker)."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from ..extensions import db
from . import outbox


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="keep running, checking the outbox every --interval seconds")
@click.option("--interval", type=click.IntRange(1, 3600), default=15, show_default=True)
@with_appcontext
def send_mail_command(loop: bool, interval: int) -> None:
    """Send queued mail; failed tries wait and are retried, so running several senders is safe."""
    while True:
        try:
            done = outbox.deliver_due()
        except outbox.MailNotConfigured as exc:
            click.echo(f"Error: {exc}.", err=True)
            raise SystemExit(1) from None
        finally:
            db.session.remove()
        if done.sent or done.retried or done.failed or not loop:
            click.echo(f"Sent {len(done.sent)}, to retry {len(done.retried)}, failed {len(done.failed)}.")
        if not loop:
            return
        time.sleep(interval)
