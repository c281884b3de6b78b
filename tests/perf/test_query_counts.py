"""The number of SQL statements of the busiest pages is pinned and does not grow with the data.

Each page is requested by someone with little history and by someone with ten times more; both
must send the same statements, and exactly as many as pinned here. A new statement per row
(an N+1) fails these tests; a deliberate change of a page's queries updates the pinned number.
"""

from __future__ import annotations

import re

import pytest

from lms.extensions import db
from tests.conftest import csrf_token

from .conftest import COURSE, form_of, signed_in

# Statements per request, BEGIN not counted. The first is always loading the signed-in user.
PINNED = {
    # user; then per course (the fixtures have two): reads, graded attempts, certificate
    "officer dashboard": 7,
    # again, nothing changed: the user (each course's result and certificate come from the worker's
    # cache, filed under the officer's progress version, read with the user; the page too)
    "officer dashboard again": 1,
    "module page": 3,  # user; reads; graded attempts
    "module page again": 1,  # user (the course result is cached, the page too)
    "attempt page": 3,  # user; the attempt with its quiz version; its answers
    # user; the attempt, locked; one upsert of the answer (the attempt's other answers are not
    # read); the attempt's revision
    "autosave": 4,
    # user; attempt; answers; attempt update; answer updates (one executemany); the officer's
    # progress version bumped and their memberships' standings marked (two); audit record; reads;
    # graded attempts (is the course complete now? only then is the certificate looked up)
    "submit": 10,
    # user; cohort; its counts (total, countries, agencies: one row each); the page of members (one
    # index range, by keyset); then the page's rows in three statements (reads, graded attempts,
    # certificates) whatever the page size
    "coordinator dashboard": 7,
    # sorted by grade or progress, nobody changed since the last such view: as above, plus the
    # lookup of memberships marked for a new standing (lms.reports.standings)
    "coordinator dashboard by standing": 8,
    # some officers changed: as above, plus the refresh in a write transaction of its own (per
    # chunk of 500: their versions, locked; reads, graded attempts, certificates, one executemany
    # storing the standings; then the cohort's rules), and the cohort and the user read again
    # after it (its rollback expired them)
    "coordinator dashboard by standing, refreshed": 16,
    "essay queue": 3,  # user; waiting attempts with their officers; their answers
}


@pytest.fixture
def officers(make_user, give_history):
    """A newcomer (1 module read, 1 attempt) and a veteran (3 modules read, 10 attempts)."""
    newcomer, veteran = make_user(), make_user()
    give_history(newcomer, reads=1, attempts=1)
    give_history(veteran, reads=3, attempts=10)
    return newcomer, veteran


def counts(app, login, officers, count_queries, request, again: bool = False) -> list[int]:
    """Statements of the request for each officer; `again`: of the same request made a second time."""
    found = []
    for user in officers:
        client = signed_in(app, login, user)
        prepared = request(client, user, prepare=True)
        if again:
            request(client, user, prepared=prepared)
        with count_queries() as statements:
            response = request(client, user, prepared=prepared)
        assert response.status_code in (200, 302), response.status_code
        found.append(len(statements))
    return found


def test_officer_dashboard(app, login, officers, count_queries):
    def get(client, user, prepare=False, prepared=None):
        return None if prepare else client.get("/progress/")

    assert counts(app, login, officers, count_queries, get) == [PINNED["officer dashboard"]] * 2


def test_module_page(app, login, officers, count_queries):
    def get(client, user, prepare=False, prepared=None):
        return None if prepare else client.get(f"/courses/{COURSE}/writing")

    assert counts(app, login, officers, count_queries, get) == [PINNED["module page"]] * 2
    assert counts(app, login, officers, count_queries, get, again=True) == [PINNED["module page again"]] * 2


def test_officer_dashboard_again(app, login, officers, count_queries):
    def get(client, user, prepare=False, prepared=None):
        return None if prepare else client.get("/progress/")

    assert counts(app, login, officers, count_queries, get, again=True) == [PINNED["officer dashboard again"]] * 2


def _started(client) -> str:
    from tests.quizzes.conftest import started_attempt

    return f"/quizzes/{COURSE}/basics-quiz/attempts/{started_attempt(client, 'basics-quiz')}"


def test_attempt_page(app, login, officers, count_queries):
    def get(client, user, prepare=False, prepared=None):
        return _started(client) if prepare else client.get(prepared)

    assert counts(app, login, officers, count_queries, get) == [PINNED["attempt page"]] * 2


def test_autosave(app, login, officers, count_queries):
    """One answer saved by the page's script, however many the attempt holds already."""

    def post(client, user, prepare=False, prepared=None):
        if prepare:
            path = _started(client)
            html = client.get(path).get_data(as_text=True)
            answers = dict(re.findall(r'name="(q\d+)" value="(\d+-0)"', html))
            client.post(path, data=form_of(client, path) | answers | {"action": "save"})
            return path, form_of(client, path)
        path, fields = prepared
        return client.post(path + "/save", data={"csrf_token": fields["csrf_token"], "present": "0",
                                                 "revision": fields["revision"], "q0": "0-1"})  # fmt: skip

    assert counts(app, login, officers, count_queries, post) == [PINNED["autosave"]] * 2


def test_attempt_page_with_every_answer_saved(app, login, officers, count_queries):
    """Saved answers are read in one statement, however many there are."""

    def get(client, user, prepare=False, prepared=None):
        if prepare:
            path = _started(client)
            html = client.get(path).get_data(as_text=True)
            fields = form_of(client, path)
            answers = dict(re.findall(r'name="(q\d+)" value="(\d+-0)"', html))
            client.post(path, data=fields | answers | {"action": "save"})
            return path
        return client.get(prepared)

    assert counts(app, login, officers, count_queries, get) == [PINNED["attempt page"]] * 2


