"""A coordinator reaches only their cohorts; everything else answers 404 (security.md B3)."""

import pytest

from tests.conftest import csrf_token


@pytest.fixture
def two_cohorts(make_user, make_cohort, coordinator):
    officer = make_user()
    other_coordinator = make_user("coordinator")
    mine = make_cohort("Mine", coordinators=[coordinator], members=[officer])
    theirs = make_cohort("Theirs", coordinators=[other_coordinator], members=[officer])
    return mine, theirs, officer


GETS = ["/cohorts/{c}/", "/cohorts/{c}/edit", "/cohorts/{c}/import", "/cohorts/{c}/links.csv", "/cohorts/{c}/charts",
        "/cohorts/{c}/export.csv", "/cohorts/{c}/export.xlsx", "/cohorts/{c}/export.json", "/cohorts/{c}/officers/{o}",
        "/reports/cohorts/{c}/certificates.zip"]  # fmt: skip
POSTS = ["/cohorts/{c}/close", "/cohorts/{c}/members", "/cohorts/{c}/members/{o}/remove", "/cohorts/{c}/officers/{o}/grant",
         "/cohorts/{c}/officers/{o}/attempts/1/reset", "/cohorts/{c}/import", "/cohorts/{c}/coordinators"]  # fmt: skip


@pytest.mark.parametrize("url", GETS)
def test_other_cohort_pages_are_404(client, login, coordinator, two_cohorts, url):
    mine, theirs, officer = two_cohorts
    login(coordinator)
    assert client.get(url.format(c=theirs, o=officer.id)).status_code == 404
    response = client.get(url.format(c=mine, o=officer.id))
    # A cohort without certificates gets a message on its dashboard instead of an empty ZIP.
    assert response.status_code == (302 if url.endswith(".zip") else 200)
    response.close()


@pytest.mark.parametrize("url", POSTS)
def test_other_cohort_actions_are_404(client, login, coordinator, two_cohorts, url):
    _mine, theirs, officer = two_cohorts
    login(coordinator)
    token = csrf_token(client, "/cohorts/")
    assert client.post(url.format(c=theirs, o=officer.id), data={"csrf_token": token}).status_code == 404


def test_list_shows_only_my_cohorts_and_admin_sees_all(client, login, coordinator, two_cohorts, make_user):
    login(coordinator)
    html = client.get("/cohorts/").get_data(as_text=True)
    assert "Mine" in html and "Theirs" not in html
    admin_client = client.application.test_client()
    login(make_user("admin"), target=admin_client)
    html = admin_client.get("/cohorts/").get_data(as_text=True)
    assert "Mine" in html and "Theirs" in html


@pytest.mark.parametrize("role", ["officer", "instructor"])
def test_other_roles_get_404(client, login, make_user, two_cohorts, role):
    mine, _theirs, _officer = two_cohorts
    login(make_user(role))
    for url in ("/cohorts/", f"/cohorts/{mine}/", f"/cohorts/{mine}/export.csv", "/reports/grades/quiz-course.csv"):
        assert client.get(url).status_code == 404


def test_coordinator_cannot_use_the_admin_export_or_assign_coordinators(client, login, coordinator, two_cohorts):
    mine, _theirs, _officer = two_cohorts
    login(coordinator)
    assert client.get("/reports/grades/quiz-course.csv").status_code == 404
    token = csrf_token(client, "/cohorts/")
    assert (
        client.post(f"/cohorts/{mine}/coordinators", data={"csrf_token": token, "email": "x@y.example"}).status_code
        == 404
    )
