"""With LMS_REDIS_URL, failed-login counters and rate limits live in Redis, shared by every node.

Skips when Redis is not reachable, unless LMS_REQUIRE_SERVICES=1 (CI), where it fails instead.
"""

import os
import uuid

import pytest
from sqlalchemy import func, select

from lms.auth.models import LoginFailure
from lms.extensions import db
from tests.conftest import PASSWORD, base_overrides, csrf_token

REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_settings_or_skip() -> dict:
    """Settings for a reachable Redis under a fresh key prefix; skips (or fails in CI) without one."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"Redis is not reachable at {REDIS_URL} ({exc.__class__.__name__})"
        if os.environ.get("LMS_REQUIRE_SERVICES") == "1":
            pytest.fail(reason + "; LMS_REQUIRE_SERVICES=1 forbids skipping")
        pytest.skip(reason)
    return {"REDIS_URL": REDIS_URL, "REDIS_PREFIX": f"letp-test-{uuid.uuid4().hex[:8]}"}


@pytest.fixture
def redis_settings():
    return redis_settings_or_skip()


@pytest.fixture
def app_overrides(redis_settings):
    return redis_settings


def login_as(client, email, password):
    token = csrf_token(client)
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token})


def test_failed_logins_are_counted_in_redis_across_nodes(app, database_url, redis_settings, make_user, monkeypatch):
    from lms import create_app

    user = make_user()
    other_node = create_app(base_overrides(database_url) | redis_settings)
    for i in range(10):
        login_as((app if i % 2 else other_node).test_client(), user.email, "wrong-password-123")
    assert login_as(app.test_client(), user.email, PASSWORD).status_code == 429
    assert login_as(other_node.test_client(), user.email, PASSWORD).status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0  # nothing in the database
    with other_node.app_context():
        db.engine.dispose()


def test_rate_limits_are_shared_through_redis(app, database_url, redis_settings):
    from lms import create_app

    tight = redis_settings | {"RATE_LIMIT": "5 per minute"}
    node_a = create_app(base_overrides(database_url) | tight)
    node_b = create_app(base_overrides(database_url) | tight)
    statuses = [(node_a if i % 2 else node_b).test_client().get("/auth/login").status_code for i in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    assert node_a.test_client().get("/healthz").status_code == 200  # the health check is never limited
    for node in (node_a, node_b):
        with node.app_context():
            db.engine.dispose()
