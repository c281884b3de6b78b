"""Grading tables for every question type and policy of shared/quiz-format.md."""

from decimal import Decimal
from fractions import Fraction

import pytest

from lms.quizzes import grading
from lms.quizzes import spec as s

MC = s.Question(
    s.MULTIPLE_CHOICE,
    "Block time?",
    choices=(s.Choice("1 min", False), s.Choice("10 min", True), s.Choice("2 weeks", False)),
)
TF = s.Question(s.TRUE_FALSE, "PoW?", choices=(s.Choice("True", False), s.Choice("False", True)))
MA = s.Question(
    s.MULTIPLE_ANSWERS,
    "UTXO?",
    choices=(s.Choice("a", True), s.Choice("b", True), s.Choice("c", False), s.Choice("d", True)),
)
NUM_EXACT = s.Question(
    s.NUMERICAL, "Satoshis?", numerical=s.Numerical(Decimal(100000000), Decimal(100000000), Decimal(100000000))
)
NUM_RANGE = s.Question(s.NUMERICAL, "Range", numerical=s.Numerical(Decimal("3.1"), None, Decimal("3.2")))
SHORT = s.Question(s.SHORT_ANSWER, "Term?", choices=(s.Choice("Change output", True), s.Choice("change address", True)))
ESSAY = s.Question(s.ESSAY, "Explain.")
TWO = Decimal(2)


@pytest.mark.parametrize(
    ("question", "answer", "scoring", "expected"),
    [
        (MC, 1, "all_or_nothing", Fraction(2)),
        (MC, 0, "all_or_nothing", Fraction(0)),
        (MC, None, "all_or_nothing", Fraction(0)),
        (MC, 7, "all_or_nothing", Fraction(0)),
        (TF, 1, "all_or_nothing", Fraction(2)),
        (TF, 0, "all_or_nothing", Fraction(0)),
        # multiple answers, all or nothing: exactly the correct set
        (MA, frozenset({0, 1, 3}), "all_or_nothing", Fraction(2)),
        (MA, frozenset({0, 1}), "all_or_nothing", Fraction(0)),
        (MA, frozenset({0, 1, 2, 3}), "all_or_nothing", Fraction(0)),
        (MA, frozenset(), "all_or_nothing", Fraction(0)),
        # partial: points x max(0, (right - wrong) / correct choices)
        (MA, frozenset({0, 1, 3}), "partial", Fraction(2)),
        (MA, frozenset({0, 1}), "partial", Fraction(4, 3)),
        (MA, frozenset({0}), "partial", Fraction(2, 3)),
        (MA, frozenset({0, 1, 2, 3}), "partial", Fraction(4, 3)),
        (MA, frozenset({0, 2}), "partial", Fraction(0)),
        (MA, frozenset({2}), "partial", Fraction(0)),
        (MA, frozenset(), "partial", Fraction(0)),
        (MA, "not a set", "partial", Fraction(0)),
        # numerical: inclusive bounds, generous number reading
        (NUM_EXACT, "100000000", "all_or_nothing", Fraction(2)),
        (NUM_EXACT, "100,000,000", "all_or_nothing", Fraction(2)),
        (NUM_EXACT, "100 000 000", "all_or_nothing", Fraction(2)),
        (NUM_EXACT, "1e8", "all_or_nothing", Fraction(2)),
        (NUM_EXACT, "1E8", "all_or_nothing", Fraction(2)),
        (NUM_EXACT, "100\u202f000\u202f000", "all_or_nothing", Fraction(2)),
        (NUM_EXACT, "99,999,999", "all_or_nothing", Fraction(0)),
        (NUM_EXACT, "a lot", "all_or_nothing", Fraction(0)),
        (NUM_EXACT, "", "all_or_nothing", Fraction(0)),
        (NUM_EXACT, None, "all_or_nothing", Fraction(0)),
        (NUM_RANGE, "3.1", "all_or_nothing", Fraction(2)),
        (NUM_RANGE, "3.2", "all_or_nothing", Fraction(2)),
        (NUM_RANGE, "3,15", "all_or_nothing", Fraction(2)),
        (NUM_RANGE, "3.2000001", "all_or_nothing", Fraction(0)),
        (NUM_RANGE, "NaN", "all_or_nothing", Fraction(0)),
        (NUM_RANGE, "inf", "all_or_nothing", Fraction(0)),
        # short answer: trimmed, case-folded, inner spaces collapsed, Unicode-normalised
        (SHORT, "change output", "all_or_nothing", Fraction(2)),
        (SHORT, "  CHANGE   Output \n", "all_or_nothing", Fraction(2)),
        (SHORT, "Change\u00a0address", "all_or_nothing", Fraction(2)),
        (SHORT, "ＣＨＡＮＧＥ ＯＵＴＰＵＴ", "all_or_nothing", Fraction(2)),
        (SHORT, "change outputs", "all_or_nothing", Fraction(0)),
        (SHORT, "", "all_or_nothing", Fraction(0)),
        (ESSAY, "Because…", "all_or_nothing", None),
    ],
)
def test_grade_question(question, answer, scoring, expected):
    assert grading.grade_question(question, answer, TWO, scoring) == expected


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("Fifth Circuit.", True),
        ("“change output”", True),
        ("  change output!? ", True),
        ("(change output)", True),
        ("...", False),  # nothing left once the punctuation goes
        ("change-output", False),  # punctuation inside a word still counts
    ],
)
def test_short_answers_ignore_punctuation_around_them(typed, right):
    """Issue 17: "Fifth Circuit." is "Fifth Circuit"; quotes and brackets around an answer do not matter."""
    q = s.Question(s.SHORT_ANSWER, "?", choices=(s.Choice("Fifth Circuit", True), s.Choice("change output", True)))
    assert (grading.grade_question(q, typed, TWO, "all_or_nothing") == 2) is right


