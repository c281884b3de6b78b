"""Item statistics for one quiz version, in the manner of Moodle's quiz statistics. Pure.

Input: one `Response` per attempt and question it showed (score, points, choices picked).
- Facility index: mean score as a percentage of the item's points.
- Standard deviation: of the item's score as a percentage of its points (sample, n - 1).
- Discrimination index: Pearson correlation (x 100) between the item's score and the rest of
  the test (the attempt's total minus this item), over the attempts that saw the item.
- Quiz: mean, median and standard deviation (sample) of the attempts' percentages, and
  Cronbach's alpha over the items every attempt saw (KR-20 when items score 0 or full).
Flags: too easy (facility >= 90), too hard (<= 20), negative discrimination (< 0).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

EASY, HARD = 90.0, 20.0
# A question whose facility in one language is this many points from another's, each with at least
# MIN_PER_LANGUAGE answers, may be translated badly (or culturally harder): flagged for a look.
LANGUAGE_GAP, MIN_PER_LANGUAGE = 25.0, 5


@dataclass(frozen=True)
class Response:
    attempt: int
    item: str  # stable key of the question in its version, e.g. "3" or "2.1" (group member)
    score: float
    points: float
    choices: tuple[int, ...] = ()  # file indices picked (choice questions)


@dataclass(frozen=True)
class ItemStats:
    item: str
    count: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    choice_counts: dict[int, int] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    by_language: dict[str, tuple[int, float]] = field(default_factory=dict)  # language -> (count, facility)


@dataclass(frozen=True)
class QuizStats:
    attempts: int
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    items: tuple[ItemStats, ...]


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Rows = attempts, columns = items (all present). Population variances, as in KR-20."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    item_variances = sum(statistics.pvariance([row[j] for row in matrix]) for j in range(k))
    total_variance = statistics.pvariance([sum(row) for row in matrix])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variances / total_variance)


def _flags(facility: float | None, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if facility is not None and facility >= EASY:
        flags.append("too easy")
    if facility is not None and facility <= HARD:
        flags.append("too hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination")
    return tuple(flags)


def by_language(rows: Sequence[Response], languages: dict[int, str]) -> dict[str, tuple[int, float]]:
    """Per language the attempts were taken in: (answers, facility) of one item."""
    grouped: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        grouped[languages.get(r.attempt, "")].append(100 * r.score / r.points)
    return {language: (len(p), statistics.fmean(p)) for language, p in sorted(grouped.items())}


def differs_by_language(split: dict[str, tuple[int, float]]) -> bool:
    facilities = [facility for count, facility in split.values() if count >= MIN_PER_LANGUAGE]
    return len(facilities) > 1 and max(facilities) - min(facilities) >= LANGUAGE_GAP


def compute(
    responses: Sequence[Response], totals: dict[int, tuple[float, float]], item_order: Sequence[str],
    languages: dict[int, str] | None = None,
) -> QuizStats:  # fmt: skip
    """`totals`: attempt -> (score, possible); `item_order`: the items in file order; `languages`:
    attempt -> the language it was taken in (items are computed across languages, and per language)."""
    by_item: dict[str, list[Response]] = defaultdict(list)
    for r in responses:
        by_item[r.item].append(r)
    items = []
    for key in item_order:
        rows = by_item.get(key, [])
        if not rows:
            items.append(ItemStats(key, 0, None, None, None))
            continue
        percents = [100 * r.score / r.points for r in rows]
        facility = statistics.fmean(percents)
        sd = statistics.stdev(percents) if len(rows) > 1 else None
        rest = [totals[r.attempt][0] - r.score for r in rows]
        r_value = pearson([r.score for r in rows], rest)
        discrimination = None if r_value is None else 100 * r_value
        choices = Counter(c for r in rows for c in r.choices)
        split = by_language(rows, languages) if languages else {}
        flags = _flags(facility, discrimination) + (("differs by language",) if differs_by_language(split) else ())
        items.append(ItemStats(key, len(rows), facility, sd, discrimination, dict(sorted(choices.items())), flags,
                               split))  # fmt: skip
    percents = [100 * score / possible for score, possible in totals.values() if possible]
    everyone = [key for key in item_order if len(by_item.get(key, [])) == len(totals)]
    scores = {(r.attempt, r.item): r.score for r in responses}
    matrix = [[scores[(a, key)] for key in everyone] for a in totals]
    return QuizStats(
        attempts=len(totals),
        mean=statistics.fmean(percents) if percents else None,
        median=statistics.median(percents) if percents else None,
        sd=statistics.stdev(percents) if len(percents) > 1 else None,
        alpha=cronbach_alpha(matrix) if everyone else None,
        items=tuple(items),
    )
