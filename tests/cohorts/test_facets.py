"""A cohort's counts (in all, per country, per agency) and its members' sort copies follow every path
that changes them, in the same transaction, and agree with a count from scratch (issue 21, item 5)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from lms import create_app
from lms.auth.models import User
from lms.cohorts import facets, roster, service
from lms.cohorts.models import Cohort, CohortMember
from lms.extensions import db
from tests.cohorts.conftest import csv_file
from tests.conftest import _postgres_database, base_overrides, csrf_token


def counts(app, cohort_id: int) -> tuple[int, dict[str, int], dict[str, int]]:
    """The cohort's stored counts, after checking that a count from scratch finds the same."""
    with app.app_context():
        with db.engine.connect() as conn:
            assert facets.drift(conn) == []
        found = roster.counts_of(db.session.get(Cohort, cohort_id))
        return found.total, found.countries, found.agencies


def copies(app, cohort_id: int, user_id: int) -> tuple[str, str, str, str]:
    with app.app_context():
        member = db.session.get(CohortMember, (cohort_id, user_id))
        return member.sort_name, member.email, member.country, member.agency


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


def test_enrol_and_remove_through_the_pages(app, client, login, coordinator, make_user, make_cohort):
    officer = make_user(name="Léa Dubois", email="lea@pn.example", country="FR", agency="Police nationale")
    make_cohort("Earlier intake", coordinators=[coordinator], members=[officer])  # so within my reach (H1)
    cohort = make_cohort(coordinators=[coordinator], members=[make_user(country="KE", agency="DCI")])
    login(coordinator)
    token = csrf_token(client, f"/cohorts/{cohort}/")
    client.post(f"/cohorts/{cohort}/members", data={"csrf_token": token, "email": "lea@pn.example"})
    assert counts(app, cohort) == (2, {"FR": 1, "KE": 1}, {"Police nationale": 1, "DCI": 1})
    assert copies(app, cohort, officer.id) == ("lea dubois", "lea@pn.example", "FR", "Police nationale")
    client.post(f"/cohorts/{cohort}/members/{officer.id}/remove", data={"csrf_token": token})  # asks first
    assert counts(app, cohort)[0] == 2
    client.post(f"/cohorts/{cohort}/members/{officer.id}/remove", data={"csrf_token": token, "confirm": "1"})
    assert counts(app, cohort) == (1, {"KE": 1}, {"DCI": 1})  # a value nobody has any more is no choice


def test_an_admin_moves_an_officer(app, client, login, make_user, make_cohort):
    admin, officer = make_user("admin"), make_user(country="BR", agency="PF")
    source = make_cohort("Source", members=[officer, make_user(country="BR", agency="PF")])
    target = make_cohort("Target")
    login(admin)
    token = csrf_token(client, f"/cohorts/{source}/officers/{officer.id}")
    client.post(f"/cohorts/{source}/officers/{officer.id}/move", data={"csrf_token": token, "target": target})
    assert counts(app, source) == (1, {"BR": 1}, {"PF": 1})
    assert counts(app, target) == (1, {"BR": 1}, {"PF": 1})


def test_an_import_through_the_page_and_the_command_line(app, client, login, coordinator, make_cohort, tmp_path):
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    text = "email,name,agency,country\nana@pf.example,Ana Souza,PF,BR\nkim@knpa.example,Kim Min-jun,KNPA,KR\n"
    token = csrf_token(client, f"/cohorts/{cohort}/import")
    client.post(f"/cohorts/{cohort}/import", data={"csrf_token": token, "file": csv_file(text)},
                content_type="multipart/form-data")  # fmt: skip
    assert counts(app, cohort) == (2, {"BR": 1, "KR": 1}, {"PF": 1, "KNPA": 1})
    more = tmp_path / "more.csv"
    more.write_text("email,name,agency,country\nana@pf.example,Ana Souza,PF,BR\nzoe@gn.example,Zoé Martin,GN,FR\n")
    result = app.test_cli_runner().invoke(args=["lms", "import-officers", str(more), "--cohort", str(cohort)])
    assert result.exit_code == 0, result.output
    assert counts(app, cohort) == (3, {"BR": 1, "KR": 1, "FR": 1}, {"PF": 1, "KNPA": 1, "GN": 1})


def test_a_profile_change_moves_the_counts_of_every_cohort_and_the_sort_copies(app, client, login, make_user,
                                                                               make_cohort):  # fmt: skip
    officer = make_user(name="Ana Souza", country="BR", agency="PF")
    first = make_cohort("First", members=[officer, make_user(country="BR", agency="PF")])
    second = make_cohort("Second", members=[officer])
    login(officer)
    token = csrf_token(client, "/profile/")
    client.post("/profile/", data={"csrf_token": token, "name": "Ángela Ruiz", "agency": "Policía Nacional",
                                   "country": "Spain"})  # fmt: skip
    assert counts(app, first) == (2, {"BR": 1, "ES": 1}, {"PF": 1, "Policía Nacional": 1})
    assert counts(app, second) == (1, {"ES": 1}, {"Policía Nacional": 1})
    assert copies(app, second, officer.id) == ("angela ruiz", officer.email, "ES", "Policía Nacional")


