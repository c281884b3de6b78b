"""The admin's mail page: states and errors listed, bodies never shown, failed mail sent again (audited)."""

from __future__ import annotations

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.mail import outbox
from lms.mail.models import MailState, OutboxMessage
from tests.conftest import csrf_token


def test_the_admin_lists_mail_without_bodies_and_sends_a_failed_one_again(app, client, login, make_user,
                                                                          smtp_server):  # fmt: skip
    app.config.update(MAIL_URL=smtp_server.url)
    with app.app_context():
        outbox.queue(kind="password_reset", to="refuse-me@pf.example", to_name="Ana", subject="Set a new LETP password",
                     text="SECRET-LINK-TEXT", html="<p>SECRET-LINK-HTML</p>", secret=True)  # fmt: skip
        outbox.queue(kind="invitation", to="kim@knpa.example", to_name="Kim", subject="Your LETP training",
                     text="INVITE-TEXT", html="INVITE-HTML", secret=True)  # fmt: skip
        db.session.commit()
        outbox.deliver_due()
        failed_id = db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.state == MailState.FAILED))
        db.session.remove()
    login(make_user("admin"))
    page = client.get("/admin/mail/").get_data(as_text=True)
    assert "Failed (1)" in page and "Sent (1)" in page and "550" in page and "Password recovery" in page
    assert "SECRET-LINK" not in page and "INVITE-" not in page
    assert "Send again" in page
    only_failed = client.get("/admin/mail/?state=failed").get_data(as_text=True)
    assert "refuse-me@pf.example" in only_failed and "kim@knpa.example" not in only_failed

    token = csrf_token(client, "/admin/mail/")
    assert client.post(f"/admin/mail/{failed_id}/retry", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        row = db.session.get(OutboxMessage, failed_id)
        assert (row.state, row.tries) == ("queued", 0)
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "mail.retry")) == "mail.retry"
    refused = client.post(f"/admin/mail/{failed_id}/retry", data={"csrf_token": token}, follow_redirects=True)
    assert "Only failed mail can be sent again." in refused.get_data(as_text=True)


def test_a_message_whose_sender_died_shows_as_interrupted(app, client, login, make_user, clock):
    with app.app_context():
        row = outbox.queue(kind="invitation", to="kim@knpa.example", to_name="Kim", subject="S", text="t", html="h")
        row.state, row.lease_until = MailState.SENDING.value, clock.now
        db.session.commit()
    clock.advance(minutes=1)
    login(make_user("admin"))
    assert "Interrupted; will be sent again" in client.get("/admin/mail/").get_data(as_text=True)


def test_only_admins_see_the_mail_page(client, login, make_user):
    login(make_user("coordinator"))
    assert client.get("/admin/mail/").status_code == 404
