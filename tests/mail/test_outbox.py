"""The outbox against a real SMTP server (security.md H14): nothing lost, nothing sent twice by two
senders, a crash costs at most a duplicate with the same Message-ID. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.mail import outbox
from lms.mail.models import MailState, OutboxMessage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mail_app(app, smtp_server):
    app.config.update(MAIL_URL=smtp_server.url, MAIL_FROM="training@letp.test", MAIL_FROM_NAME="LETP Training")
    return app


def queue_one(app, to: str = "ana@pf.example", name: str = "Ana Silva", subject: str = "Hello") -> tuple[int, str]:
    with app.app_context():
        row = outbox.queue(kind="test", to=to, to_name=name, subject=subject, text="Plain words.",
                           html="<p>Rich <strong>words</strong>.</p>")  # fmt: skip
        db.session.commit()
        return row.id, row.message_id


def deliver(app) -> outbox.Delivery:
    with app.app_context():
        done = outbox.deliver_due()
        db.session.remove()
        return done


def row_of(app, row_id: int) -> OutboxMessage:
    with app.app_context():
        row = db.session.get(OutboxMessage, row_id)
        assert row is not None
        db.session.expunge(row)
        return row


def test_a_message_arrives_with_both_parts_and_its_own_message_id(mail_app, smtp_server):
    row_id, message_id = queue_one(mail_app)
    assert deliver(mail_app).sent == [row_id]
    [got] = smtp_server.inbox.to("ana@pf.example")
    message = got.message
    assert message["Message-ID"] == message_id and message_id.endswith("@letp.test>")
    assert str(message["From"]) == "LETP Training <training@letp.test>" and got.envelope_from == "training@letp.test"
    assert str(message["To"]) == "Ana Silva <ana@pf.example>" and message["Subject"] == "Hello"
    assert message["Auto-Submitted"] == "auto-generated" and message.get_content_type() == "multipart/alternative"
    assert got.part("plain").strip() == "Plain words." and "<strong>words</strong>" in got.part("html")
    row = row_of(mail_app, row_id)
    assert row.state == MailState.SENT and row.sent_at is not None and row.tries == 1
    assert deliver(mail_app).sent == []  # nothing left: a second run sends nothing again


def test_no_message_without_its_cause(mail_app):
    with mail_app.app_context():
        outbox.queue(kind="test", to="ana@pf.example", to_name="Ana", subject="S", text="t", html="h")
        db.session.rollback()  # the event that queued it failed
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_server_that_is_down_keeps_the_message_until_it_is_back(mail_app, smtp_server, clock):
    smtp_server.stop()
    row_id, message_id = queue_one(mail_app)
    assert deliver(mail_app).retried == [row_id]
    row = row_of(mail_app, row_id)
    assert row.state == MailState.QUEUED and "Connection" in row.last_error and row.tries == 1
    assert (row.next_try_at - clock.now).total_seconds() == 60  # back-off: a minute, then 2, 4...
    smtp_server.start()
    assert deliver(mail_app).sent == []  # not due yet
    clock.advance(minutes=1)
    assert deliver(mail_app).sent == [row_id]
    assert [r.message["Message-ID"] for r in smtp_server.inbox.received] == [message_id]  # once


def test_a_permanent_refusal_fails_the_message_and_keeps_it_listed(mail_app, smtp_server):
    row_id, _ = queue_one(mail_app, to="refuse-me@pf.example")
    assert deliver(mail_app).failed == [row_id]
    row = row_of(mail_app, row_id)
    assert row.state == MailState.FAILED and "550" in row.last_error and smtp_server.inbox.received == []


def test_temporary_failures_give_up_after_the_last_try(mail_app, smtp_server, clock):
    smtp_server.stop()
    row_id, _ = queue_one(mail_app)
    for _ in range(outbox.MAX_TRIES - 1):
        assert deliver(mail_app).retried == [row_id]
        clock.advance(hours=6)
    assert deliver(mail_app).failed == [row_id]
    assert row_of(mail_app, row_id).tries == outbox.MAX_TRIES


def test_a_display_name_cannot_add_headers(mail_app, smtp_server):
    queue_one(mail_app, name="Eve\r\nBcc: spy@evil.example", subject="Hi\r\nBcc: spy@evil.example")
    deliver(mail_app)
    [got] = smtp_server.inbox.received
    assert got.recipients == ["ana@pf.example"] and got.message["Bcc"] is None
    assert str(got.message["To"]) == '"Eve Bcc: spy@evil.example" <ana@pf.example>'  # one odd name, one header
    assert got.message["Subject"] == "Hi Bcc: spy@evil.example"


def test_two_senders_at_once_deliver_each_message_exactly_once(mail_app, smtp_server):
    ids = [queue_one(mail_app, to=f"officer{i}@pf.example")[0] for i in range(30)]
    results: list[outbox.Delivery] = []

    def sender() -> None:
        with mail_app.app_context():
            results.append(outbox.deliver_due(limit=3))
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    sent = sorted(results[0].sent + results[1].sent)
    assert sent == ids
    message_ids = [r.message["Message-ID"] for r in smtp_server.inbox.received]
    assert len(message_ids) == 30 == len(set(message_ids))


def test_a_sender_killed_after_the_server_accepted_costs_at_most_a_duplicate(mail_app, smtp_server, database_url):
    """`kill -9` of `flask lms send-mail` while the server accepts: the message is sent again
    with the same Message-ID by the next sender; it is never lost."""
    row_id, message_id = queue_one(mail_app)
    env = os.environ | {"LMS_ENV": "testing", "LMS_DATABASE_URL": database_url, "LMS_MAIL_URL": smtp_server.url,
                        "LMS_MAIL_FROM": "training@letp.test", "LMS_MAIL_LEASE_SECONDS": "0",
                        "LMS_COURSES_DIR": mail_app.config["COURSES_DIR"],
                        "LMS_QUIZZES_DIR": mail_app.config["QUIZZES_DIR"]}  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "lms", "send-mail"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    smtp_server.inbox.on_message = lambda _received: os.kill(process.pid, signal.SIGKILL)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, output.decode(errors="replace")
    smtp_server.inbox.on_message = None
    assert row_of(mail_app, row_id).state == MailState.SENDING  # accepted, never marked sent
    time.sleep(0.01)  # the dead sender's lease (0 s here) is behind us
    assert deliver(mail_app).sent == [row_id]
    assert [r.message["Message-ID"] for r in smtp_server.inbox.received] == [message_id, message_id]
    assert row_of(mail_app, row_id).state == MailState.SENT


def test_secret_bodies_are_emptied_once_sent(mail_app, smtp_server):
    with mail_app.app_context():
        row = outbox.queue(kind="password_reset", to="ana@pf.example", to_name="Ana", subject="Link",
                           text="https://letp.test/auth/reset/abc", html="<a href=x>x</a>", secret=True)  # fmt: skip
        db.session.commit()
        row_id = row.id
    deliver(mail_app)
    assert "reset/abc" in smtp_server.inbox.received[0].part("plain")
    row = row_of(mail_app, row_id)
    assert row.text_body == row.html_body == ""  # the link lives in the mailbox, not in database backups


def test_production_without_a_server_keeps_mail_queued(app, runner):
    row_id, _ = queue_one(app)
    app.config.update(ENV="production", MAIL_URL="")
    result = runner.invoke(args=["lms", "send-mail"])
    assert result.exit_code == 1 and "LMS_MAIL_URL is not set" in result.output
    assert row_of(app, row_id).state == MailState.QUEUED


def test_development_writes_eml_files(app, tmp_path):
    app.config.update(MAIL_URL="", MAIL_FILE_DIR=str(tmp_path))
    row_id, message_id = queue_one(app)
    assert deliver(app).sent == [row_id]
    [path] = tmp_path.glob("*.eml")
    assert message_id.encode() in path.read_bytes()


def test_the_worker_keeps_sending_what_arrives(mail_app, smtp_server, database_url):
    """`flask lms send-mail --loop`: a message queued while the worker runs is delivered by it.

    The worker's output is read line by line as it comes (unbuffered), and the worker is stopped
    only once it has reported the delivery: the server receives a message a moment before the
    worker records it as sent and says so.
    """
    env = os.environ | {"LMS_ENV": "testing", "LMS_DATABASE_URL": database_url, "LMS_MAIL_URL": smtp_server.url,
                        "LMS_COURSES_DIR": mail_app.config["COURSES_DIR"], "PYTHONUNBUFFERED": "1",
                        "LMS_QUIZZES_DIR": mail_app.config["QUIZZES_DIR"]}  # fmt: skip
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "lms", "send-mail", "--loop",
                               "--interval", "1"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(worker.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        _row_id, message_id = queue_one(mail_app)
        deadline = time.monotonic() + 30
        while not any("Sent 1," in line for line in lines) and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        reader.join(timeout=10)
        worker.stdout.close()
    assert [r.message["Message-ID"] for r in smtp_server.inbox.received] == [message_id], "".join(lines)
    assert any("Sent 1, to retry 0, failed 0." in line for line in lines), "".join(lines)


def test_one_refused_recipient_does_not_spoil_the_rest_of_the_batch(mail_app, smtp_server):
    ok_first = queue_one(mail_app, to="ana@pf.example")[0]
    refused = queue_one(mail_app, to="refuse-me@pf.example")[0]
    ok_after = queue_one(mail_app, to="kim@knpa.example")[0]
    done = deliver(mail_app)
    assert done.sent == [ok_first, ok_after] and done.failed == [refused]
    assert sorted(r.recipients[0] for r in smtp_server.inbox.received) == ["ana@pf.example", "kim@knpa.example"]


def test_an_unreachable_server_puts_the_whole_batch_back_at_once(mail_app, smtp_server):
    smtp_server.stop()
    ids = [queue_one(mail_app, to=f"o{i}@pf.example")[0] for i in range(3)]
    assert deliver(mail_app).retried == ids
    errors = {row_of(mail_app, row_id).last_error for row_id in ids}
    assert len(errors) == 1 and "Connection" in errors.pop()  # one try at the server, the same error for all
