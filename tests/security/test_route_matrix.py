"""B2: every route, for every role, answers as the checked-in matrix says; a new route must be added.

GET routes are requested as anonymous, officer, instructor, coordinator and admin. POST-only
routes are posted without a CSRF token, which must be refused (400) for everyone (E1).
Regenerate after adding a route, and review the diff: LMS_WRITE_ROUTE_MATRIX=1 pytest this file.
"""

import json
import os
from pathlib import Path

import pytest

from lms.extensions import db
from tests.conftest import csrf_token

MATRIX = Path(__file__).with_name("route_matrix.json")
ROLES = ("anonymous", "officer", "instructor", "coordinator", "admin")


@pytest.fixture
def world(app, make_user, make_cohort, login):
    """One of everything a URL can name, with the coordinator assigned and the officer enrolled."""
    from lms.progress.models import Certificate
    from tests.quizzes.conftest import started_attempt

    users = {role: make_user(role) for role in ROLES[1:]}
    cohort = make_cohort(coordinators=[users["coordinator"]], members=[users["officer"]])
    officer_client = app.test_client()
    login(users["officer"], target=officer_client)
    attempt_id = started_attempt(officer_client, "basics-quiz")
    with app.app_context():
        certificate = Certificate(
            user_id=users["officer"].id, course_slug="quiz-course", code="ABCD-EFGH-JKLM", grade=90
        )
        db.session.add(certificate)
        db.session.commit()
        certificate_id = certificate.id
    values = {"course": "quiz-course", "module": "basics", "quiz": "basics-quiz", "cohort_id": cohort,
              "user_id": users["officer"].id, "attempt_id": attempt_id, "filename": "block.svg", "fmt": "csv",
              "code": "ABCD-EFGH-JKLM", "certificate_id": certificate_id, "answer_id": 1, "token": "1.x",
              "message_id": 1, "lab": "lab", "txid": "0" * 64, "chain": "bitcoin", "address": "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
              "slug": "preservation"}  # fmt: skip
    return users, values


def url_for_rule(rule, values):
    url = rule.rule
    for name in rule.arguments:
        url = url.replace(f"<{name}>", str(values[name]))
        for converter in ("int", "path"):
            url = url.replace(f"<{converter}:{name}>", str(values[name]))
    return url


def observed(app, login, world):
    users, values = world
    result = {}
    clients = {"anonymous": app.test_client()}
    for role in ROLES[1:]:
        clients[role] = app.test_client()
        login(users[role], target=clients[role])
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        url = url_for_rule(rule, values)
        if "GET" in rule.methods:
            statuses = {}
            for role in ROLES:
                response = clients[role].get(url)
                statuses[role] = response.status_code
                response.close()
            result[f"GET {rule.rule}"] = statuses
        if "POST" in rule.methods:
            result[f"POST {rule.rule}"] = {role: clients[role].post(url, data={}).status_code for role in ROLES}
    return result


def test_every_route_answers_as_the_matrix_says(app, login, world):
    seen = observed(app, login, world)
    if os.environ.get("LMS_WRITE_ROUTE_MATRIX") == "1":
        MATRIX.write_text(json.dumps(seen, indent=1, sort_keys=True) + "\n")
    expected = json.loads(MATRIX.read_text())
    missing = sorted(set(seen) - set(expected))
    assert not missing, f"routes missing from {MATRIX.name}; add them (see the module docstring): {missing}"
    stale = sorted(set(expected) - set(seen))
    assert not stale, f"routes in {MATRIX.name} that no longer exist: {stale}"
    wrong = {route: (expected[route], seen[route]) for route in seen if expected[route] != seen[route]}
    assert not wrong, wrong


def test_post_routes_refuse_requests_without_a_csrf_token(app, login, world):
    for route, statuses in json.loads(MATRIX.read_text()).items():
        if route.startswith("POST "):
            assert set(statuses.values()) == {400}, route


def test_no_get_route_changes_state(app, login, world):
    """E1: walking every GET route as every role writes nothing but audit records."""
    from sqlalchemy import func, select

    import lms.models as models
    from lms.models import __all__ as model_names

    def counts():
        with app.app_context():
            return {name: db.session.scalar(select(func.count()).select_from(getattr(models, name)))
                    for name in model_names if name not in ("AuditEvent", "LoginFailure", "QuizVersion")}  # fmt: skip

    before = counts()
    observed(app, login, world)
    assert counts() == before
    assert csrf_token(app.test_client())  # the login page still works after the walk
