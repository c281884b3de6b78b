"""Start, deadline and review rules (pure, table-driven)."""

from datetime import datetime, timedelta

import pytest

from lms.quizzes import rules
from lms.quizzes.spec import Settings

NOW = datetime(2026, 12, 10, 12, 0, 0)
MIN = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("settings", "used", "last", "extra", "expected"),
    [
        (Settings(), 0, None, 0, None),
        (Settings(max_attempts=3), 2, None, 0, None),
        (Settings(max_attempts=3), 3, None, 0, "no_attempts_left"),
        (Settings(max_attempts=3), 3, None, 1, None),
        (Settings(max_attempts=3), 4, None, 1, "no_attempts_left"),
        (Settings(cooldown_minutes=10), 1, NOW - 9 * MIN, 0, "cooldown"),
        (Settings(cooldown_minutes=10), 1, NOW - 10 * MIN, 0, None),
        (Settings(opens_at=NOW + MIN), 0, None, 0, "not_open"),
        (Settings(opens_at=NOW), 0, None, 0, None),
        (Settings(closes_at=NOW), 0, None, 0, "closed"),
        (Settings(closes_at=NOW + MIN), 0, None, 0, None),
        (Settings(max_attempts=1, closes_at=NOW - MIN), 1, None, 0, "closed"),
    ],
)
def test_start_refusal(settings, used, last, extra, expected):
    refusal = rules.start_refusal(settings, used, last, extra, NOW)
    assert (refusal.code if refusal else None) == expected


def test_cooldown_says_until_when():
    refusal = rules.start_refusal(Settings(cooldown_minutes=10), 1, NOW - 4 * MIN, 0, NOW)
    assert refusal.until == NOW + 6 * MIN


@pytest.mark.parametrize(
    ("settings", "extra", "expected"),
    [
        (Settings(), 0, None),
        (Settings(time_limit_minutes=30), 0, NOW + 30 * MIN),
        (Settings(time_limit_minutes=30), 15, NOW + 45 * MIN),
        (Settings(time_limit_minutes=30, closes_at=NOW + 20 * MIN), 0, NOW + 20 * MIN),
        (Settings(closes_at=NOW + 20 * MIN), 0, NOW + 20 * MIN),
    ],
)
def test_deadline(settings, extra, expected):
    assert rules.deadline(settings, NOW, extra) == expected


def test_overdue_only_after_grace():
    assert not rules.is_overdue(NOW, 30, NOW + timedelta(seconds=30))
    assert rules.is_overdue(NOW, 30, NOW + timedelta(seconds=31))
    assert not rules.is_overdue(None, 30, NOW)


@pytest.mark.parametrize(
    ("policy", "attempt_passed", "quiz_passed", "left", "closed", "open_", "visible"),
    [
        ("after_submit", False, False, 2, False, False, True),
        ("after_pass", False, False, 2, False, False, False),
        ("after_pass", True, True, 2, False, False, True),
        ("after_pass", False, True, 2, False, False, True),
        ("after_last_attempt", True, True, 1, False, False, False),
        ("after_last_attempt", False, False, 0, False, False, True),
        ("after_last_attempt", False, False, None, True, False, True),
        ("after_last_attempt", False, False, 1, True, False, True),
        ("never", True, True, 0, True, False, False),
        # An open attempt hides the key of earlier ones under every policy (H2): the open
        # attempt counts as used, so "0 left" alone would show the key while it can be copied.
        ("after_last_attempt", False, False, 0, False, True, False),
        ("after_last_attempt", False, False, 0, True, True, False),
        ("after_submit", False, False, 2, False, True, False),
        ("after_pass", True, True, 2, False, True, False),
    ],
)
def test_answers_visible(policy, attempt_passed, quiz_passed, left, closed, open_, visible):
    assert rules.answers_visible(policy, attempt_passed=attempt_passed, quiz_passed=quiz_passed, attempts_left=left,
                                 quiz_closed=closed, attempt_open=open_) is visible  # fmt: skip


@pytest.mark.parametrize(
    ("page", "count", "expected"),
    [(0, 3, 0), (2, 3, 2), (3, 3, 2), (10**30, 3, 2), (-1, 3, 0), (-(10**30), 3, 0), (5, 1, 0), (5, 0, 0)],
)
def test_clamp_page(page, count, expected):
    assert rules.clamp_page(page, count) == expected
