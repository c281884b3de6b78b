"""Markdown is rendered once, at start-up: no page of the course renders it again per request."""

from __future__ import annotations

import markdown

from .conftest import COURSE, signed_in


def test_pages_render_no_markdown(app, login, make_user, monkeypatch):
    calls = []
    real_convert = markdown.Markdown.convert

    def counting(self, source):
        calls.append(source[:40])
        return real_convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    client = signed_in(app, login, make_user())
    for path in (f"/courses/{COURSE}/", f"/courses/{COURSE}/basics", f"/courses/{COURSE}/writing",
                 f"/quizzes/{COURSE}/basics-quiz/", "/progress/", "/courses/sample-course/glossary"):  # fmt: skip
        assert client.get(path).status_code == 200, path
    assert calls == []


def test_the_catalog_holds_rendered_html(app):
    """The renderer ran at start-up: modules carry their HTML."""
    from lms.catalog import service as content

    with app.app_context():
        module = content.catalog().course(COURSE).module("basics")
    assert "<h2" in module.html
