"""The coordinator's roster read by keyset: every sort and filter walks the whole list, forward and
back, without a gap or a repeat; a tampered or stale cursor gives a page, never an error (issue 21)."""

from __future__ import annotations

import base64
import html as entities
import json
import re

import pytest

from lms.cohorts import roster
from lms.cohorts.models import Cohort
from lms.database import encode_cursor
from lms.extensions import db

NAMES = ["Léa Dubois", "Lucas Almeida", "lea dubois", "Amina Njoroge", "Émile Zola", "김민준", "Ana Souza"]


@pytest.fixture
def roster_of(make_user, make_cohort):
    """A coordinator and a cohort of 60 officers: names repeat (so the user id breaks ties),
    three countries, four agencies."""
    coordinator = make_user("coordinator")
    officers = [make_user(name=NAMES[n % len(NAMES)], email=f"o{(n * 37) % 60:02d}@police.example",
                          country=("KE", "FR", "BR")[n % 3], agency=("A", "B", "C", "D")[n % 4]) for n in range(60)]  # fmt: skip
    return coordinator, make_cohort(coordinators=[coordinator], members=officers)


def ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/cohorts/\d+/officers/(\d+)"', html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return entities.unescape(found.group(1)) if found else None


def listed(app, cohort_id: int, **filters) -> list[int]:
    """The officers in the order of one ordered query, without pages."""
    with app.app_context():
        query = roster.member_query(db.session.get(Cohort, cohort_id), **filters)
        return [u.id for u in db.session.scalars(query)]


def flat(pages: list[list[int]]) -> list[int]:
    return [user_id for page in pages for user_id in page]


def walk(client, start: str, rel: str) -> tuple[list[list[int]], list[str]]:
    pages, html, url = [], client.get(start).get_data(as_text=True), start
    labels = []
    while True:
        pages.append(ids(html))
        labels += re.findall(r"Page \d+ of \d+", html)
        url = link(html, rel)
        if url is None:
            return pages, labels
        html = client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("sort", ["name", "-name", "country", "-country", "agency", "-agency", "email", "-email"])
def test_every_sort_walks_the_whole_list_forward_and_back(app, client, login, roster_of, sort):
    coordinator, cohort = roster_of
    login(coordinator)
    forward, labels = walk(client, f"/cohorts/{cohort}/?sort={sort}", "next")
    assert [len(p) for p in forward] == [25, 25, 10]
    assert flat(forward) == listed(app, cohort, sort=sort)
    assert labels == ["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"]
    backward, labels = walk(client, f"/cohorts/{cohort}/?sort={sort}&last=1", "prev")
    assert backward == forward[::-1]  # the last page holds the 10 the others leave: pages stay aligned
    assert labels == ["Page 3 of 3", "Page 2 of 3", "Page 1 of 3"]


@pytest.mark.parametrize(
    ("query", "filters", "counted"),
    [
        ("country=KE", {"country": "KE"}, "20 officers"),
        ("agency=B&sort=-country", {"agency": "B", "sort": "-country"}, "15 officers"),
        ("status=not_started&sort=email", {"status": "not_started", "sort": "email"}, "60 officers in this cohort"),
        ("q=dubois", {"search": "dubois"}, "18 officers"),  # on one page: counted as it is read
        ("q=police.example&sort=-agency", {"search": "police.example", "sort": "-agency"}, "in this cohort"),
    ],
)
def test_filters_walk_their_officers(app, client, login, roster_of, query, filters, counted):
    coordinator, cohort = roster_of
    login(coordinator)
    forward, _labels = walk(client, f"/cohorts/{cohort}/?{query}", "next")
    assert flat(forward) == listed(app, cohort, **filters)
    assert counted in client.get(f"/cohorts/{cohort}/?{query}").get_data(as_text=True)
    backward, _labels = walk(client, f"/cohorts/{cohort}/?{query}&last=1", "prev")
    assert flat(backward[::-1]) == flat(forward) or len(forward) > 1  # unaligned when uncounted
    assert set(flat(backward)) == set(flat(forward))


def token(value) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


