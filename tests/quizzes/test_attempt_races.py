"""Races with real threads on SQLite and PostgreSQL (security.md C5, C7)."""

import threading

from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes.models import Attempt
from tests.quizzes.conftest import COURSE, post_form, start, started_attempt


def run_parallel(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # pragma: no cover - shown by the assertion
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def logged_in_clients(app, login, user, count):
    clients = []
    for _ in range(count):
        c = app.test_client()
        login(user, target=c)
        clients.append(c)
    return clients


def test_twenty_parallel_submits_make_one_transition(app, officer, client, login, make_user):
    attempt_id = started_attempt(client, "basics-quiz")
    from tests.conftest import csrf_token

    clients = logged_in_clients(app, login, officer, 20)
    tokens = [csrf_token(c, "/progress/") for c in clients]

    def submit(i):
        return clients[i].post(f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}",
                               data={"csrf_token": tokens[i], "action": "submit", "present": "", "revision": "0"}).status_code  # fmt: skip

    statuses, errors = run_parallel(20, submit)
    assert errors == [] and all(s in (302, 409) for s in statuses), statuses
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "graded" and attempt.revision == 0


def test_ten_parallel_start_and_submit_loops_respect_max_attempts(app, officer, login, clock):
    """max_attempts=3 (no cooldown once the clock moves): exactly three attempts exist."""
    clients = logged_in_clients(app, login, officer, 10)

    def loop(i):
        codes = []
        for _ in range(5):
            response = start(clients[i], "basics-quiz")
            location = response.headers.get("Location", "")
            codes.append(response.status_code)
            if "/attempts/" in location:
                attempt_id = int(location.rsplit("/", 1)[1])
                codes.append(post_form(clients[i], "basics-quiz", attempt_id, {}, action="submit").status_code)
            clock.advance(minutes=11)
        return codes

    results, errors = run_parallel(10, loop)
    assert errors == []
    assert all(code < 500 for codes in results for code in codes), results
    with app.app_context():
        numbers = sorted(db.session.scalars(select(Attempt.number).where(Attempt.user_id == officer.id)))
        assert numbers == [1, 2, 3]
        assert db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.state == "in_progress")) == 0
