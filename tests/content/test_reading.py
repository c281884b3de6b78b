"""The reading additions to Markdown (lms/content/reading.py): powers, footnotes, scrolling regions."""

import pytest

from lms.content.render import render


def html_of(markdown: str) -> str:
    return render(markdown, lambda _name: None).html


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("1 ETH is 10^18 wei", "1 ETH is 10<sup>18</sup> wei"),
        ("2^256 keys", "2<sup>256</sup> keys"),
        ("10^-8 BTC", "10<sup>-8</sup> BTC"),
        ("x^2 stays", "x^2 stays"),  # the base must be a number
        ("a caret ^ alone", "a caret ^ alone"),
        ("10^18^ is not a power", "10^18^ is not a power"),
        ("10^18a is not a power", "10^18a is not a power"),
        ("`10^18` in code", "<code>10^18</code> in code"),
    ],
)
def test_powers(markdown, expected):
    assert html_of(markdown) == f"<p>{expected}</p>"


def test_a_footnote_cited_three_times_has_one_back_link_to_the_first_citation():
    html = html_of("One[^a], two[^a] and three[^a].\n\n[^a]: The source.")
    assert html.count('class="footnote-backref"') == 1
    assert 'href="#fnref:a"' in html
    assert html.count('class="footnote-ref"') == 3  # every citation still links to the note
    assert "\u21a9\ufe0e" in html  # drawn as text, not as an emoji


def test_a_table_sits_in_a_named_focusable_region():
    html = html_of("| Unit | Size |\n|---|---|\n| wei | 10^-18 ETH |\n\nAfter.")
    assert '<div aria-label="Unit, Size" class="table-scroll" role="region" tabindex="0"><table>' in html
    assert html.index("</table></div>") < html.index("<p>After.</p>")


def test_code_blocks_are_focusable():
    assert '<pre tabindex="0"><code>' in html_of("```\nlong line\n```")
    assert '<pre tabindex="0"><code>' in html_of("    indented code")


@pytest.mark.parametrize(
    "written",
    [
        '<div role="button" tabindex="-1">x</div>',
        '<div role="dialog">x</div>',
        '<p tabindex="5">x</p>',
        '<pre tabindex="1">x</pre>',
    ],
)
def test_authors_cannot_write_other_roles_or_tab_orders(written):
    html = html_of(written)
    assert "role=" not in html and 'tabindex="-1"' not in html and 'tabindex="1"' not in html
    assert 'tabindex="5"' not in html
