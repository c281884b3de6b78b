"""Password recovery by e-mail (security.md H13), with a real SMTP server reading what is sent."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.auth.models import PasswordReset
from lms.extensions import db
from lms.mail import outbox
from tests.conftest import PASSWORD, csrf_token, send

NEW_PASSWORD = "harbour-lantern-violet-93"
SENT = "a message with a link to set a new password is on its way"


def ask(client, email: str):
    token = csrf_token(client, "/auth/forgot")
    return client.post("/auth/forgot", data={"csrf_token": token, "email": email})


def link_in(mail, email: str) -> str:
    [received] = mail.inbox.to(email)
    text = received.part("plain")
    found = re.search(r"https?://\S+/auth/reset/\S+", text)
    assert found, text
    assert found.group(0) in received.part("html")  # the same link in both parts
    return found.group(0)


def reset(client, path: str, password: str = NEW_PASSWORD):
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "new_password": password, "confirm": password})


def test_an_officer_gets_back_in_through_the_mailed_link(app, client, make_user, mail, login):
    officer = make_user(email="lea@pn.example", name="Léa Dubois")
    other_device = app.test_client()
    login(officer, target=other_device)
    assert other_device.get("/progress/").status_code == 200

    response = ask(client, "  LEA@pn.example ")  # the test client names Host "localhost"
    assert response.status_code == 200 and SENT in response.get_data(as_text=True)
    send(app)
    link = link_in(mail, "lea@pn.example")
    assert link.startswith("https://letp.test/auth/reset/")  # the public address, never "localhost" (H12)
    [received] = mail.inbox.received
    assert received.message["Subject"] == "Set a new LETP password" and "Léa Dubois" in str(received.message["To"])
    assert "<img" not in received.part("html")  # no images, no tracking pixels

    path = link.removeprefix("https://letp.test")
    assert "Léa" in client.get(path).get_data(as_text=True) or "lea@pn.example" in client.get(path).get_data(
        as_text=True
    )
    done = reset(client, path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    assert 'value="lea@pn.example"' in client.get("/auth/login").get_data(as_text=True)  # e-mail filled in
    assert other_device.get("/progress/").status_code == 302  # every other session ended
    assert client.get(path).status_code == 404  # once only
    signed_in = client.post("/auth/login", data={"csrf_token": csrf_token(client), "email": "lea@pn.example",
                                                 "password": NEW_PASSWORD})  # fmt: skip
    assert signed_in.status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("password.%"))
                                     .order_by(AuditEvent.id)).all()  # fmt: skip
        assert actions == ["password.reset_request", "password.reset"]


def test_the_answer_is_the_same_for_an_unknown_or_inactive_account(app, client, make_user, mail):
    from lms.auth.models import User

    gone = make_user(email="gone@pn.example")
    with app.app_context():
        db.session.get(User, gone.id).active = False
        db.session.commit()
    pages = [ask(client, email).get_data(as_text=True) for email in ("nobody@pn.example", "gone@pn.example")]
    known = make_user(email="here@pn.example")
    pages.append(ask(client, known.email).get_data(as_text=True))

    def without_email(page: str) -> str:
        page = re.sub(r"[a-z]+@pn\.example", "E", page)
        return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", page)

    assert len({without_email(page) for page in pages}) == 1
    send(app)
    assert [r.recipients for r in mail.inbox.received] == [["here@pn.example"]]


def test_the_database_holds_no_usable_token(app, client, make_user, mail):
    make_user(email="ana@pf.example")
    ask(client, "ana@pf.example")
    send(app)
    token = link_in(mail, "ana@pf.example").rpartition("/")[2]
    with app.app_context():
        stored = db.session.scalar(select(PasswordReset))
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored.token_hash
        [row] = db.session.scalars(select(outbox.OutboxMessage)).all()
        assert token not in row.text_body + row.html_body  # sent: the copy in the outbox is gone


def test_a_link_expires_after_an_hour_and_a_newer_one_replaces_it(app, client, make_user, mail, clock):
    make_user(email="ana@pf.example")
    ask(client, "ana@pf.example")
    ask(client, "ana@pf.example")
    send(app)
    first, second = (r.part("plain") for r in mail.inbox.to("ana@pf.example"))
    older = re.search(r"/auth/reset/\S+", first).group(0)
    newer = re.search(r"/auth/reset/\S+", second).group(0)
    assert client.get(older).status_code == 404  # replaced by the newer request
    page = client.get(older).get_data(as_text=True)
    assert "replaced by a newer one" in page and "/auth/forgot" in page
    clock.advance(minutes=61)
    assert client.get(newer).status_code == 404


def test_a_weak_password_is_refused_and_the_link_still_works(app, client, make_user, mail):
    make_user(email="ana@pf.example")
    ask(client, "ana@pf.example")
    send(app)
    path = link_in(mail, "ana@pf.example").removeprefix("https://letp.test")
    refused = reset(client, path, password="short")
    assert refused.status_code == 200 and "12 characters" in refused.get_data(as_text=True)
    assert reset(client, path).status_code == 302


def test_requests_are_throttled_per_email_and_per_address(app, client, make_user, mail):
    make_user(email="ana@pf.example")
    for _ in range(app.config["RESET_MAX_PER_ACCOUNT"]):
        assert ask(client, "ana@pf.example").status_code == 200
    refused = ask(client, "ana@pf.example")
    assert refused.status_code == 429 and "Too many requests" in refused.get_data(as_text=True)
    assert ask(client, "nobody@pf.example").status_code == 200  # the same limit for an unknown e-mail...
    for _ in range(app.config["RESET_MAX_PER_ACCOUNT"] - 1):
        ask(client, "nobody@pf.example")
    assert ask(client, "nobody@pf.example").status_code == 429  # ...so a refusal tells nothing
    send(app)
    assert len(mail.inbox.to("ana@pf.example")) == app.config["RESET_MAX_PER_ACCOUNT"]


def test_a_refusing_mail_server_never_fails_the_request(app, client, make_user, smtp_server):
    smtp_server.stop()
    app.config.update(MAIL_URL=smtp_server.url)
    make_user(email="ana@pf.example")
    assert ask(client, "ana@pf.example").status_code == 200
    send(app)  # refused: queued again with its error
    with app.app_context():
        [row] = db.session.scalars(select(outbox.OutboxMessage)).all()
        assert row.state == "queued" and row.last_error


def test_the_sign_in_page_offers_recovery(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/forgot"' in page and "Forgot your password?" in page
    assert PASSWORD not in page
