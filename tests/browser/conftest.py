"""Real-browser fixtures: the app served on a random port, and Debian's Chromium driven by Playwright.

Browser tests skip when /usr/bin/chromium is absent, unless LMS_REQUIRE_BROWSER=1 (CI), where
they fail instead. Never run `playwright install`: it downloads a browser, which fails here.
"""

import os
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
COMPRESSED = Path(__file__).resolve().parents[1] / "fixtures" / "compressed"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parents[2]
# The real course and its quizzes, for tests that walk what officers get (an `app_overrides` value).
REAL_CONTENT = {"COURSES_DIR": str(ROOT / "courses"), "QUIZZES_DIR": str(ROOT / "quizzes")}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = "Chromium is not installed (apt-get install -y --no-install-recommends chromium)"
        if os.environ.get("LMS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; LMS_REQUIRE_BROWSER=1 forbids skipping")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic"])
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """The test app behind a real HTTP server on 127.0.0.1 and a free port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = address  # links in pages are built from it, as a deployment sets it
    yield address
    server.shutdown()
    thread.join(timeout=10)


@contextmanager
def browser_page(browser, live_server, viewport=DESKTOP, **options):
    """A page in a context of its own: its own cookies, as a second browser or device would have."""
    context = browser.new_context(base_url=live_server, viewport=viewport, **options)
    context.set_default_timeout(10_000)  # a step that cannot happen fails in seconds, not minutes
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    with browser_page(browser, live_server) as page:
        yield page


def sign_in(page, email: str, check_accessibility: bool = True, password: str = PASSWORD) -> None:
    if "/auth/login" not in page.url:
        page.goto("/auth/login")
    if check_accessibility:  # axe runs as a script: not in a page without JavaScript
        assert_accessible(page)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/auth/login" not in url)  # each role lands on its own workspace


def screenshot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def assert_accessible(page) -> None:
    """axe-core (bundled, offline): no violation of serious or critical impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]


def finish_attempt(page, check_accessibility: bool = False) -> None:
    """ "Finish attempt…", then the summary's "Submit all and finish", as an officer submits."""
    page.get_by_role("button", name="Finish attempt…").click()
    page.wait_for_url(re.compile(r"/summary$"))
    if check_accessibility:
        assert_accessible(page)
    page.get_by_role("button", name="Submit all and finish").click()


@pytest.fixture
def worked_through(app, make_user, clock):
    """make(name, modules) -> (user, course): an officer who has read and passed the real course's
    first `modules` modules, as the demo's officers do; the clock is then a day later."""

    def make(name: str, modules: int | None = None):
        import random

        from lms.auth.models import User
        from lms.catalog.service import catalog
        from lms.demo import work_through
        from lms.extensions import db

        user = make_user(name=name)
        with app.app_context():
            course, row = catalog().course("crypto-crime-essentials"), db.session.get(User, user.id)
            count = len(course.modules) if modules is None else modules
            work_through(row, course, catalog(), count, 1.0, random.Random(1), clock.now)
            db.session.commit()
        clock.advance(days=1)  # after every moment work_through used
        return user, course

    return make
