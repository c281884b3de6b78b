"""Security headers, error pages and request limits."""

import re

import pytest

from tests.conftest import csrf_token


def test_html_responses_carry_security_headers(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "X-Request-Id" in response.headers
    assert "Strict-Transport-Security" not in response.headers


def test_authenticated_pages_are_not_cached(client, make_user, login):
    login(make_user())
    assert client.get("/progress/").headers["Cache-Control"] == "no-store"


def test_not_found_page_is_friendly_and_has_a_request_id(client):
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "Page not found" in html
    assert response.headers["X-Request-Id"] in html


def test_unexpected_errors_show_a_generic_page_without_traceback(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html and "secret internals" not in html and "Traceback" not in html


def test_oversized_body_is_413(client):
    token = csrf_token(client)
    response = client.post("/auth/login", data={"csrf_token": token, "email": "x" * 2_000_000, "password": "y"})
    assert response.status_code == 413


def test_over_long_field_is_a_validation_error(client):
    token = csrf_token(client)
    response = client.post(
        "/auth/login", data={"csrf_token": token, "email": "x" * 300 + "@police.example", "password": "y"}
    )
    assert response.status_code == 200 and "do not match" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/progress/", "/courses/sample-course/", "/auth/password"])
def test_pages_need_login(client, path):
    response = client.get(path)
    assert response.status_code == 302


def test_production_sends_hsts_and_secure_cookies(database_url, monkeypatch, make_user):
    """security.md A6 and E3 as a production app answers them."""
    from lms import create_app
    from tests.conftest import base_overrides

    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("LMS_SECRET_KEY", "p" * 48)
    monkeypatch.setenv("LMS_PUBLIC_URL", "https://letp.police.example")
    app = create_app(base_overrides(database_url))
    try:
        check_production_responses(app, make_user())
    finally:
        from lms.extensions import db

        with app.app_context():
            db.engine.dispose()  # this second app's connections must not outlive the test


def check_production_responses(app, user):
    from tests.conftest import PASSWORD

    client = app.test_client()
    page = client.get("/auth/login", base_url="https://letp.example")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post("/auth/login", base_url="https://letp.example",
                           data={"email": user.email, "password": PASSWORD, "csrf_token": token},
                           headers={"Referer": "https://letp.example/auth/login"})  # fmt: skip
    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 302 and "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    broken = app.test_client().get("/no/such/page", base_url="https://letp.example")
    assert "Traceback" not in broken.get_data(as_text=True) and broken.headers["X-Request-Id"]