def test_short_answer_folds_german_sharp_s():
    q = s.Question(s.SHORT_ANSWER, "?", choices=(s.Choice("Straße", True),))
    assert grading.grade_question(q, "STRASSE", TWO, "all_or_nothing") == 2


TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
EVM = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
SEGWIT = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
TXID = "3d436cbd" * 8


@pytest.mark.parametrize(
    ("accepted", "typed", "right"),
    [
        (TRON, f"  {TRON} ", True),
        (TRON, TRON.lower(), False),  # Base58: the case is part of the address
        (TRON, TRON[:-1], False),
        (EVM, EVM.lower(), True),  # hex: any case
        (SEGWIT, SEGWIT.upper(), True),  # Bech32: any case (but never mixed, which no wallet writes)
        (TXID, TXID.upper(), True),
        (TXID, TXID[:-1], False),
    ],
)
def test_addresses_and_txids_are_compared_as_identifiers(accepted, typed, right):
    """Issue 17: lab answers are addresses; Base58 compares exactly, hex and Bech32 without case."""
    q = s.Question(s.SHORT_ANSWER, "?", choices=(s.Choice(accepted, True),))
    assert (grading.grade_question(q, typed, TWO, "all_or_nothing") == 2) is right


@pytest.mark.parametrize(
    ("earned", "possible", "pass_percent", "expected"),
    [
        (Fraction(8), Fraction(10), 80, True),  # exactly at the mark
        (Fraction(799, 100), Fraction(10), 80, False),
        (Fraction(7), Fraction(10), 70, True),
        (Fraction(2, 3), Fraction(1), 67, False),  # 66.67 %
        (Fraction(2, 3), Fraction(1), 66, True),
        (Fraction(29, 10), Fraction(3), 96, True),  # 96.67 %, where 0.29*... floats wobble
        (Fraction(0), Fraction(0), 0, True),
        (Fraction(0), Fraction(10), 0, True),
        (Fraction(10), Fraction(10), 100, True),
    ],
)
def test_passed_is_exact(earned, possible, pass_percent, expected):
    assert grading.passed(earned, possible, pass_percent) is expected


def test_exact_pass_mark_with_thirds():
    earned = Fraction(2, 3) * 3 + Fraction(6)  # three partial thirds and six full points
    assert grading.passed(earned, Fraction(10), 80) is True
    assert grading.percent(earned, Fraction(10)) == 80


@pytest.mark.parametrize(
    ("method", "percents", "expected"),
    [
        ("highest", [50, 90, 70], 90),
        ("latest", [50, 90, 70], 70),
        ("first", [50, 90, 70], 50),
        ("average", [50, 90, 70], 70),
        ("average", [50, 60], 55),
        ("average", [100, 0, 0], Fraction(100, 3)),
        ("highest", [], None),
    ],
)
def test_combine_attempts(method, percents, expected):
    assert grading.combine_attempts(method, [Fraction(p) for p in percents]) == expected


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError, match="unknown grading method"):
        grading.combine_attempts("median", [Fraction(1)])


BANDS = (
    s.FeedbackBand(Decimal(0), "Review and retry."),
    s.FeedbackBand(Decimal(90), "Excellent."),
    s.FeedbackBand(Decimal(70), "Good."),
)


@pytest.mark.parametrize(
    ("score", "text"),
    [(100, "Excellent."), (90, "Excellent."), (Fraction(8999, 100), "Good."), (70, "Good."), (0, "Review and retry.")],
)
def test_feedback_bands(score, text):
    assert grading.feedback_for(BANDS, Fraction(score)) == text


def test_no_band_reached():
    assert grading.feedback_for((s.FeedbackBand(Decimal(50), "Half."),), Fraction(10)) is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,000", Decimal(1000)), ("1 000", Decimal(1000)), ("1e3", Decimal(1000)), ("-2.5", Decimal("-2.5")),
     ("\u22123", Decimal(-3)), ("0,5", Decimal("0.5")), ("3,125", Decimal(3125)), ("+7", Decimal(7)),
     ("1,00", Decimal("1.00")), ("12,345.5", Decimal("12345.5")), ("1,2,3", None), ("", None), ("1e999999999", None)],
)  # fmt: skip
def test_parse_number(raw, value):
    assert grading.parse_number(raw) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(2, 3), "0.67"), (Fraction(1, 200), "0.01"), (Fraction(-1, 200), "-0.01"), (Fraction(80), "80.00")],
)
def test_rounded(value, expected):
    assert str(grading.rounded(value)) == expected
