"""Writers for completion-grade exports: CSV, JSON and XLSX, each fed rows one at a time. Pure.

CSV follows RFC 4180 (quote when needed, CRLF line ends); a text cell that a spreadsheet would
read as a formula (starting with = + - @, tab, CR, LF or NUL, also after leading spaces) gets a
leading apostrophe (shared/security.md D3), and a cell holding either separator is quoted,
so a spreadsheet splitting on the other one cannot find a formula after it. Numbers are written as numbers and never changed.
XLSX cells are written with explicit types and XlsxWriter never turns strings into formulas or
links (D4); its constant-memory mode keeps one row in memory. JSON is an array of objects.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


def defuse(value: object) -> object:
    """Neutralise a text cell that spreadsheets would evaluate; leave everything else alone."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


# Quoted whenever present: both separators, so a spreadsheet that splits on the other one (a
# semicolon locale opening the comma file, or the reverse) still sees one cell, and cannot find a
# formula after the separator ("a;=HYPERLINK(...)"), plus what RFC 4180 requires.
NEEDS_QUOTES = frozenset(',;"\r\n')


def _cell(value: object, delimiter: str) -> str:
    # Numbers and empty cells first: most of an export's cells, and never quoted nor defused.
    kind = type(value)
    if kind is Decimal:
        return format(value, "f")
    if kind is int:
        return str(value)
    if value is None:
        return ""
    text = str(_plain(defuse(value)))
    if NEEDS_QUOTES.isdisjoint(text) and delimiter not in text:
        return text
    return '"' + text.replace('"', '""') + '"'


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, delimiter: str = ",", bom: bool = False
) -> Iterator[str]:
    """RFC 4180 lines (CRLF); `delimiter` is "," or ";" (the Excel variant)."""

    def line(values: Sequence[object]) -> str:
        return delimiter.join(_cell(v, delimiter) for v in values) + "\r\n"

    yield ("\ufeff" if bom else "") + line(header)
    for values in rows:
        yield line(values)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_chunks(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    yield "["
    first = True
    for values in rows:
        record = {k: _json_value(v) for k, v in zip(header, values, strict=True)}
        yield ("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def xlsx_chunks(
    header: Sequence[str], rows: Iterable[Sequence[object]], chunk_size: int = 64 * 1024
) -> Iterator[bytes]:
    """Write the workbook to a temporary file row by row, then stream the file and delete it."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                             "strings_to_urls": False, "strings_to_numbers": False})  # fmt: skip
        sheet = workbook.add_worksheet("Completion grades")
        bold = workbook.add_format({"bold": True})
        for col, name in enumerate(header):
            sheet.write_string(0, col, name, bold)
        for r, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, col, value)
                elif isinstance(value, (int, float, Decimal)):
                    sheet.write_number(r, col, float(value))
                else:
                    sheet.write_string(r, col, str(value))
        workbook.close()
        with open(path, "rb") as f:
            while chunk := f.read(chunk_size):
                yield chunk
    finally:
        os.unlink(path)
