"""flask lms backup: an online SQLite copy that restores with every row; PostgreSQL points to pg_dump."""

import pytest
import sqlalchemy as sa

from lms.extensions import db


def test_backup_copies_every_row_and_restores(app, runner, make_user, tmp_path):
    with app.app_context():
        backend = db.engine.dialect.name
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["lms", "backup", "-o", str(target)])
    if backend != "sqlite":
        assert result.exit_code == 1 and "pg_dump" in result.output and not target.exists()
        return
    make_user(email="before@police.example")
    target.unlink(missing_ok=True)
    result = runner.invoke(args=["lms", "backup", "-o", str(target)])
    assert result.exit_code == 0 and "integrity check ok" in result.output
    restored = sa.create_engine(f"sqlite:///{target}")
    with restored.connect() as conn:
        emails = conn.execute(sa.text("SELECT email FROM user")).scalars().all()
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    restored.dispose()
    assert emails == ["before@police.example"] and version
    again = runner.invoke(args=["lms", "backup", "-o", str(target)])
    assert again.exit_code == 1 and "exists" in again.output


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_backup_of_a_live_database_is_consistent(app, runner, make_user, tmp_path):
    for _ in range(3):
        make_user()
    result = runner.invoke(args=["lms", "backup", "-o", str(tmp_path / "b.sqlite3")])
    assert result.exit_code == 0
