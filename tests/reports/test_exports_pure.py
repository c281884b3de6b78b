"""CSV and JSON writers (pure): formula defusing per security.md D3, RFC 4180 quoting."""

import csv
import io
import json
from decimal import Decimal

import pytest

from lms.reports.exports import csv_lines, defuse, json_chunks


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
        ("\nx", "'\nx"), ("\x00x", "'\x00x"), ("   =cmd", "'   =cmd"), ("  -2", "'  -2"),
        ("Ana", "Ana"), ("a=b", "a=b"), ("", ""), (-5, -5), (Decimal("-1.50"), Decimal("-1.50")), (None, None), (3, 3),
    ],
)  # fmt: skip
def test_defuse(value, expected):
    assert defuse(value) == expected


def test_csv_round_trip_keeps_columns_quotes_and_numbers():
    header = ["id", "name", "score"]
    rows = [
        [1, 'Quote "me", please', Decimal("87.50")],
        [2, "Line\nbreak", None],
        [3, "=cmd|' /C calc'!A0", Decimal("-1")],
    ]
    text = "".join(csv_lines(header, rows))
    assert text.endswith("\r\n") and '"Quote ""me"", please"' in text
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed == [
        header,
        ["1", 'Quote "me", please', "87.50"],
        ["2", "Line\nbreak", ""],
        ["3", "'=cmd|' /C calc'!A0", "-1"],
    ]


def test_json_stream_is_one_valid_document():
    text = "".join(json_chunks(["id", "score"], [[1, Decimal("87.50")], [2, Decimal("90.00")], [3, None]]))
    assert json.loads(text) == [{"id": 1, "score": 87.5}, {"id": 2, "score": 90}, {"id": 3, "score": None}]
    assert json.loads("".join(json_chunks(["id"], []))) == []


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_quotes_a_cell_holding_either_separator(delimiter):
    """A spreadsheet splitting on the other separator must still see one cell, never `=...` after it."""
    rows = [['Ana;=HYPERLINK("http://x")', "Kim,=1+1", "plain"]]
    text = "".join(csv_lines(["a", "b", "c"], rows, delimiter=delimiter))
    body = text.split("\r\n")[1]
    assert body == delimiter.join(['"Ana;=HYPERLINK(""http://x"")"', '"Kim,=1+1"', "plain"])
    other = ";" if delimiter == "," else ","
    alone = "".join(csv_lines(["a"], [["Kim" + other + "=1+1"]], delimiter=delimiter))
    assert list(csv.reader(io.StringIO(alone, newline=""), delimiter=other))[1] == ["Kim" + other + "=1+1"]
    assert list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[1] == rows[0]