TAMPERED = [
    "",
    "garbage",
    "!!!!",
    "x" * 5000,
    "é",
    token(b"\xff\xfe"),
    token(b"not json"),
    token([]),
    token("name"),
    token({"o": "name", "k": ["officer"], "n": 2}),  # a key of the wrong length
    token({"o": "email", "k": ["o01@police.example", 3], "n": 2}),  # another sort's cursor
    token({"o": "name", "k": ["a\x00b", 3], "n": 2}),  # NUL: PostgreSQL would refuse the string
    token({"o": "name", "k": ["\ud800", 3], "n": 2}),  # a lone surrogate: no UTF-8 for it
    token({"o": "name", "k": ["a", 2**40], "n": 2}),  # beyond an INTEGER column
    token({"o": "name", "k": ["a", -1], "n": 2}),
    token({"o": "name", "k": ["a", True], "n": 2}),
    token({"o": "name", "k": ["a" * 300, 3], "n": 2}),
    token({"o": "name", "k": [["a"], 3], "n": 2}),
    token({"o": "name", "k": ["a", 3.5], "n": 2}),
    token({"o": "name", "k": ["a", 3], "n": 0}),
    token({"o": "name", "k": ["a", 3], "n": "2"}),
    token({"o": "name", "k": ["a", 3], "n": 2**40}),
    token(b"[" * 100_000),
]


@pytest.mark.parametrize("kind", ["after", "before"])
def test_a_tampered_cursor_reads_as_the_first_page(client, login, roster_of, kind):
    coordinator, cohort = roster_of
    login(coordinator)
    first = ids(client.get(f"/cohorts/{cohort}/").get_data(as_text=True))
    for bad in TAMPERED:
        response = client.get(f"/cohorts/{cohort}/", query_string={kind: bad})
        assert response.status_code == 200, bad[:40]
        assert ids(response.get_data(as_text=True)) == first, bad[:40]
    assert ids(client.get(f"/cohorts/{cohort}/?last=yes").get_data(as_text=True)) == first


def test_a_made_up_cursor_of_the_right_shape_is_just_a_position(client, login, roster_of):
    """Not secret: a cursor says where to start, and reading from anywhere shows only this cohort's officers."""
    coordinator, cohort = roster_of
    login(coordinator)
    html = client.get(f"/cohorts/{cohort}/", query_string={"after": encode_cursor("name", ["lucas", 0], 7)})
    page = html.get_data(as_text=True)
    assert "Page 3 of 3" in page and len(ids(page)) == 17  # nine Lucas Almeida, eight 김민준: the rest of the list


def test_stale_cursors_when_officers_leave(app, client, login, roster_of):
    coordinator, cohort = roster_of
    login(coordinator)
    first = client.get(f"/cohorts/{cohort}/").get_data(as_text=True)
    second = client.get(link(first, "next")).get_data(as_text=True)
    third = client.get(link(second, "next")).get_data(as_text=True)
    with app.app_context():
        from lms.cohorts import service

        record = db.session.get(Cohort, cohort)
        for user_id in ids(first)[5:] + ids(third):  # 20 of the first page and the whole last page leave
            service.remove(record, user_id)
        db.session.commit()
    before = client.get(link(second, "prev")).get_data(as_text=True)
    assert ids(before)[:5] == ids(first)[:5] and "Page 1 of 2" in before  # too few before: the first page
    after = client.get(link(second, "next")).get_data(as_text=True)
    assert ids(after) == ids(client.get(f"/cohorts/{cohort}/?last=1").get_data(as_text=True))  # none after: the last


def test_the_pager_is_a_labelled_navigation_with_rel_links(client, login, roster_of):
    coordinator, cohort = roster_of
    login(coordinator)
    first = client.get(f"/cohorts/{cohort}/").get_data(as_text=True)
    assert '<nav class="pager pager-keyset" aria-label="Pages">' in first
    assert link(first, "prev") is None and link(first, "next") and "Last page" in first and "First page" not in first
    last = client.get(f"/cohorts/{cohort}/?last=1").get_data(as_text=True)
    assert link(last, "next") is None and link(last, "prev") and "First page" in last and "Last page" not in last
