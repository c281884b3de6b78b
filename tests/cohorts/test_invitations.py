"""Issue 16: invitations mailed with an import, and a coordinator's "send a new link", read back from
a real SMTP server; every older set-password link dies once the officer has a password."""

from __future__ import annotations

import re

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.extensions import db
from lms.mail.models import OutboxMessage
from tests.cohorts.conftest import csv_file
from tests.cohorts.test_import import GOOD
from tests.conftest import csrf_token, send

NEW_PASSWORD = "copper-willow-sunrise-71"


def import_csv(client, cohort_id: int, text: str, invite: bool):
    token = csrf_token(client, f"/cohorts/{cohort_id}/import")
    data = {"csrf_token": token, "file": csv_file(text)} | ({"send_invitations": "y"} if invite else {})
    return client.post(f"/cohorts/{cohort_id}/import", data=data, content_type="multipart/form-data")


def set_password(client, path: str):
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


def test_an_import_mails_each_new_officer_their_own_link(app, client, login, make_user, make_cohort, mail):
    coordinator = make_user("coordinator")
    cohort = make_cohort(name="Brasília 2027", coordinators=[coordinator])
    login(coordinator)
    page = client.get(f"/cohorts/{cohort}/import").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*name="send_invitations"[^>]*>', page).group(0)
    assert "checked" in checkbox  # ticked unless the coordinator unticks it
    result = import_csv(client, cohort, GOOD, invite=True).get_data(as_text=True)
    assert "Invitations with their links are on their way to 2 new officers" in result
    shown = set(re.findall(r"https://letp\.test/auth/set-password/[\w.-]+", result))
    send(app)
    ana = mail.inbox.to("ana@pf.example")[0]
    link = re.search(r"https://letp\.test/auth/set-password/[\w.-]+", ana.part("plain")).group(0)
    assert link in shown and link in ana.part("html")  # the same link as on the page and the sheet
    assert "Brasília 2027" in ana.part("plain") and ana.message["Subject"] == "Your LETP training: set your password"
    assert len(mail.inbox.received) == 2
    assert set_password(app.test_client(), link.removeprefix("https://letp.test")).status_code == 302


def test_unticked_the_import_mails_nothing(app, client, login, make_user, make_cohort, mail):
    coordinator = make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    assert "No invitations were e-mailed" in import_csv(client, cohort, GOOD, invite=False).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_coordinator_sends_a_new_invitation_or_a_recovery_link(app, client, login, make_user, make_cohort, mail):
    coordinator = make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    import_csv(client, cohort, GOOD, invite=False)
    with app.app_context():
        ana = db.session.scalar(select(User).where(User.email == "ana@pf.example"))
        old_link = re.search(r"/auth/set-password/[\w.-]+", client.get(f"/cohorts/{cohort}/officers/{ana.id}")
                             .get_data(as_text=True)).group(0)  # fmt: skip
    officer_page = f"/cohorts/{cohort}/officers/{ana.id}"
    token = csrf_token(client, officer_page)
    sent = client.post(f"{officer_page}/send-link", data={"csrf_token": token})
    assert sent.status_code == 302
    assert "A new invitation is on its way to ana@pf.example" in client.get(officer_page).get_data(as_text=True)
    send(app)
    new_link = re.search(r"/auth/set-password/[\w.-]+", mail.inbox.to("ana@pf.example")[0].part("plain")).group(0)
    assert new_link != old_link
    assert set_password(app.test_client(), new_link).status_code == 302
    assert app.test_client().get(old_link).status_code == 404  # the one the coordinator saw is dead now

    token = csrf_token(client, officer_page)
    client.post(f"{officer_page}/send-link", data={"csrf_token": token})  # she has a password: recovery
    send(app)
    recovery = mail.inbox.to("ana@pf.example")[1]
    assert recovery.message["Subject"] == "Set a new LETP password" and "/auth/reset/" in recovery.part("plain")
    with app.app_context():
        kinds = [json for json in db.session.scalars(select(AuditEvent.detail)
                 .where(AuditEvent.action == "officer.link_sent").order_by(AuditEvent.id))]  # fmt: skip
        assert ['"invitation"' in kinds[0], '"password_reset"' in kinds[1]] == [True, True]


def test_no_link_for_an_officer_outside_ones_cohorts(app, client, login, make_user, make_cohort, mail):
    mine, theirs = make_user("coordinator"), make_user("coordinator")
    officer = make_user()
    make_cohort(coordinators=[mine])
    other = make_cohort(name="Theirs", coordinators=[theirs], members=[officer])
    login(mine)
    token = csrf_token(client, "/cohorts/")
    assert (
        client.post(f"/cohorts/{other}/officers/{officer.id}/send-link", data={"csrf_token": token}).status_code == 404
    )
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []
