"""security.md H9: only a real save of the officer's own open attempt counts as activity for the
idle timeout; no other request brings an idle-expired session back to life."""

import time

import pytest

from tests.conftest import csrf_token
from tests.quizzes.conftest import COURSE, post_form, started_attempt

IDLE_MINUTES = 31  # past the default SESSION_IDLE_MINUTES of 30


def go_idle(client, minutes=IDLE_MINUTES):
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - minutes * 60


def attempt_url(quiz, attempt_id, suffix=""):
    return f"/quizzes/{COURSE}/{quiz}/attempts/{attempt_id}{suffix}"


def autosave(client, url, token, revision=0):
    return client.post(url, data={"csrf_token": token, "present": "3", "revision": str(revision), "q3": "42"})


def signed_out(client) -> bool:
    response = client.get("/progress/")
    return response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_h9_an_autosave_of_ones_own_open_attempt_keeps_an_idle_session(client, make_user, login):
    login(make_user())
    attempt_id = started_attempt(client, "basics-quiz")
    token = csrf_token(client, attempt_url("basics-quiz", attempt_id))
    go_idle(client)
    response = autosave(client, attempt_url("basics-quiz", attempt_id, "/save"), token)
    assert response.status_code == 200 and response.get_json()["revision"] == 1
    with client.session_transaction() as session:
        assert time.time() - session["seen"] < 120  # the save counted as activity
    assert not signed_out(client)


def test_h9_a_plain_form_save_of_ones_own_open_attempt_keeps_an_idle_session(client, make_user, login):
    login(make_user())
    attempt_id = started_attempt(client, "basics-quiz")
    token = csrf_token(client, attempt_url("basics-quiz", attempt_id))
    go_idle(client)
    response = client.post(attempt_url("basics-quiz", attempt_id), data={"csrf_token": token, "present": "3",
                                                                          "revision": "0", "q3": "42"})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].startswith(
        attempt_url("basics-quiz", attempt_id)
    )
    assert not signed_out(client)


def _someone_elses(app, client, make_user, login, own):
    other = app.test_client()
    login(make_user(), target=other)
    return autosave(client, attempt_url("basics-quiz", started_attempt(other, "basics-quiz"), "/save"), own["token"])


IDLE_REQUESTS = {
    "get of the attempt page": lambda app, client, make_user, login, own: client.get(
        attempt_url("basics-quiz", own["id"])
    ),
    "autosave to no attempt": lambda app, client, make_user, login, own: autosave(
        client, attempt_url("basics-quiz", 999_999, "/save"), own["token"]
    ),
    "form save to no attempt": lambda app, client, make_user, login, own: autosave(
        client, attempt_url("basics-quiz", 999_999), own["token"]
    ),
    "own attempt under another quiz": lambda app, client, make_user, login, own: autosave(
        client, attempt_url("final", own["id"], "/save"), own["token"]
    ),
    "someone else's attempt": _someone_elses,
    "finished attempt": lambda app, client, make_user, login, own: autosave(
        client, attempt_url("basics-quiz", own["finished"], "/save"), own["token"]
    ),
    "save refused by CSRF": lambda app, client, make_user, login, own: autosave(
        client, attempt_url("basics-quiz", own["id"], "/save"), "not-a-token"
    ),
}


@pytest.mark.parametrize("case", IDLE_REQUESTS)
def test_h9_no_other_request_revives_an_idle_session(app, client, make_user, login, case):
    login(make_user())
    finished = started_attempt(client, "final")
    post_form(client, "final", finished, {}, action="submit")
    attempt_id = started_attempt(client, "basics-quiz")
    own = {"id": attempt_id, "finished": finished, "token": csrf_token(client, attempt_url("basics-quiz", attempt_id))}
    go_idle(client)
    response = IDLE_REQUESTS[case](app, client, make_user, login, own)
    assert response.status_code != 200
    assert signed_out(client)
