"""Helpers for driving quizzes through the real routes, CSRF on."""

import re

import pytest

from tests.conftest import csrf_token

COURSE = "quiz-course"
REVISION = re.compile(r'name="revision" value="(\d+)"')
ATTEMPT_URL = re.compile(r"/quizzes/quiz-course/(?P<quiz>[\w-]+)/attempts/(?P<id>\d+)$")


@pytest.fixture
def officer(make_user, login):
    user = make_user()
    login(user)
    return user


def start(client, quiz):
    token = csrf_token(client, f"/quizzes/{COURSE}/{quiz}/")
    return client.post(f"/quizzes/{COURSE}/{quiz}/start", data={"csrf_token": token})


def started_attempt(client, quiz) -> int:
    response = start(client, quiz)
    match = ATTEMPT_URL.search(response.headers.get("Location", ""))
    assert match, response.headers.get("Location")
    return int(match.group("id"))


def attempt_page(client, quiz, attempt_id, page=None):
    url = f"/quizzes/{COURSE}/{quiz}/attempts/{attempt_id}" + (f"?page={page}" if page is not None else "")
    return client.get(url)


def choice_values(html: str, slot: int) -> list[str]:
    return re.findall(rf'name="q{slot}" value="({slot}-\d+)"', html)


def label_value(html: str, slot: int, text: str) -> str:
    """The value of the choice of `slot` whose label contains `text`."""
    for value, label in re.findall(rf'name="q{slot}" value="({slot}-\d+)"[^>]*> <span>(.*?)</span>', html):
        if text in label:
            return value
    raise AssertionError(f"no choice {text!r} in question {slot}")


def post_form(client, quiz, attempt_id, answers: dict, action="save", revision=None, present=None, page=None):
    page_response = attempt_page(client, quiz, attempt_id)
    if page_response.status_code != 200:  # finished already: post what a stale tab would
        html = ""
        token = csrf_token(client, "/progress/")
    else:
        html = page_response.get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    if present is None:
        present = re.search(r'name="present" value="([^"]*)"', html).group(1) if html else ""
    if revision is None:
        revision = REVISION.search(html).group(1) if html else "0"
    data = {"csrf_token": token, "action": action, "present": present, "revision": revision}
    if page is not None:
        data["page"] = page
    for slot, value in answers.items():
        data[f"q{slot}"] = value
    return client.post(f"/quizzes/{COURSE}/{quiz}/attempts/{attempt_id}", data=data)


def right_answers(html: str) -> dict:
    """Every answer of basics-quiz right, read from the page as an officer would choose."""
    return {
        0: label_value(html, 0, "Ten minutes"),
        1: label_value(html, 1, "False"),
        2: [label_value(html, 2, "Whole outputs"), label_value(html, 2, "Change returns")],
        3: "100,000,000",
        4: "  Change   Output ",
    }


def with_extra_module(tmp_path, quiz: str, title: str) -> dict:
    """App settings: the quiz course copied with one more module whose quiz is `quiz`."""
    import shutil

    from tests.conftest import FIXTURES

    courses = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses" / COURSE, courses / COURSE)
    (courses / COURSE / "04-extra.md").write_text(
        f"---\ntitle: {title}\nminutes: 5\nobjectives:\n  - Take {quiz}.\nquiz: {quiz}\n---\n## {title}\n",
        encoding="utf-8",
    )
    return {"COURSES_DIR": str(courses)}


def shown_questions(html: str) -> list[str]:
    """The question numbers an attempt page shows."""
    return re.findall(r'<span class="q-number">Question (\d+)</span>', html)


def passed_basics_quiz(app, login, officer) -> int:
    """`officer`, in a client of their own, passes basics-quiz with every answer right; the attempt's id."""
    officer_client = app.test_client()
    login(officer, target=officer_client)
    attempt_id = started_attempt(officer_client, "basics-quiz")
    html = attempt_page(officer_client, "basics-quiz", attempt_id).get_data(as_text=True)
    post_form(officer_client, "basics-quiz", attempt_id, right_answers(html), action="submit")
    return attempt_id
