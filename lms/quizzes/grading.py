"""Grading rules of shared/quiz-format.md. Pure: plain data in, exact numbers out.

Scores are Fractions, so a partial-credit third stays a third and the pass mark is compared
without floating point: passed when earned * 100 >= pass_percent * possible.

Answers, by question type:
- single choice / true-false: the index of the chosen choice in the file's order, or None;
- multiple answers: a frozenset of indices;
- numerical and short answer: the text typed;
- essay: the text written; its score is the instructor's mark (None until marked);
- matching: for each prompt in file order, the index of the answer chosen in options(), or None;
- ordering: for each item in file order, the place (from 0) it was put in, or None.

Matching and ordering give partial credit, as Moodle's do: the points times the share of prompts
matched right, or of items put in their right place (an unanswered one counts as wrong).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..content.addresses import looks_like_identifier, same_address
from . import spec
from .answers import for_grading
from .layout import Slot, possible, question_at
from .numbers import parse_number

_ESSAY_MARK = re.compile(r"^(\d{1,6})(?:[.,](\d{1,2}))?$", re.ASCII)


def essay_mark(raw: str | None, points: Decimal) -> Decimal | None:
    """An instructor's essay mark: from 0 to `points`, at most two decimals; None otherwise.

    Only plain digits with an optional decimal point or comma are read, so NaN, infinities,
    exponents (`1e400`) and other scripts' digits are refused before any arithmetic.
    """
    match = _ESSAY_MARK.match((raw or "").strip())
    if match is None:
        return None
    whole, fraction = match.groups()
    mark = Decimal(f"{whole}.{fraction}" if fraction else whole)
    return mark if 0 <= mark <= points else None


def _punctuation(character: str) -> bool:
    return unicodedata.category(character).startswith("P")


def normalise_text(raw: str) -> str:
    """Trim, fold case (Unicode-aware), collapse inner white space and drop punctuation at either
    end, so "Fifth Circuit." and "“change output”" match "fifth circuit" and "change output".
    Punctuation inside stays: "U.S." matches "u.s", "TRC-20" does not match "trc20"."""
    words = " ".join(unicodedata.normalize("NFKC", raw).casefold().split())
    start, end = 0, len(words)
    while start < end and (_punctuation(words[start]) or words[start].isspace()):
        start += 1
    while end > start and (_punctuation(words[end - 1]) or words[end - 1].isspace()):
        end -= 1
    return words[start:end]


def short_answer_matches(typed: str, accepted: str) -> bool:
    """An accepted answer shaped like an address or transaction id is compared as one (Base58
    exactly, since its case is part of it; hex and Bech32 without regard to case); any other
    accepted answer as text (see normalise_text)."""
    if looks_like_identifier(accepted):
        return same_address(typed, accepted)
    return normalise_text(typed) == normalise_text(accepted) != ""


def grade_question(
    question: spec.Question, answer: object, points: Decimal, multiple_answers_scoring: str
) -> Fraction | None:
    """Points earned for `answer`, out of `points`; None for an essay (marked by a person)."""
    full = Fraction(points)
    kind = question.type
    if kind in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE):
        correct = any(i == answer and c.correct for i, c in enumerate(question.choices))
        return full if correct else Fraction(0)
    if kind == spec.MULTIPLE_ANSWERS:
        chosen = answer if isinstance(answer, frozenset) else frozenset()
        right = {i for i, c in enumerate(question.choices) if c.correct}
        if multiple_answers_scoring == "partial":
            ticks = len(chosen & right) - len(chosen - right)
            return full * max(Fraction(0), Fraction(ticks, len(right))) if right else Fraction(0)
        return full if chosen == right else Fraction(0)
    if kind == spec.NUMERICAL:
        # A Decimal as read when it was saved (answers.number_value); text from older callers.
        value = answer if isinstance(answer, Decimal) else parse_number(answer if isinstance(answer, str) else None)
        bounds = question.numerical
        return full if value is not None and bounds is not None and bounds.min <= value <= bounds.max else Fraction(0)
    if kind == spec.SHORT_ANSWER:
        if not isinstance(answer, str) or not answer.strip():
            return Fraction(0)
        return full if any(short_answer_matches(answer, c.text) for c in question.choices) else Fraction(0)
    if kind in (spec.MATCHING, spec.ORDERING):
        rows = len(question.prompts()) if kind == spec.MATCHING else len(question.choices)
        return full * Fraction(len(rows_right(question, answer)), rows) if rows else Fraction(0)
    if kind == spec.ESSAY:
        return None
    raise ValueError(f"unknown question type {kind!r}")


def rows_right(question: spec.Question, answer: object) -> tuple[int, ...]:
    """The rows a matching or ordering answer has right, in file order: the prompts matched to their
    answer, the items put in their place."""
    key = question.key() if question.type == spec.MATCHING else tuple(range(len(question.choices)))
    given = answer if isinstance(answer, tuple) else ()
    return tuple(row for row, right in enumerate(key) if row < len(given) and given[row] == right)


def percent(earned: Fraction, possible: Fraction) -> Fraction:
    return Fraction(0) if possible == 0 else earned * 100 / possible


def passed(earned: Fraction, possible: Fraction, pass_percent: int) -> bool:
    """Exactly at the pass mark passes; no floating point anywhere."""
    return earned * 100 >= pass_percent * possible


def combine_attempts(method: str, percents: Sequence[Fraction]) -> Fraction | None:
    """The quiz grade across graded attempts (oldest first) by the quiz's grading method."""
    if not percents:
        return None
    if method == "highest":
        return max(percents)
    if method == "latest":
        return percents[-1]
    if method == "first":
        return percents[0]
    if method == "average":
        return sum(percents, Fraction(0)) / len(percents)
    raise ValueError(f"unknown grading method {method!r}")


