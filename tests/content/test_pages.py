"""Course and module pages, images, and start-up refusal on broken content."""

import shutil

import pytest

from lms import create_app
from lms.content.problems import ContentError
from tests.conftest import FIXTURES, base_overrides


@pytest.fixture
def officer(make_user, login):
    user = make_user()
    login(user)
    return user


def test_course_page_shows_landing_text_and_modules(client, officer):
    html = client.get("/courses/sample-course/").get_data(as_text=True)
    assert "A tiny course for tests." in html
    assert "First steps" in html and "Second steps" in html
    assert "0% complete" in html


def test_module_page_has_toc_objectives_reading_time_and_pager(client, officer):
    response = client.get("/courses/sample-course/first-steps")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#what-a-block-holds"' in html and 'href="#inside-a-header"' in html
    assert "Name the parts of a block." in html
    assert "Study time 20 min" in html and "Reading time about 1 min" in html
    assert "Mark as read" in html
    assert 'href="/courses/sample-course/second-steps"' in html
    assert response.headers["Cache-Control"] == "no-store"


def test_unknown_course_or_module_is_404(client, officer):
    assert client.get("/courses/nope/").status_code == 404
    assert client.get("/courses/sample-course/nope").status_code == 404


def test_images_beside_the_module_are_served(client, officer):
    response = client.get("/courses/sample-course/assets/chain.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    response.close()


@pytest.mark.parametrize(
    "path",
    [
        "../sample-course/course.md",
        "course.md",
        "..%2F..%2Fconfig.py",
        "%2e%2e/%2e%2e/config.py",
        "/etc/passwd",
        "chain.svg%00.md",
    ],
)
def test_nothing_else_is_served_from_the_content_folder(client, officer, path):
    # 404, or 400 for the NUL byte, which no address may hold (H6)
    assert client.get(f"/courses/sample-course/assets/{path}", follow_redirects=True).status_code in (400, 404)


def test_images_need_login(client):
    assert client.get("/courses/sample-course/assets/chain.svg").status_code == 302


def test_broken_content_stops_start_up_with_every_problem(tmp_path, monkeypatch):
    courses = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", courses)
    (courses / "sample-course" / "02-second-steps.md").write_text("---\ntitle: T\n---\nx")
    monkeypatch.setenv("LMS_ENV", "testing")
    overrides = base_overrides(f"sqlite:///{tmp_path / 'x.db'}") | {"COURSES_DIR": str(courses)}
    with pytest.raises(ContentError) as caught:
        create_app(overrides)
    assert "'minutes' is required" in str(caught.value) and "'objectives' is required" in str(caught.value)


def test_command_line_app_with_broken_content_answers_503_and_check_lists_problems(tmp_path, monkeypatch):
    """`flask lms check` must be able to load the app to report problems; pages stay closed."""
    import click

    courses = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", courses)
    (courses / "sample-course" / "02-second-steps.md").write_text("no front matter")
    monkeypatch.setenv("LMS_ENV", "testing")
    overrides = base_overrides(f"sqlite:///{tmp_path / 'x.db'}") | {"COURSES_DIR": str(courses)}
    with click.Context(click.Command("flask")):
        app = create_app(overrides)
    response = app.test_client().get("/auth/login")
    assert response.status_code == 503 and "being updated" in response.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["lms", "check"])
    assert result.exit_code == 1 and "02-second-steps.md:1: has no front matter" in result.output


def test_glossary_page(client, officer):
    html = client.get("/courses/sample-course/glossary").get_data(as_text=True)
    assert '<h2 id="confirmation">Confirmation</h2>' in html and 'href="#block"' in html
    assert "Glossary of terms" in client.get("/courses/sample-course/").get_data(as_text=True)
