"""Login, logout, sessions, CSRF and password change through the real routes."""

import re

import pytest

from lms.auth.models import User
from lms.extensions import db
from tests.conftest import PASSWORD, csrf_token


def post_login(client, email, password, next_url=None):
    token = csrf_token(client)
    url = "/auth/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


def test_login_then_dashboard(app, client, make_user):
    user = make_user()
    response = post_login(client, user.email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/progress/"
    assert client.get("/progress/").status_code == 200
    with app.app_context():
        assert db.session.get(User, user.id).last_login_at is not None


def test_email_is_case_insensitive(client, make_user):
    user = make_user()
    assert post_login(client, user.email.upper(), PASSWORD).status_code == 302


def test_unknown_email_and_wrong_password_look_the_same(client, make_user):
    user = make_user()
    unknown = post_login(client, "nobody@police.example", PASSWORD)
    wrong = post_login(client, user.email, "not-the-password-at-all")
    assert unknown.status_code == wrong.status_code == 200

    def page(response, email):
        html = response.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'value="[^"]+"', 'value=""', html)  # the CSRF token differs per render

    assert "do not match an active account" in unknown.get_data(as_text=True)
    assert page(unknown, "nobody@police.example") == page(wrong, user.email)


def test_inactive_account_cannot_log_in(client, make_user, update_user):
    user = make_user()
    update_user(user, active=False)
    response = post_login(client, user.email, PASSWORD)
    assert response.status_code == 200 and "do not match an active account" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert client.get("/progress/").status_code == 302  # still anonymous


def test_logout_without_csrf_token_is_refused_and_keeps_the_session(client, make_user, login):
    login(make_user())
    response = client.post("/auth/logout")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert client.get("/progress/").status_code == 200


def test_logout_is_post_only(client, make_user, login):
    login(make_user())
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/progress/").status_code == 200


def test_cookie_captured_before_logout_is_refused_after(app, client, make_user, login):
    login(make_user())
    captured = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/progress/")})
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], captured)
    response = thief.get("/progress/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_login_issues_a_new_session(app, client, make_user):
    user = make_user()
    csrf_token(client)
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    post_login(client, user.email, PASSWORD)
    after = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert before != after


def test_session_cookie_flags(app, client, make_user):
    user = make_user()
    response = post_login(client, user.email, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/%0a/evil",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    user = make_user()
    response = post_login(client, user.email, PASSWORD, next_url=target)
    location = response.headers["Location"]
    assert (
        location.startswith("/")
        and not location.startswith("//")
        and "evil.example" not in location.replace("/%0a/evil", "")
    )


def test_next_on_site_is_followed(client, make_user):
    user = make_user()
    response = post_login(client, user.email, PASSWORD, next_url="/courses/sample-course/")
    assert response.headers["Location"] == "/courses/sample-course/"


def test_anonymous_is_sent_to_login_with_next(client):
    response = client.get("/courses/sample-course/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=%2Fcourses%2Fsample-course%2F"


def change_password(client, current, new, confirm=None):
    token = csrf_token(client, "/auth/password")
    return client.post("/auth/password", data={"current_password": current, "new_password": new,
                                                "confirm": confirm or new, "csrf_token": token})  # fmt: skip


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, make_user, login):
    user = make_user()
    other = app.test_client()
    login(user, target=other)
    login(user)
    response = change_password(client, PASSWORD, "a-brand-new-passphrase-77")
    assert response.status_code == 302
    assert client.get("/progress/").status_code == 200
    assert other.get("/progress/").status_code == 302
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/progress/")})
    assert post_login(client, user.email, "a-brand-new-passphrase-77").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong-current-password", "a-brand-new-passphrase-77", None, "not your current password"),
        (PASSWORD, "short", None, "at least 12 characters"),
        (PASSWORD, "password1234", None, "too common"),
        (PASSWORD, "a-brand-new-passphrase-77", "a-different-passphrase-88", "not the same"),
    ],
)
def test_bad_password_change_says_why_and_changes_nothing(
    app, client, make_user, login, current, new, confirm, message
):
    user = make_user()
    login(user)
    old_hash, old_version = user.password_hash, user.session_version
    response = change_password(client, current, new, confirm)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        fresh = db.session.get(User, user.id)
        assert fresh.password_hash == old_hash and fresh.session_version == old_version


def test_weak_and_mismatched_new_password_are_both_reported_at_once(client, make_user, login):
    login(make_user())
    html = change_password(client, PASSWORD, "password", "passwort").get_data(as_text=True)
    assert "not the same" in html and "at least 12 characters" in html


def test_deactivated_user_is_signed_out_on_next_request(client, make_user, login, update_user):
    user = make_user()
    login(user)
    update_user(user, active=False)
    assert client.get("/progress/").status_code == 302
