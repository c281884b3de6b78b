"""PostgreSQL connections lost while pooled (a server restart, a failover) cost no request: the
pool pings a connection that sat idle before lending it (lms/database.ping_when_idle), instead of
pinging on every checkout."""

import pytest
import sqlalchemy as sa

from lms import database
from lms.extensions import db

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def end_every_other_session(url: str) -> int:
    """What a server restart does to the pool: every connection of the app's database is closed."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )).scalar_one()  # fmt: skip
    finally:
        engine.dispose()


@pytest.fixture
def idle_after(monkeypatch, request):
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", request.param)


@pytest.mark.parametrize("idle_after", [0.0], indirect=True)
def test_a_connection_lost_in_the_pool_is_replaced_before_any_request_uses_it(idle_after, app, client, database_url):
    assert client.get("/healthz").status_code == 200  # a connection now waits in the pool
    assert end_every_other_session(database_url) >= 1
    assert client.get("/healthz").status_code == 200  # pinged, found dead, replaced: nobody noticed
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("idle_after", [3600.0], indirect=True)
def test_without_the_ping_one_request_fails_and_the_pool_recovers(idle_after, app, client, database_url):
    """What the ping saves (and what happens to a connection lost while in use): one failed request."""
    assert client.get("/healthz").status_code == 200
    end_every_other_session(database_url)
    assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("idle_after", [30.0], indirect=True)
def test_a_busy_pool_sends_no_ping(idle_after, app, client):
    """A connection back in the pool a moment ago is lent without a round trip."""
    assert client.get("/healthz").status_code == 200
    with app.app_context():
        engine = db.engine
    pings = []
    original = engine.dialect.do_ping
    engine.dialect.do_ping = lambda connection: pings.append(connection) or original(connection)
    try:
        for _ in range(5):
            assert client.get("/healthz").status_code == 200
    finally:
        engine.dialect.do_ping = original
    assert pings == []