def test_submit(app, login, officers, count_queries):
    """Submitting answers the page has autosaved: one statement updates every answer's score.

    (Answers first saved by the submit itself are inserted one statement each on SQLite, where
    SQLAlchemy fetches each new row's id; that grows with the quiz, not with the data.)
    """

    def post(client, user, prepare=False, prepared=None):
        if prepare:
            path = _started(client)
            html = client.get(path).get_data(as_text=True)
            answers = dict(re.findall(r'name="(q\d+)" value="(\d+-0)"', html))
            client.post(path, data=form_of(client, path) | answers | {"action": "save"})
            return path, form_of(client, path) | answers
        path, form = prepared
        return client.post(path, data=form | {"action": "submit"})

    assert counts(app, login, officers, count_queries, post) == [PINNED["submit"]] * 2


@pytest.mark.parametrize(
    ("pinned", "queries"),
    [
        (
            "coordinator dashboard",
            [
                "",
                "",
                "{next}",
                "{last}",
                "{previous}",
                "status=in_progress&sort=-country",
                "country=KE&sort=-agency",
                "q=test&sort=email",
            ],
        ),
    ],
)
def test_coordinator_dashboard(app, login, make_user, make_cohort, give_history, count_queries, pinned, queries):
    """3 officers or 30 (two pages of 25): the same statements for each page."""
    coordinator = make_user("coordinator")
    small = [make_user() for _ in range(3)]
    large = [make_user() for _ in range(30)]
    for n, user in enumerate(small + large):
        give_history(user, reads=n % 4, attempts=n % 3)
    cohorts = [make_cohort(name=name, coordinators=[coordinator], members=members)
               for name, members in (("Small", small), ("Large", large))]  # fmt: skip
    client = signed_in(app, login, coordinator)
    first = client.get(f"/cohorts/{cohorts[1]}/").get_data(as_text=True)
    last = client.get(f"/cohorts/{cohorts[1]}/?last=1").get_data(as_text=True)
    pages = {"{next}": link(first, "next"), "{last}": "last=1", "{previous}": link(last, "prev")}
    assert pages["{next}"].startswith("after=") and pages["{previous}"].startswith("before=")
    found = []
    for i, query in enumerate(queries):  # the first view on the small cohort, the rest on the large one
        with count_queries() as statements:
            assert client.get(f"/cohorts/{cohorts[min(i, 1)]}/?{pages.get(query, query)}").status_code == 200
        found.append(len(statements))
    assert found == [PINNED[pinned]] * len(queries)


def test_coordinator_dashboard_by_standing(app, login, make_user, make_cohort, give_history, count_queries):
    """Sorted by grade or progress: the first view stores every standing; later views only look for
    stale ones and read an index range, whichever ranking and page; one officer's change costs one
    refresh of that officer."""
    coordinator = make_user("coordinator")
    members = [make_user() for _ in range(30)]
    for n, user in enumerate(members):
        give_history(user, reads=n % 4, attempts=n % 3)
    cohort = make_cohort(coordinators=[coordinator], members=members)
    client = signed_in(app, login, coordinator)

    def statements(query: str) -> int:
        with count_queries() as found:
            assert client.get(f"/cohorts/{cohort}/?{query}").status_code == 200
        return len(found)

    first = statements("sort=grade")
    steady = [statements(q) for q in ("sort=grade", "sort=-grade", "sort=progress", "sort=-progress&last=1")]
    give_history(members[7], reads=1, attempts=1)
    after_one_change = statements("sort=grade")
    refreshed = PINNED["coordinator dashboard by standing, refreshed"]
    assert [first, *steady, after_one_change] == [refreshed, *[PINNED["coordinator dashboard by standing"]] * 4,
                                                  refreshed]  # fmt: skip


def link(html: str, rel: str) -> str:
    """The query string of the pager's link with rel=`rel`."""
    import html as entities

    found = re.search(rf'<a rel="{rel}" href="[^"?]*\?([^"]+)"', html)
    assert found, f"no rel={rel} link"
    return entities.unescape(found.group(1))


def test_essay_queue(app, login, make_user, waiting_essay, count_queries):
    """One waiting essay or five: the queue page sends the same statements."""
    instructor = make_user("instructor")
    client = signed_in(app, login, instructor)
    found = []
    for waiting in (1, 4):
        for _ in range(waiting if not found else waiting - 1):
            waiting_essay("Change returns value.")
        with count_queries() as statements:
            response = client.get("/authoring/essays")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("Change returns value.") == waiting
        found.append(len(statements))
    assert found == [PINNED["essay queue"]] * 2


def test_marking_an_essay_does_not_scan_the_queue(app, login, make_user, waiting_essay, count_queries):
    from lms.quizzes.models import Answer, Attempt

    instructor = make_user("instructor")
    client = signed_in(app, login, instructor)
    found = []
    for waiting in (1, 5):
        ids = [waiting_essay("Because.") for _ in range(waiting)]
        token = csrf_token(client, "/authoring/essays")
        with count_queries() as statements:
            response = client.post(f"/authoring/essays/{ids[0]}", data={"csrf_token": token, "mark": "2"})
        assert response.status_code == 302
        found.append(len(statements))
        with app.app_context():
            assert db.session.get(Answer, ids[0]).score == 2
            assert db.session.get(Attempt, db.session.get(Answer, ids[0]).attempt_id).state == "graded"
        # leave nothing waiting for the next round
        for answer_id in ids[1:]:
            token = csrf_token(client, "/authoring/essays")
            client.post(f"/authoring/essays/{answer_id}", data={"csrf_token": token, "mark": "1"})
    assert found[0] == found[1]
