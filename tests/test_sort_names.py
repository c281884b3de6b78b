"""Names sort as people alphabetise them, on SQLite and PostgreSQL alike (issue 15, point 9)."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.auth.models import User
from lms.extensions import db
from lms.text import sort_key
from tests.conftest import _postgres_database, base_overrides


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Léa Dubois", "lea dubois"),
        ("LUCAS  Almeida", "lucas almeida"),
        ("Søren Ørsted", "soren orsted"),
        ("Łukasz Straße", "lukasz strasse"),
        ("Æsa Œil", "aesa oeil"),
        ("İlker Işık", "ilker isik"),
        ("김민준", "김민준"),  # Hangul keeps its order: decomposed to letters, compared as before
        ("田中 由紀", "田中 由紀"),
    ],
)
def test_sort_key(name, key):
    import unicodedata

    assert unicodedata.normalize("NFC", sort_key(name)) == key


def test_lea_sorts_before_lucas_and_case_does_not_matter():
    names = ["Zoé", "Lucas", "léa", "Ana", "Émile", "bruno"]
    assert sorted(names, key=sort_key) == ["Ana", "bruno", "Émile", "léa", "Lucas", "Zoé"]


def test_the_key_follows_every_kind_of_write(app, make_user):
    with app.app_context():
        user = db.session.get(User, make_user(name="Émile Zola").id)
        assert user.sort_name == "emile zola"
        user.name = "Ángela Ruiz"  # the ORM: a profile or admin edit
        db.session.commit()
        assert db.session.get(User, user.id).sort_name == "angela ruiz"
        db.session.execute(sa.insert(User), [{"email": "bulk@x.example", "name": "Øyvind Bulk", "country": "NO"}])
        db.session.commit()  # a bulk insert without the ORM: the column's default computes it
        assert db.session.scalar(sa.select(User.sort_name).where(User.email == "bulk@x.example")) == "oyvind bulk"


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A database of the same kind as `database_url`, of its own, with no tables yet."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    admin, name, url = _postgres_database()
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def count(conn, table: str) -> int:
    return conn.execute(sa.text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()


def test_the_migration_fills_the_key_and_loses_nothing(empty_database):
    """Upgrade from the schema before the key, with a user who belongs to a cohort: the user gets a
    key and the membership survives (a table rebuild on SQLite would cascade-delete it)."""
    app = create_app(base_overrides(empty_database) | {"ENV": "testing"})
    with app.app_context():
        upgrade(revision="0007")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO \"user\" (id, email, name, agency, country, role, active, session_version, "
                                 "created_at) VALUES (1, 'l@x.example', 'Léa Dubois', '', 'FR', 'officer', TRUE, 1, "
                                 "CURRENT_TIMESTAMP)"))  # fmt: skip
            conn.execute(sa.text("INSERT INTO cohort (id, name, country, location, course_slug, created_at) "
                                 "VALUES (1, 'Lyon', 'FR', '', 'quiz-course', CURRENT_TIMESTAMP)"))  # fmt: skip
            conn.execute(
                sa.text("INSERT INTO cohort_member (cohort_id, user_id, enrolled_at) VALUES (1, 1, CURRENT_TIMESTAMP)")
            )
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(sa.text('SELECT sort_name FROM "user"')).scalars().all() == ["lea dubois"]
            assert count(conn, "cohort_member") == 1
        downgrade(revision="0007")  # and back: the column goes, nothing else does
        with db.engine.connect() as conn:
            assert conn.execute(sa.text('SELECT name FROM "user"')).scalars().all() == ["Léa Dubois"]
            assert count(conn, "cohort_member") == 1
        db.engine.dispose()
