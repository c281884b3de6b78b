"""G1 and G3 against a real gunicorn with 4 workers, on SQLite and PostgreSQL (small numbers here;
full-size runs: python -m tests.reliability.server --officers 50 --quizzes 10)."""

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select, text

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.quizzes.models import GRADED, IN_PROGRESS, Attempt
from tests.reliability.server import Officer, Server, drive

pytestmark = pytest.mark.slow


@pytest.fixture
def officers(app, make_user):
    return [make_user(email=f"load{n}@police.example").email for n in range(8)]


@pytest.fixture
def server(app, database_url):
    running = Server(database_url).start()
    yield running
    running.stop()


def submissions(app):
    with app.app_context():
        return Counter(db.session.scalars(select(AuditEvent.target).where(AuditEvent.action == "attempt.submit")))


def test_g1_officers_sign_in_together_and_every_submission_is_graded_once(app, officers, server):
    results = drive(server.url, officers, quizzes=3)
    statuses = [s for o in results for s in o.statuses]
    assert not [s for s in statuses if s >= 500], Counter(statuses)
    assert sum(len(o.acknowledged) for o in results) == 24
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.state == GRADED)) == 24
        numbers = db.session.execute(select(Attempt.user_id, Attempt.number)).all()
        assert len(numbers) == len(set(numbers))
    assert set(submissions(app).values()) == {1}


def test_g3_kill_9_mid_load_then_restart_loses_nothing(app, database_url, officers):
    first = Server(database_url).start()
    crowd = [Officer(first.url, email) for email in officers]
    for officer in crowd:
        assert officer.login()

    def work(officer):
        for _ in range(20):
            try:
                officer.take_quiz()
            except OSError:
                return  # the server died under us

    threads = [threading.Thread(target=work, args=(o,)) for o in crowd]
    for t in threads:
        t.start()
    time.sleep(1.5)
    first.kill()
    for t in threads:
        t.join()
    acknowledged = {a for o in crowd for a in o.acknowledged}
    assert acknowledged, "the load should have got some submissions through before the kill"

    second = Server(database_url).start()
    try:
        with app.app_context():
            if db.engine.dialect.name == "sqlite":
                assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            states = dict(db.session.execute(select(Attempt.id, Attempt.state)).all())
        assert all(states.get(a) == GRADED for a in acknowledged), "an acknowledged submission is missing"
        # In-progress attempts resume (the session cookie signed before the crash still works).
        for officer in crowd:
            officer.base = second.url
        open_attempts = [a for a, state in states.items() if state == IN_PROGRESS]
        for attempt_id in open_attempts:
            owner = next(o for o in crowd if o.email == _owner_email(app, attempt_id))
            status, _text, _location = owner.request(f"/quizzes/quiz-course/stepwise-quiz/attempts/{attempt_id}")
            assert status == 200
        # A client retrying a submit it never saw answered creates nothing new and grades once.
        retrier = crowd[0]
        before = submissions(app)
        for attempt_id in list(acknowledged)[:3]:
            token = retrier.token("/progress/")
            retrier.request(f"/quizzes/quiz-course/stepwise-quiz/attempts/{attempt_id}",
                            {"csrf_token": token, "action": "submit", "present": "", "revision": "0"})  # fmt: skip
        assert submissions(app) == before
        assert set(before.values()) == {1}
    finally:
        second.stop()


def _owner_email(app, attempt_id):
    from lms.auth.models import User

    with app.app_context():
        return db.session.scalar(
            select(User.email).join(Attempt, Attempt.user_id == User.id).where(Attempt.id == attempt_id)
        )