def feedback_for(bands: Sequence[spec.FeedbackBand], score_percent: Fraction) -> str | None:
    """The text of the highest band whose minimum the score reaches (bands sorted high to low)."""
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if score_percent >= Fraction(band.min_percent):
            return band.text
    return None


def rounded(value: Fraction, places: int = 2) -> Decimal:
    """For display and storage: half away from zero, `places` decimals."""
    if type(value) is not Fraction:  # an exact Fraction is used as it is: making one again costs a gcd
        value = Fraction(value)
    # floor(|n|·10^places / d + 1/2) in integers: Fraction arithmetic here was an export's hot spot.
    numerator, denominator = abs(value.numerator) * 10**places, value.denominator
    whole = (2 * numerator + denominator) // (2 * denominator)
    return Decimal(-whole if value.numerator < 0 else whole).scaleb(-places)


@dataclass(frozen=True)
class AttemptGrade:
    """An attempt's result on one version of its quiz; `pending` while an answered essay awaits its mark."""

    earned: Fraction
    possible: Decimal
    per_slot: dict[int, Fraction]  # the score of each auto-graded or marked question, by slot
    pending: bool
    passed: bool

    @property
    def percent(self) -> Fraction:
        return percent(self.earned, Fraction(self.possible))


def grade_attempt(quiz: spec.Quiz, layout: tuple[Slot, ...], stored: Mapping[int, dict | None],
                  essay_marks: Mapping[int, Decimal]) -> AttemptGrade:  # fmt: skip
    """The one grading of an attempt: submitting, marking essays, the regrade preview and the regrade.

    `stored` holds the saved response of each answered slot; `essay_marks` the mark of each marked
    essay. An essay with no answer scores nothing and waits for nobody.
    """
    earned, per_slot, pending = Fraction(0), {}, False
    for index, slot in enumerate(layout):
        if slot.text:
            continue
        question, points = question_at(quiz, slot)
        if question.type == spec.ESSAY:
            if index not in stored:
                continue
            if index not in essay_marks:
                pending = True
                continue
            per_slot[index] = Fraction(essay_marks[index])
        else:
            score = grade_question(question, for_grading(question, stored.get(index)), points,
                                   quiz.settings.multiple_answers_scoring)  # fmt: skip
            assert score is not None  # only an essay scores None, and essays are handled above
            per_slot[index] = score
        earned += per_slot[index]
    total = possible(quiz, layout)
    return AttemptGrade(earned, total, per_slot, pending, passed(earned, Fraction(total), quiz.settings.pass_percent))
