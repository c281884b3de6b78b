"""Plain text skips the Markdown converter (lms/content/render.py) and must come out exactly as the
converter would have written it: for tricky samples, and for every text of the real course and
quizzes, in every language they are translated into."""

import re

import pytest

from lms.content import render as rendering

SAMPLES = [
    "Ten minutes",
    "About 10 minutes (on average), not 2.5: see \"blocks\" and 'targets'.",
    "¿Qué paso permitió secuestrar 94 000 BTC?",
    "94\u00a0000 BTC",  # the sanitiser writes &nbsp;
    "1. A list item",
    "1 minute",
    "- a list",
    "+ a list",
    "> a quote",
    "= a setext line",
    "# a heading",
    "10^6 satoshis",
    "x^2",
    "AT&T",
    "a < b",
    "$x$ math",
    "*emphasis*",
    "snake_case",
    "`code`",
    "[link](x.md)",
    "a  \nb",
    "trailing two spaces  ",
    " leading space",
    "tab\tinside",
    "http://example.com/path?x=1",
    "한국어 질문입니다",
    "שאלה בעברית",
    "Zero\u200bwidth",
]


def both(text: str, monkeypatch) -> tuple:
    fast = rendering.render(text, lambda _name: None, math=True)
    with monkeypatch.context() as patch:
        patch.setattr(rendering, "_PLAIN", re.compile(r"(?!)"))  # never plain: always the converter
        slow = rendering.render(text, lambda _name: None, math=True)
    return fast, slow


@pytest.mark.parametrize("text", SAMPLES)
def test_a_sample_renders_as_the_converter_renders_it(text, monkeypatch):
    fast, slow = both(text, monkeypatch)
    assert fast == slow


def test_every_text_of_the_real_catalog_renders_as_the_converter_renders_it(monkeypatch):
    """Every field a build of the real catalog renders (the course, its quizzes, their
    translations), captured as it builds, then compared."""
    from lms.catalog.build import build_catalog
    from tests.browser.conftest import REAL_CONTENT

    seen: list[tuple[str, bool]] = []
    original = rendering.render

    def capture(body, assets, links=None, *, math=False):
        seen.append((body, math))
        return original(body, assets, links, math=math)

    import lms.catalog.build as build
    import lms.quizzes.render as quiz_render

    for module in (rendering, build, quiz_render):
        monkeypatch.setattr(module, "render", capture)
    url = lambda *parts: "/" + "/".join(parts)  # noqa: E731 - any URL will do
    build_catalog(REAL_CONTENT["COURSES_DIR"], REAL_CONTENT["QUIZZES_DIR"], url, url)
    monkeypatch.setattr(rendering, "render", original)
    plain = [(body, math) for body, math in set(seen) if rendering._PLAIN.fullmatch(body)]
    assert len(plain) > 100  # the fast path is taken, and often
    for body, math in plain:
        fast = rendering.render(body, lambda _name: None, math=math)
        with monkeypatch.context() as patch:
            patch.setattr(rendering, "_PLAIN", re.compile(r"(?!)"))
            slow = rendering.render(body, lambda _name: None, math=math)
        assert fast == slow, body


def test_the_reused_converter_carries_nothing_from_one_text_to_the_next():
    first = rendering.render("Cited.[^1]\n\n## Heading\n\n[^1]: A source.", lambda _name: None)
    second = rendering.render("Not cited.\n\n## Heading", lambda _name: None)
    assert "footnote" in first.html and "footnote" not in second.html
    assert [entry.anchor for entry in second.toc] == ["heading"]  # not "heading_1": ids start afresh
    missing = rendering.render("![](gone.png)", lambda _name: None)
    assert len(missing.problems) == 2 and rendering.render("Fine *text*.", lambda _name: None).problems == ()
