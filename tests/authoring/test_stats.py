"""Item statistics against values computed by hand on small tables."""

import math

import pytest

from lms.authoring.stats import Response, compute, cronbach_alpha, pearson

# Four attempts, three one-point items. Scores (rows = attempts a..d):
#        q1 q2 q3 total
#   a     1  1  1   3
#   b     1  1  0   2
#   c     1  0  0   1
#   d     0  0  1   1
TABLE = {1: (1, 1, 1), 2: (1, 1, 0), 3: (1, 0, 0), 4: (0, 0, 1)}


def fixture():
    responses = [
        Response(a, f"q{i + 1}", float(s), 1.0, (0,) if s else (1,))
        for a, row in TABLE.items()
        for i, s in enumerate(row)
    ]
    totals = {a: (float(sum(row)), 3.0) for a, row in TABLE.items()}
    return compute(responses, totals, ["q1", "q2", "q3"])


def test_facility_and_sd():
    stats = fixture()
    q1, q2, q3 = stats.items
    assert (q1.facility, q2.facility, q3.facility) == (75.0, 50.0, 50.0)
    # q1 percentages 100,100,100,0: mean 75, sample variance (3*625 + 5625)/3 = 2500 -> sd 50
    assert q1.sd == pytest.approx(50.0)
    # q2: 100,100,0,0: sample variance 4*2500/3 -> sd 57.735
    assert q2.sd == pytest.approx(57.735, abs=1e-3)


def test_discrimination_is_correlation_with_the_rest():
    q1, _q2, q3 = fixture().items
    # q1 vs rest (q2+q3): x = 1,1,1,0 (mean .75); y = 2,1,0,1 (mean 1)
    # sxy = .25*1 + .25*0 + .25*-1 + -.75*0 = 0 -> r = 0
    assert q1.discrimination == pytest.approx(0.0, abs=1e-9)
    # q3 vs rest (q1+q2): x = 1,0,0,1 ; y = 2,2,1,0 -> sxy = -0.5, sxx = 1, syy = 2.75 -> r = -0.3015
    assert q3.discrimination == pytest.approx(100 * -0.5 / math.sqrt(2.75), abs=1e-6)
    assert "negative discrimination" in q3.flags and "negative discrimination" not in q1.flags


def test_quiz_level_statistics():
    stats = fixture()
    # totals 3,2,1,1 of 3 -> percents 100, 66.67, 33.33, 33.33
    assert stats.mean == pytest.approx(58.333, abs=1e-3)
    assert stats.median == pytest.approx(50.0)
    assert stats.sd == pytest.approx(31.914, abs=1e-3)
    # alpha: item pvariances .1875+.25+.25 = .6875; total pvariance of 3,2,1,1 = .6875 -> 3/2*(1-1) = 0
    assert stats.alpha == pytest.approx(0.0)


def test_alpha_for_consistent_items():
    # Two items that always agree: alpha = 2/1 * (1 - (.25+.25)/1) = 1
    assert cronbach_alpha([[1, 1], [0, 0], [1, 1], [0, 0]]) == pytest.approx(1.0)
    assert cronbach_alpha([[1, 1]]) is None


def test_choice_counts_and_easy_hard_flags():
    responses = [Response(a, "q", 1.0, 1.0, (2,)) for a in range(1, 11)] + [
        Response(a, "h", 0.0, 2.0, (0,)) for a in range(1, 11)
    ]
    stats = compute(responses, {a: (1.0, 3.0) for a in range(1, 11)}, ["q", "h"])
    easy, hard = stats.items
    assert easy.choice_counts == {2: 10} and "too easy" in easy.flags
    assert hard.facility == 0 and "too hard" in hard.flags
    assert easy.discrimination is None  # no variance, no correlation


def test_items_not_seen_and_partial_groups():
    responses = [Response(1, "g.0", 1.0, 1.0), Response(2, "g.1", 0.0, 1.0)]
    stats = compute(responses, {1: (1.0, 1.0), 2: (0.0, 1.0)}, ["g.0", "g.1", "g.2"])
    assert [i.count for i in stats.items] == [1, 1, 0] and stats.items[2].facility is None
    assert stats.alpha is None  # no item was seen by every attempt


def test_pearson_edge_cases():
    assert pearson([1], [2]) is None
    assert pearson([1, 1], [2, 3]) is None
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
