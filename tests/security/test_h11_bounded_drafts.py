"""H11: drafts are bounded in size and nesting before parsing, and their check in CPU time."""

from __future__ import annotations

import pytest

from lms.authoring import bounded
from tests.conftest import csrf_token

NESTED = "".join("    " * level + "- level\n" for level in range(300))


@pytest.fixture
def instructor_client(client, login, make_user):
    login(make_user("instructor"))
    return client


def check(client, kind: str, text: str) -> tuple[int, str]:
    token = csrf_token(client, "/authoring/draft")
    response = client.post("/authoring/draft", data={"csrf_token": token, "kind": kind, "text": text})
    return response.status_code, response.get_data(as_text=True)


def test_h11_three_hundred_nested_list_levels_are_refused_at_their_line(instructor_client):
    status, html = check(instructor_client, "module", "---\ntitle: Deep\n---\n" + NESTED)
    assert status == 200
    assert f"nests lists or quotations more than {bounded.MAX_NESTING} levels deep" in html
    assert "Line 21</a>:" in html  # the 18th list line, after three lines of front matter


def test_h11_a_quarter_million_repetitions_are_refused_before_the_parser(instructor_client):
    for kind, text in (("module", "*a" * 245_000), ("quiz", "<a" * 245_000)):
        status, html = check(instructor_client, kind, text)
        assert status == 200
        assert "more than the 200,000 checked at once; split it" in html


def test_h11_a_slow_draft_is_stopped_with_a_clear_message(instructor_client):
    status, html = check(instructor_client, "module", "---\ntitle: Slow\n---\n" + "[a" * 20_000)
    assert status == 200
    assert "so it was stopped" in html


def test_h11_a_good_draft_still_renders_through_the_bounded_check(instructor_client):
    status, html = check(instructor_client, "module", "---\ntitle: Fine\nminutes: 10\n---\n# Heading\n\n- a\n    - b\n")
    assert status == 200
    assert "<h1" in html and "<li>b</li>" in html


@pytest.mark.parametrize(("text", "refused"), [("> " * 17 + "x", True), ("> " * 16 + "x", False),
                                                ("\t" * 17 + "- x", True), ("    " * 16 + "- x", False)])  # fmt: skip
def test_h11_nesting_bound_counts_quotes_and_tabs(text, refused):
    assert bool(bounded.bound_problems(text)) is refused
