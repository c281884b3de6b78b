"""Benchmark databases: a SQLite file under the run's temporary folder, or a PostgreSQL database
created for the run (and dropped at its end), migrated with LETP's own Alembic revisions."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SECRET_KEY = "benchmark-secret-key-0123456789abcdef0123456789"
CREATED: list[str] = []


def new_database(kind: str, tmp: Path, label: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp / f'{label}.sqlite3'}"
    name = f"letp_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    CREATED.append(name)
    return sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_created() -> None:
    if not CREATED:
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in CREATED:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()
    CREATED.clear()


def server_env(database_url: str, tmp: Path, **extra: str) -> dict[str, str]:
    """LETP's settings for the benchmark servers and commands (see RESULTS.md for why each)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    env |= {"LMS_ENV": "development", "LMS_DATABASE_URL": database_url, "LMS_SECRET_KEY": SECRET_KEY,
            "LMS_LOG_LEVEL": "WARNING", "LMS_RATE_LIMIT": "1000000 per minute", "BENCH_TMP": str(tmp)}  # fmt: skip
    return env | extra


def app_for(database_url: str, **overrides) -> Flask:
    from lms import create_app

    return create_app({"DATABASE_URL": database_url, "SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "WARNING"} | overrides)


def migrate(database_url: str) -> None:
    from flask_migrate import upgrade

    from lms.extensions import db

    app = app_for(database_url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
