"""No template shows people text outside gettext (issue 18, point 7).

Every `{% ... %}`, `{{ ... }}` and `{# ... #}` is blanked out, then what is left is read as HTML:
any text node, and any attribute people read (title, alt, placeholder, aria-label, value of a
input), that holds a letter is English nobody can translate. An element marked `translate="no"`
(HTML's own flag for text that stays as it is: the brand mark, a sample file) is skipped with
what it holds, and what is not language at all is listed below with the reason.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
LETTER = re.compile(r"[^\W\d_]", re.U)
# A macro that writes an attribute (`aria-sort="..."`) reads as text once its Jinja is blanked.
ATTRIBUTE_TEXT = re.compile(r'^[\w-]+="[^"]*"$')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Not language: the same in every locale.
NOT_LANGUAGE = {
    "LETP",  # the brand
    "YYYY-MM-DD",  # the date format the audit filter takes, shown as the example
    "UTC",  # the time standard the explorer's block times are in
    "ABCD-EFGH-JKLM",  # the shape of a certificate code, as an example in the field
}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._open: list[tuple[str, bool]] = []  # (tag, whether it is skipped with what it holds)

    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self._open)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag not in VOID:
            self._open.append((tag, tag in ("script", "style") or values.get("translate") == "no"))
        if self._skipping() or values.get("translate") == "no":
            return
        for name, value in attrs:
            shown = tag == "input" and values.get("type") in ("submit", "button")  # a <button> shows its content
            readable = name in READ_ATTRIBUTES or (name == "value" and shown)
            if readable and value:
                self._check(value)

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self._check(data)

    def _check(self, text: str) -> None:
        text = " ".join(text.split())
        words = text.strip(" ·|:-–—")
        if LETTER.search(words) and words not in NOT_LANGUAGE and not ATTRIBUTE_TEXT.match(words):
            self.found.append((self.getpos()[0], text))


def untranslated(source: str) -> list[tuple[int, str]]:
    # Blanks keep line numbers: each Jinja block becomes as many newlines as it held.
    blanked = JINJA.sub(lambda m: "\n" * m.group(0).count("\n") + " ", source)
    reader = _Reader()
    reader.feed(blanked)
    reader.close()
    return reader.found


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_text_goes_through_gettext(path):
    found = untranslated(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"templates/{path.relative_to(TEMPLATES)}:{line}: {text!r}" for line, text in found)


def test_the_reader_catches_what_it_names():
    source = '<p>{{ _("Fine") }}</p>\n<p title="Help">{% if x %}Stray{% endif %}</p><img alt="{{ _(\'ok\') }}">'
    assert untranslated(source) == [(2, "Help"), (2, "Stray")]
    assert untranslated("<script>const a = 'English';</script><p>LETP</p><p>42 %</p>") == []
    assert untranslated('<pre translate="no">email,name</pre><p>After</p><input type="submit" value="Go">') == [
        (1, "After"),
        (1, "Go"),
    ]
