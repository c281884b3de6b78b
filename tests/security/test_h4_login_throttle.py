"""security.md H4: sign-in throttling per account across all addresses, per real client address
behind trusted proxies, and a lockout an attacker cannot use to keep one officer out (device cookies).
"""

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.auth.models import LoginFailure
from lms.extensions import db
from tests.conftest import PASSWORD, base_overrides, csrf_token
from tests.security.test_redis import redis_settings_or_skip

WRONG = "wrong-password-123"
PROXY = "10.0.0.1"  # the TLS proxy every request comes through when TRUSTED_PROXIES=1
DEVICE_COOKIE = "letp_device"


@pytest.fixture
def app_overrides(request):
    return getattr(request, "param", {})


behind_one_proxy = pytest.mark.parametrize("app_overrides", [{"TRUSTED_PROXIES": 1}], indirect=True)


def sign_in(client, email, password, *, address=PROXY, forwarded=None):
    token = csrf_token(client)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token},
                       headers=headers, environ_base={"REMOTE_ADDR": address})  # fmt: skip


def sign_out(client):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/progress/")})


def events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def lock_account_from_many_addresses(node, email):
    """The account-wide number of wrong guesses, each from a new forwarded address and browser."""
    for i in range(node.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert sign_in(node.test_client(), email, WRONG, forwarded=f"198.51.100.{i + 1}").status_code == 200


@behind_one_proxy
def test_h4_behind_a_proxy_one_clients_failures_do_not_lock_out_another(app, make_user):
    user = make_user()
    attacker = app.test_client()
    for _ in range(10):
        assert sign_in(attacker, user.email, WRONG, forwarded="198.51.100.10").status_code == 200
    refused = sign_in(attacker, user.email, PASSWORD, forwarded="198.51.100.10")
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert sign_in(app.test_client(), user.email, PASSWORD, forwarded="203.0.113.20").status_code == 302
    [throttled] = events(app, "login.throttled")
    assert throttled.address == "198.51.100.10" and throttled.outcome == "refused"  # the real client, audited
    assert {e.address for e in events(app, "login")} == {"198.51.100.10", "203.0.113.20"}


@behind_one_proxy
def test_h4_device_cookie_holder_signs_in_while_the_account_wide_lock_is_on(app, make_user):
    user, other = make_user(), make_user()
    owner = app.test_client()
    assert sign_in(owner, user.email, PASSWORD, forwarded="203.0.113.20").status_code == 302
    sign_out(owner)
    colleague = app.test_client()  # holds a device cookie, but for another account
    assert sign_in(colleague, other.email, PASSWORD, forwarded="203.0.113.21").status_code == 302
    sign_out(colleague)

    lock_account_from_many_addresses(app, user.email)

    stranger = sign_in(app.test_client(), user.email, PASSWORD, forwarded="203.0.113.99")
    assert stranger.status_code == 429 and "Too many failed sign-ins" in stranger.get_data(as_text=True)
    assert sign_in(colleague, user.email, PASSWORD, forwarded="203.0.113.21").status_code == 429
    forger = app.test_client()
    forger.set_cookie(DEVICE_COOKIE, owner.get_cookie(DEVICE_COOKIE, path="/auth").value + "x", path="/auth")
    assert sign_in(forger, user.email, PASSWORD, forwarded="203.0.113.98").status_code == 429
    # The officer's own browser is not blocked by the account-wide lock.
    assert sign_in(owner, user.email, PASSWORD, forwarded="203.0.113.20").status_code == 302
    assert owner.get("/progress/").status_code == 200
    refusals = events(app, "login.throttled")
    assert len(refusals) == 3 and all(e.outcome == "refused" for e in refusals)


@behind_one_proxy
def test_h4_a_device_cookie_gives_only_its_own_ten_guesses(app, make_user):
    user = make_user()
    browser = app.test_client()
    assert sign_in(browser, user.email, PASSWORD, forwarded="203.0.113.20").status_code == 302
    sign_out(browser)
    for i in range(10):  # a thief with the officer's browser, changing address each time
        assert sign_in(browser, user.email, WRONG, forwarded=f"192.0.2.{i + 1}").status_code == 200
    assert sign_in(browser, user.email, PASSWORD, forwarded="192.0.2.50").status_code == 429


def test_h4_device_cookie_is_signed_http_only_lax_and_scoped_to_sign_in(app, client, make_user):
    user = make_user()
    response = sign_in(client, user.email, PASSWORD)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(DEVICE_COOKIE + "=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/auth" in cookie and "Max-Age=" in cookie


@pytest.mark.parametrize("app_overrides", [{"SESSION_COOKIE_SECURE": True}], indirect=True)
def test_h4_device_cookie_is_secure_where_the_session_cookie_is(app, client, make_user):
    response = sign_in(client, make_user().email, PASSWORD)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(DEVICE_COOKIE + "=")]
    assert "Secure" in cookie


def test_h4_without_trusted_proxies_a_forged_forwarded_for_is_ignored(app, make_user):
    user = make_user()
    client = app.test_client()
    for i in range(10):
        assert sign_in(client, user.email, WRONG, address="198.51.100.7", forwarded=f"192.0.2.{i}").status_code == 200
    refused = sign_in(client, user.email, PASSWORD, address="198.51.100.7", forwarded="192.0.2.77")
    assert refused.status_code == 429
    assert {e.address for e in events(app, "login") + events(app, "login.throttled")} == {"198.51.100.7"}


def test_h4_rotating_addresses_get_no_more_than_the_account_wide_limit(app, make_user):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    assert limit == 20  # the documented default
    statuses = [sign_in(app.test_client(), user.email, WRONG, address=f"192.0.2.{i}").status_code
                for i in range(1, limit + 4)]  # fmt: skip
    assert statuses == [200] * limit + [429] * 3
    assert sign_in(app.test_client(), user.email, PASSWORD, address="192.0.2.200").status_code == 429
    assert len(events(app, "login.throttled")) == 4


def test_h4_account_wide_counter_and_device_cookie_work_through_redis(app, database_url, make_user):
    from lms import create_app

    node = create_app(base_overrides(database_url) | redis_settings_or_skip() | {"TRUSTED_PROXIES": 1})
    user = make_user()
    owner = node.test_client()
    assert sign_in(owner, user.email, PASSWORD, forwarded="203.0.113.20").status_code == 302
    sign_out(owner)
    lock_account_from_many_addresses(node, user.email)
    assert sign_in(node.test_client(), user.email, PASSWORD, forwarded="203.0.113.99").status_code == 429
    assert sign_in(owner, user.email, PASSWORD, forwarded="203.0.113.20").status_code == 302
    with app.app_context():  # the same database
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0  # all counted in Redis
    with node.app_context():
        db.engine.dispose()


def test_h4_a_negative_number_of_proxies_stops_start_up(database_url, monkeypatch):
    from lms import create_app

    monkeypatch.setenv("LMS_ENV", "testing")
    with pytest.raises(RuntimeError, match="LMS_TRUSTED_PROXIES"):
        create_app(base_overrides(database_url) | {"TRUSTED_PROXIES": -1})
