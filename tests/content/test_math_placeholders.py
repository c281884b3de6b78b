"""Math put back after sanitising lands only in text, never inside an attribute (issue 13)."""

from __future__ import annotations

import re

from lms.content.render import render

ATTRIBUTE = re.compile(r'\s[\w-]+="([^"]*)"')


def rendered(markdown_text: str) -> str:
    return render(markdown_text, lambda name: f"/assets/{name}", lambda target: target, math=True).html


def attribute_values(html: str) -> list[str]:
    return [value for tag in re.findall(r"<[^>]+>", html) for value in ATTRIBUTE.findall(tag)]


def test_math_in_text_becomes_mathml():
    html = rendered("The area is $x^2$ here.")
    assert "<math" in html and "LMSMATH" not in html


def test_math_in_alt_text_stays_escaped_source():
    html = rendered('![a $x"^2$ b](chart.png)')
    assert "<math" not in "".join(attribute_values(html))
    assert 'alt="a x&quot;^2 b"' in html
    assert "LMSMATH" not in html


def test_math_in_a_link_title_cannot_open_a_tag():
    html = rendered('[see](https://example.org/ "$a<b$ and $c$")')
    for value in attribute_values(html):
        assert "<" not in value.replace("&lt;", "") or "<math" not in value
    assert "<math" not in "".join(attribute_values(html))
    assert "LMSMATH" not in html


def test_a_typed_placeholder_is_only_text():
    html = rendered("LMSMATH0X and LMSMATHN0X with $y$")
    assert "LMSMATH0X and LMSMATHN0X" in html
    assert html.count("<math") == 1