def test_an_edit_of_the_user_row_and_of_nothing_counted(app, make_user, make_cohort, update_user):
    officer = make_user(country="KE", agency="DCI")
    cohort = make_cohort(members=[officer])
    update_user(officer, agency="NPS")  # as an admin's edit would
    assert counts(app, cohort) == (1, {"KE": 1}, {"NPS": 1})
    update_user(officer, last_login_at=None, locale="fr")  # nothing the roster copies: nothing moves
    assert counts(app, cohort) == (1, {"KE": 1}, {"NPS": 1})


def test_a_rolled_back_enrolment_counts_nothing(app, make_user, make_cohort):
    officer = make_user(country="KE")
    cohort_id = make_cohort()
    with app.app_context():
        service.enrol(db.session.get(Cohort, cohort_id), db.session.get(User, officer.id))
        db.session.flush()
        db.session.rollback()
    assert counts(app, cohort_id) == (0, {}, {})


def test_enrolled_moved_and_renamed_in_one_flush(app, make_user, make_cohort):
    officer = make_user(name="Ana Souza", country="BR", agency="PF")
    source, target = make_cohort("Source", members=[officer]), make_cohort("Target")
    with app.app_context():
        user = db.session.get(User, officer.id)
        user.country, user.name = "PT", "Ana Sousa"
        service.move(user, db.session.get(Cohort, source), db.session.get(Cohort, target))
        db.session.commit()
    assert counts(app, source) == (0, {}, {})
    assert counts(app, target) == (1, {"PT": 1}, {"PF": 1})
    assert copies(app, target, officer.id)[0] == "ana sousa"


def test_drift_finds_what_bypasses_the_orm_and_rebuild_repairs_it(app, make_user, make_cohort):
    officer = make_user(country="KE", agency="DCI")
    cohort = make_cohort(members=[officer])
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == officer.id).values(country="UG"))  # no flush: unseen
        db.session.commit()
        with db.engine.begin() as conn:
            found = {d.what for d in facets.drift(conn)}
            assert found == {f"cohort {cohort} country 'KE'", f"cohort {cohort} country 'UG'",
                             f"cohort {cohort} member {officer.id} copies"}  # fmt: skip
            facets.rebuild(conn, [cohort])
            assert facets.drift(conn) == []
    assert counts(app, cohort) == (1, {"UG": 1}, {"DCI": 1})


@pytest.fixture
def unmigrated(database_url, tmp_path):
    """A database of the same kind as `database_url`, of its own, with no tables yet."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    admin, name, url = _postgres_database()
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def test_the_migration_fills_copies_and_counts_from_existing_members(unmigrated):
    app = create_app(base_overrides(unmigrated) | {"ENV": "testing"})
    with app.app_context():
        upgrade(revision="0013")
        with db.engine.begin() as conn:
            for n, (country, agency) in enumerate([("FR", "PN"), ("FR", "GN"), ("KE", "PN")], start=1):
                conn.execute(sa.text("INSERT INTO \"user\" (id, email, name, sort_name, agency, country, role, active, "
                                     "session_version, created_at) VALUES (:id, :email, :name, :key, :agency, :country, "
                                     "'officer', TRUE, 1, CURRENT_TIMESTAMP)"),
                             {"id": n, "email": f"o{n}@x.example", "name": f"Officer {n}", "key": f"officer {n}",
                              "agency": agency, "country": country})  # fmt: skip
            conn.execute(sa.text("INSERT INTO cohort (id, name, country, location, course_slug, created_at) "
                                 "VALUES (1, 'Lyon', 'FR', '', 'quiz-course', CURRENT_TIMESTAMP)"))  # fmt: skip
            for n in (1, 2, 3):
                conn.execute(sa.text("INSERT INTO cohort_member (cohort_id, user_id, enrolled_at) "
                                     "VALUES (1, :n, CURRENT_TIMESTAMP)"), {"n": n})  # fmt: skip
        upgrade()
        with db.engine.connect() as conn:
            assert facets.drift(conn) == []
        found = roster.counts_of(db.session.get(Cohort, 1))
        assert (found.total, found.countries, found.agencies) == (3, {"FR": 2, "KE": 1}, {"PN": 2, "GN": 1})
        db.session.remove()  # gives its connection back before the pool goes
        db.engine.dispose()
