"""Front matter splitting with file line numbers (pure)."""

import pytest

from lms.content.frontmatter import FrontMatterError, split


def test_split_reports_key_lines_and_body_start():
    doc = split("---\ntitle: A\nminutes: 5\n---\nBody line\n")
    assert doc.meta == {"title": "A", "minutes": 5}
    assert doc.key_lines == {"title": 2, "minutes": 3}
    assert doc.body == "Body line\n" and doc.body_line == 5


def test_no_front_matter_and_bom():
    assert split("\ufeffJust text").has_front_matter is False


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: A\n", 1, "never closed"),
        ("---\ntitle: A\nbad: [1, 2\n---\nx", 4, "not valid YAML"),
        ("---\n- a\n- b\n---\nx", 2, "key: value"),
    ],
)
def test_errors_carry_lines(text, line, message):
    with pytest.raises(FrontMatterError) as caught:
        split(text)
    assert caught.value.line == line and message in caught.value.message
