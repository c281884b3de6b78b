"""Security headers, error pages and request limits."""

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
