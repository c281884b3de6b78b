"""The officer CSV: every kind of bad row, reported with its line (pure)."""

import pytest

from lms.cohorts.csv_import import parse_officers_csv

GOOD = "email,name,agency,country\nana@pf.example,Ana Souza,Polícia Federal,BR\nkim@knpa.example,Kim Min-jun,KNPA,kr\n"


def test_good_file():
    rows, problems = parse_officers_csv(GOOD.encode())
    assert problems == []
    assert [(r.line, r.email, r.country) for r in rows] == [(2, "ana@pf.example", "BR"), (3, "kim@knpa.example", "KR")]


@pytest.mark.parametrize(
    "variant",
    [
        "\ufeff" + GOOD,  # Excel's BOM
        GOOD.replace(",", ";"),  # semicolons
        GOOD.replace("email,name,agency,country", "E-Mail,Name,AGENCY,Country"),  # header case and e-mail
        GOOD.replace("email,name,agency,country", "country,agency,name,email")
        .replace("ana@pf.example,Ana Souza,Polícia Federal,BR", "BR,Polícia Federal,Ana Souza,ana@pf.example")
        .replace("kim@knpa.example,Kim Min-jun,KNPA,kr", "kr,KNPA,Kim Min-jun,kim@knpa.example"),
        GOOD.replace("\n", "\r\n") + "\n\n",  # CRLF and blank lines
    ],
)
def test_accepted_variants(variant):
    rows, problems = parse_officers_csv(variant.encode("utf-8"))
    assert problems == [] and [r.email for r in rows] == ["ana@pf.example", "kim@knpa.example"]


def test_cohort_column():
    rows, _ = parse_officers_csv(b"email,name,agency,country,cohort\na@p.example,A,P,FR,12\nb@p.example,B,P,FR,\n")
    assert [r.cohort for r in rows] == ["12", None]


HEADER = "email,name,agency,country\n"


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (HEADER + "not-an-email,A,P,FR\n", 2, "email:"),
        (HEADER + "a@p.example,,P,FR\n", 2, "name:"),
        (HEADER + "a@p.example,A,P,XX\n", 2, "ISO 3166"),
        (HEADER + "a@p.example,A,P,Frankenland\n", 2, "ISO 3166"),
        (HEADER + "a@p.example,A,P\n", 2, "has 3 fields but the header has 4"),
        (HEADER + "a@p.example,A,P,FR,extra\n", 2, "has 5 fields"),
        (HEADER + "a@p.example,A,P,FR\nA@P.example,A2,P,FR\n", 3, "already on line 2"),
        (HEADER + "a@p.example,A," + "x" * 161 + ",FR\n", 2, "agency:"),
        (HEADER + 'a@p.example,"A,P,FR\n', 2, "not valid CSV"),
        ("name,agency,country\nA,P,FR\n", 1, "lacks the column(s) email"),
        ("email,name,agency,country,rank\na@p.example,A,P,FR,1\n", 1, "unknown column(s) 'rank'"),
        (HEADER, 2, "no officers"),
        ("", 1, "empty"),
    ],
)
def test_bad_rows_are_reported_with_their_line(body, line, words):
    _rows, problems = parse_officers_csv(body.encode())
    assert any(p.line == line and words in p.message for p in problems), problems


def test_not_utf8():
    _rows, problems = parse_officers_csv(HEADER.encode() + b"a@p.example,Jos\xe9,P,FR\n")
    assert problems[0].line == 2 and "not UTF-8" in problems[0].message


def test_every_bad_row_is_listed_not_just_the_first():
    body = HEADER + "bad,A,P,FR\nb@p.example,B,P,FR\nc@p.example,C,P,ZZ\n"
    _rows, problems = parse_officers_csv(body.encode())
    assert sorted({p.line for p in problems}) == [2, 4]
