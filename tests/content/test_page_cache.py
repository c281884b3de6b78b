"""Module pages and dashboards come from the shared page cache (lms/page_cache.py) byte for byte as
they would be rendered afresh: every module of the real course, in every language, in every status
an officer can see it in, and dashboards from a newcomer's to a certified officer's, with a name
that needs escaping. The CSRF token in a cached page works."""

import random
import re

import pytest

from lms import demo
from lms.auth.models import User
from lms.catalog.service import catalog
from lms.extensions import db
from lms.i18n import SERVED_LOCALES
from lms.progress import service as progress
from lms.progress.rules import Status
from tests.browser.conftest import REAL_CONTENT

COURSE = "crypto-crime-essentials"
TOKEN = re.compile(r'(name="csrf_token" type="hidden" value="|name="csrf_token" value=")[^"]+"')
NAME = 'Ana O\'Brien <Ana> & "Co"'


@pytest.fixture
def app_overrides():
    return dict(REAL_CONTENT)


def officer_at(app, make_user, clock, done: int, then: str | None = None):
    """An officer who completed the first `done` modules, then read the next ("read") or passed its
    quiz without reading it ("passed")."""
    user = make_user(name=NAME)
    with app.app_context():
        course = catalog().course(COURSE)
        demo.work_through(db.session.get(User, user.id), course, catalog(), done, 1.0, random.Random(1), clock.now)
        following = course.modules[done] if then else None
        if then == "read":
            progress.mark_read(user.id, COURSE, following.slug)
        elif then == "passed":
            demo._take(user.id, catalog().quiz(COURSE, following.quiz), 1.0, random.Random(2))
        db.session.commit()
    clock.advance(days=1)
    return user


def set_locale(app, user, locale: str) -> None:
    with app.app_context():
        db.session.get(User, user.id).locale = locale
        db.session.commit()


def page(app, client, path: str, cached: bool) -> str:
    app.config["PAGE_CACHE"] = cached
    response = client.get(path)
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # a locked module: the course page shows (and so clears) the flash
        client.get(response.headers["Location"])
        return "redirect"
    html = response.get_data(as_text=True)
    tokens = {match.group(0).split('value="')[1] for match in TOKEN.finditer(html)}
    assert len(tokens) == 1, tokens  # every form of the page carries this session's one token
    return TOKEN.sub(r'\1TOKEN"', html)


def test_cached_module_pages_are_the_pages_rendered_afresh(app, make_user, login, clock):
    officers = [
        officer_at(app, make_user, clock, 0),
        officer_at(app, make_user, clock, 1, then="read"),
        officer_at(app, make_user, clock, 2, then="passed"),
        officer_at(app, make_user, clock, 3),
    ]
    seen: set[Status] = set()
    with app.app_context():
        modules = [m.slug for m in catalog().course(COURSE).modules]
        for officer in officers:
            state = progress.course_state_for(officer.id, catalog().course(COURSE))
            seen.update(m.status for m in state.modules if not m.locked)
    assert seen == set(Status)  # every status is on some officer's pages
    compared = 0
    for officer in officers:
        client = app.test_client()
        login(officer, target=client)
        for locale in SERVED_LOCALES:
            set_locale(app, officer, locale)
            for module in modules:
                path = f"/courses/{COURSE}/{module}"
                fresh = page(app, client, path, cached=False)
                assert page(app, client, path, cached=True) == fresh, (locale, module)  # rendered into the cache
                assert page(app, client, path, cached=True) == fresh, (locale, module)  # from the cache
                if fresh != "redirect":
                    compared += 1
                    shown = fresh
        original = page(app, client, f"/courses/{COURSE}/{modules[0]}?original=1", cached=True)
        assert original == page(app, client, f"/courses/{COURSE}/{modules[0]}?original=1", cached=False)
    assert compared >= 4 * len(SERVED_LOCALES) * 2
    assert "Ana O&#39;Brien &lt;Ana&gt; &amp; &#34;Co&#34;" in shown


def test_cached_dashboards_are_the_dashboards_rendered_afresh(app, make_user, login, clock):
    with app.app_context():
        every_step = len(catalog().course(COURSE).modules) + 1
    officers = [officer_at(app, make_user, clock, 0), officer_at(app, make_user, clock, 2, then="read"),
                officer_at(app, make_user, clock, every_step - 1), officer_at(app, make_user, clock, every_step)]  # fmt: skip
    with app.app_context():
        db.session.get(User, officers[1].id).timezone = "Asia/Seoul"  # no zone notice for this one
        db.session.commit()
    pages = set()
    for officer in officers:
        client = app.test_client()
        login(officer, target=client)
        for locale in SERVED_LOCALES:
            set_locale(app, officer, locale)
            fresh = page(app, client, "/progress/", cached=False)
            assert page(app, client, "/progress/", cached=True) == fresh, locale
            assert page(app, client, "/progress/", cached=True) == fresh, locale
            pages.add(fresh)
    assert len(pages) == len(officers) * len(SERVED_LOCALES)  # each officer's own, in each language
    assert any("Download your certificate (PDF)" in html for html in pages)
    assert any("until you choose your time zone" in html for html in pages)


def test_the_token_in_a_cached_page_is_the_officer_own_and_works(app, client, make_user, login, clock):
    first, second = officer_at(app, make_user, clock, 0), officer_at(app, make_user, clock, 0)
    path = f"/courses/{COURSE}/{catalog_modules(app)[0]}"
    other = app.test_client()
    login(first, target=other)
    other.get(path)  # the page is now in the cache, rendered for the first officer
    login(second)
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    action = re.search(r'<form method="post" action="([^"]+/read)">', html).group(1)
    response = client.post(action, data={"csrf_token": token})
    body = response.get_data(as_text=True)
    assert response.status_code == 302, body[body.find("<h1>") :][:600]
    with app.app_context():
        assert progress.course_state_for(second.id, catalog().course(COURSE)).modules[0].status == Status.READ


def catalog_modules(app) -> list[str]:
    with app.app_context():
        return [m.slug for m in catalog().course(COURSE).modules]


def test_flashed_messages_and_other_queries_are_rendered_afresh(app, client, make_user, login, clock):
    officer = officer_at(app, make_user, clock, 0)
    login(officer)
    modules = catalog_modules(app)
    path = f"/courses/{COURSE}/{modules[0]}"
    client.get(path)
    locked = client.get(f"/courses/{COURSE}/{modules[-1]}")  # locked: a flash, then the course page
    assert locked.status_code == 302
    with client.session_transaction() as session:
        assert session.get("_flashes")
    assert "opens once the modules before it are complete" in client.get(path).get_data(as_text=True)
    assert "opens once" not in client.get(path).get_data(as_text=True)  # shown once, as always
    client.get(path + "?x=1")
    client.get(path + "?x=2")
    keys = app.extensions["lms.page_cache"].entries
    assert not any(b"x=" in key[2] for key in keys)
