"""Admins: roles and deactivation end sessions (A5), the audit log page and CSV, /healthz."""

import csv
import io

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.extensions import db
from tests.conftest import csrf_token


def test_only_admins_reach_admin_pages(client, make_user, login):
    for role in ("officer", "instructor", "coordinator"):
        c = client.application.test_client()
        login(make_user(role), target=c)
        for url in ("/admin/users", "/admin/audit", "/admin/users/1"):
            assert c.get(url).status_code == 404


def test_deactivating_a_user_ends_their_other_sessions(app, client, make_user, login):
    admin, officer = make_user("admin"), make_user()
    officer_client = app.test_client()
    login(officer, target=officer_client)
    login(admin)
    token = csrf_token(client, f"/admin/users/{officer.id}")
    client.post(f"/admin/users/{officer.id}", data={"csrf_token": token, "role": "officer"})  # 'active' unticked
    assert officer_client.get("/progress/").status_code == 302
    with app.app_context():
        assert db.session.get(User, officer.id).active is False
        assert (
            db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "user.deactivate"))
            == "user.deactivate"
        )


def test_role_change_is_audited_and_takes_effect(app, client, make_user, login):
    admin, user = make_user("admin"), make_user()
    login(admin)
    token = csrf_token(client, f"/admin/users/{user.id}")
    client.post(f"/admin/users/{user.id}", data={"csrf_token": token, "role": "coordinator", "active": "1"})
    with app.app_context():
        assert db.session.get(User, user.id).role == "coordinator"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role"))
        assert (
            event.target == f"user:{user.id}" and '"new": "coordinator"' in event.detail and event.actor_id == admin.id
        )
    bad = client.post(f"/admin/users/{user.id}", data={"csrf_token": token, "role": "superuser", "active": "1"})
    assert bad.status_code == 200 and "Choose one of the roles" in bad.get_data(as_text=True)


def test_admin_cannot_lock_themselves_out(app, client, make_user, login):
    admin = make_user("admin")
    login(admin)
    token = csrf_token(client, f"/admin/users/{admin.id}")
    response = client.post(f"/admin/users/{admin.id}", data={"csrf_token": token, "role": "officer", "active": "1"})
    assert "cannot remove your own admin role" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin.id).role == "admin"


def test_audit_page_filters_and_csv(app, client, make_user, login):
    admin = make_user("admin")
    login(admin)
    html = client.get("/admin/audit?action=login").get_data(as_text=True)
    assert "<td>Sign-in</td>" in html and admin.email in html and f"user:{admin.id}" not in html  # readable names
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/audit?format=csv&action=login").get_data(as_text=True))))
    assert rows and all(r["action"] == "login" for r in rows) and rows[0]["actor_email"] == admin.email
    assert "Dates are written" in client.get("/admin/audit?since=yesterday").get_data(as_text=True)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(tmp_path, monkeypatch):
    from lms import create_app
    from tests.conftest import base_overrides

    monkeypatch.setenv("LMS_ENV", "testing")
    app = create_app(base_overrides(f"sqlite:///{tmp_path / 'missing' / 'x.db'}"))
    (tmp_path / "missing" / "x.db").mkdir()  # a folder where the database file should be
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_admin_creates_an_account_with_a_set_password_link(app, client, make_user, login):
    """Issue 15, point 16: an account from the web; bad input names each field and creates nothing."""
    login(make_user("admin"))
    token = csrf_token(client, "/admin/users/new")
    bad = client.post("/admin/users/new", data={"csrf_token": token, "email": "nope", "name": "", "country": "Atlantis",
                                                "role": "officer"})  # fmt: skip
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "is not a country LETP knows" in page and "name" in page.lower()
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nope")) is None
    good = client.post("/admin/users/new", data={"csrf_token": token, "email": "Lea@Police.example",
                                                 "name": "Léa Dubois", "agency": "Police nationale",
                                                 "country": "France", "role": "instructor"})  # fmt: skip
    html = good.get_data(as_text=True)
    assert "/auth/set-password/" in html and "Léa Dubois" in html
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "lea@police.example"))
        assert (user.country, user.role, user.password_hash) == ("FR", "instructor", None)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
        assert event.target == f"user:{user.id}"
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Account created" in log and "Léa Dubois (lea@police.example)" in log
