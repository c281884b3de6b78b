"""Markdown rendering and sanitisation (pure; shared/security.md D1)."""

import pytest

from lms.content.render import render


def no_assets(_name):
    return None


HOSTILE = {
    "script": "<script>alert('x')</script>",
    "onerror": '<img src="x.png" onerror="alert(1)">',
    "javascript link": "[click](javascript:alert(1))",
    "entity-encoded javascript": '<a href="&#106;avascript:alert(1)">x</a>',
    "tab-split javascript": '<a href="java\tscript:alert(1)">x</a>',
    "data url": '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "data image": '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="a">',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "form": '<form action="https://evil.example"><input name="p"></form>',
    "style element": "<style>body{display:none}</style>",
    "style attribute": '<p style="position:fixed">x</p>',
    "svg script": "<svg><script>alert(1)</script></svg>",
    "object": '<object data="x.swf"></object>',
    "onclick": '<div onclick="alert(1)">x</div>',
}
FORBIDDEN = ["<script", "onerror", "javascript:", "data:", "<iframe", "<form", "<input", "<style", "style=",
             "<svg", "<object", "onclick", "alert("]  # fmt: skip


@pytest.mark.parametrize("attack", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_is_removed(attack):
    html = render(f"Before.\n\n{attack}\n\nAfter **bold**.", no_assets).html.lower()
    for marker in FORBIDDEN:
        assert marker not in html, (marker, html)
    assert "<strong>bold</strong>" in html


def test_ordinary_formatting_survives():
    body = """## Section one

Some *emphasis*, `code`, a [link](https://example.org) and a footnote.[^n]

| Coin | Unit |
|:-----|-----:|
| BTC  | satoshi |

```
txid abc
```

!!! tip "In practice"
    Note the block height.

[^n]: The footnote.
"""
    result = render(body, no_assets)
    html = result.html
    for fragment in ['<h2 id="section-one">', "<em>emphasis</em>", "<code>code</code>",
                     'href="https://example.org"', "<table>", '<th align="left">', '<pre tabindex="0"><code>txid abc',
                     '<div class="admonition tip">', '<p class="admonition-title">In practice</p>',
                     'class="footnote-ref"', '<li id="fn:n">']:  # fmt: skip
        assert fragment in html, fragment
    assert [(e.level, e.anchor, e.title) for e in result.toc] == [(2, "section-one", "Section one")]


def test_images_resolve_beside_the_file_and_need_alt_text():
    result = render("![a chain of blocks](fig.svg)\n\n![](fig.svg)\n", lambda name: f"/assets/{name}")
    assert '<img alt="a chain of blocks" src="/assets/fig.svg">' in result.html
    assert result.problems == ((1, "image 'fig.svg' has no alt text; write ![what the image shows](fig.svg)"),)


@pytest.mark.parametrize("src", ["https://tracker.example/p.png", "/etc/passwd.png", "data:image/png;base64,AAAA"])
def test_images_must_be_local_files(src):
    result = render(f"text\n\n![alt]({src})\n", lambda name: "/never")
    assert result.problems and "must be a file beside" in result.problems[0][1]
    assert result.problems[0][0] == 3
    assert "/never" not in result.html


def test_links_to_other_modules_resolve_and_unknown_ones_are_reported():
    result = render("[next](02-next.md#part) and [gone](09-gone.md)", no_assets,
                    lambda target: "/m/next" if target == "02-next.md" else None)  # fmt: skip
    assert 'href="/m/next#part"' in result.html
    assert result.problems == ((1, "link to '09-gone.md' points to no module or request template of this course"),)


def test_reading_time_counts_words():
    assert render(" ".join(["word"] * 401), no_assets).reading_minutes == 3
    assert render("one", no_assets).reading_minutes == 1
