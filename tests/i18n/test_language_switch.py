"""The language switch at the foot of every page, signed in or not (issue 18, point 2)."""

from __future__ import annotations

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.extensions import db
from lms.i18n import LANGUAGE_COOKIE
from tests.conftest import csrf_token


def switch(client, locale: str, back: str = "/auth/login"):
    token = csrf_token(client, back if back.startswith("/") else "/profile/")
    return client.post("/profile/language", data={"csrf_token": token, "locale": locale, "next": back})


def test_every_page_offers_every_language_in_its_own_name(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'action="/profile/language"' in page
    for name in ("English", "Deutsch", "Português", "Svenska", "한국어", "עברית"):
        assert name in page


def test_signed_out_the_choice_is_kept_in_a_cookie_and_wins_over_the_browser(client):
    response = switch(client, "fr")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    cookie = response.headers["Set-Cookie"]
    assert f"{LANGUAGE_COOKIE}=fr" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/auth/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page


def test_signed_in_the_choice_is_saved_to_the_profile_and_audited(app, client, make_user, login):
    officer = make_user()
    login(officer)
    assert switch(client, "he", back="/progress/").headers["Location"] == "/progress/"
    assert '<html lang="he" dir="rtl">' in client.get("/progress/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, officer.id).locale == "he"
        event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "user.region")).one()
        assert event.target == f"user:{officer.id}"


def test_a_language_not_offered_or_a_foreign_return_address_changes_nothing(app, client, make_user, login):
    officer = make_user()
    login(officer)
    response = switch(client, "xx", back="https://evil.example/")
    assert response.headers["Location"] == "/"  # never off the site (security.md A8)
    with app.app_context():
        assert db.session.get(User, officer.id).locale is None


def test_without_a_token_nothing_changes(client):
    response = client.post("/profile/language", data={"locale": "de"})
    assert response.status_code == 400 and LANGUAGE_COOKIE not in response.headers.get("Set-Cookie", "")
