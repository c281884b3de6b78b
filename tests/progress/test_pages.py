"""The officer's path through the real routes: dashboard, locking, marking modules read."""

import threading

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.progress import service
from lms.progress.models import ModuleRead
from tests.conftest import csrf_token


@pytest.fixture
def officer(make_user, login):
    user = make_user()
    login(user)
    return user


def mark_read(client, module, token=None):
    token = token or csrf_token(client, f"/courses/sample-course/{module}")
    return client.post(f"/progress/sample-course/{module}/read", data={"csrf_token": token})


def reads(app, user_id):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ModuleRead).where(ModuleRead.user_id == user_id))


def test_dashboard_shows_modules_in_order_with_status_and_progress(client, officer):
    html = client.get("/progress/").get_data(as_text=True)
    assert html.index("First steps") < html.index("Second steps") < html.index("Third steps")
    assert '<progress id="progress-sample-course" max="100" value="0"' in html
    assert "Start: First steps" in html
    assert html.count("status-locked") == 2


def test_marking_read_completes_a_module_unlocks_the_next_and_moves_on(client, officer):
    response = mark_read(client, "first-steps")
    assert response.status_code == 302 and response.headers["Location"] == "/courses/sample-course/second-steps"
    html = client.get("/progress/").get_data(as_text=True)
    assert '<progress id="progress-sample-course" max="100" value="33"' in html
    assert "33% complete" in html and "Continue: Second steps" in html
    assert html.count("status-complete") == 1 and html.count("status-locked") == 1
    assert "You marked this module as read." in client.get("/courses/sample-course/first-steps").get_data(as_text=True)


def test_marking_read_twice_records_one_fact(app, client, officer):
    mark_read(client, "first-steps")
    mark_read(client, "first-steps")
    assert reads(app, officer.id) == 1


def test_locked_module_redirects_with_a_reason_and_cannot_be_marked(app, client, officer):
    response = client.get("/courses/sample-course/third-steps")
    assert response.status_code == 302 and response.headers["Location"] == "/courses/sample-course/"
    assert "opens once the modules before it are complete" in client.get("/courses/sample-course/").get_data(
        as_text=True
    )
    token = csrf_token(client, "/courses/sample-course/first-steps")
    mark_read(client, "third-steps", token)
    assert reads(app, officer.id) == 0


def test_mark_read_without_csrf_is_refused(app, client, officer):
    response = client.post("/progress/sample-course/first-steps/read")
    assert response.status_code == 400
    assert reads(app, officer.id) == 0


def test_mark_read_of_unknown_module_is_404(client, officer):
    token = csrf_token(client, "/courses/sample-course/first-steps")
    assert client.post("/progress/sample-course/nope/read", data={"csrf_token": token}).status_code == 404


def test_finishing_every_module_shows_done(client, officer):
    for module in ["first-steps", "second-steps", "third-steps"]:
        mark_read(client, module)
    response = mark_read(client, "third-steps")
    assert response.headers["Location"] == "/courses/sample-course/third-steps"
    html = client.get("/progress/").get_data(as_text=True)
    assert "100% complete" in html and "You have completed every step of this course." in html


def test_progress_is_per_officer(app, client, officer, make_user, login):
    mark_read(client, "first-steps")
    other_client = app.test_client()
    login(make_user(), target=other_client)
    assert "0% complete" in other_client.get("/progress/").get_data(as_text=True)


def test_parallel_mark_read_keeps_one_fact(app, make_user):
    """Two requests racing to insert the same fact: one row, no error (unique constraint + savepoint)."""
    user = make_user()
    errors = []
    barrier = threading.Barrier(4)

    def worker():
        with app.app_context(), app.test_request_context("/", method="POST"):
            try:
                barrier.wait()
                service.mark_read(user.id, "sample-course", "first-steps")
                db.session.commit()
            except Exception as exc:  # pragma: no cover - the assertion shows it
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert reads(app, user.id) == 1
