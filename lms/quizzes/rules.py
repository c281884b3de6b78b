"""Attempt rules: may an officer start, when is the deadline, may they see the answers. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from . import spec


@dataclass(frozen=True)
class Refusal:
    code: str  # no_attempts_left | cooldown | not_open | closed
    until: datetime | None = None


def allowed_attempts(settings: spec.Settings, extra_attempts: int) -> int | None:
    return None if settings.max_attempts is None else settings.max_attempts + extra_attempts


def start_refusal(settings: spec.Settings, used: int, last_finished_at: datetime | None, extra_attempts: int,
                  now: datetime) -> Refusal | None:  # fmt: skip
    """Why a new attempt may not start now, or None if it may."""
    if settings.opens_at and now < settings.opens_at:
        return Refusal("not_open", settings.opens_at)
    if settings.closes_at and now >= settings.closes_at:
        return Refusal("closed", settings.closes_at)
    allowed = allowed_attempts(settings, extra_attempts)
    if allowed is not None and used >= allowed:
        return Refusal("no_attempts_left")
    if settings.cooldown_minutes and last_finished_at is not None:
        ready = last_finished_at + timedelta(minutes=settings.cooldown_minutes)
        if now < ready:
            return Refusal("cooldown", ready)
    return None


def deadline(settings: spec.Settings, started_at: datetime, extra_minutes: int) -> datetime | None:
    """min(start + time limit + extra time, quiz close); None when neither applies."""
    candidates = []
    if settings.time_limit_minutes:
        candidates.append(started_at + timedelta(minutes=settings.time_limit_minutes + extra_minutes))
    if settings.closes_at:
        candidates.append(settings.closes_at)
    return min(candidates) if candidates else None


def is_overdue(deadline_at: datetime | None, grace_seconds: int, now: datetime) -> bool:
    """Past the deadline and the grace given to answers still on their way."""
    return deadline_at is not None and now > deadline_at + timedelta(seconds=grace_seconds)


def answers_visible(policy: str, *, attempt_passed: bool | None, quiz_passed: bool, attempts_left: int | None,
                    quiz_closed: bool, attempt_open: bool) -> bool:  # fmt: skip
    """May the review of a finished attempt show correct answers and answer feedback?

    Never while an attempt of the quiz is open, whatever the policy: the key would be copied
    into it (security.md C1, H2). `after_last_attempt` also needs that no attempt can start
    any more: every attempt used (the open one counts as used, hence the first rule) or the
    quiz closed.
    """
    if attempt_open:
        return False
    if policy == "after_submit":
        return True
    if policy == "after_pass":
        return bool(attempt_passed) or quiz_passed
    if policy == "after_last_attempt":
        return attempts_left == 0 or quiz_closed
    return False


def clamp_page(page: int, page_count: int) -> int:
    """A page number within 0 .. page_count - 1, whatever number was sent."""
    return min(max(page, 0), max(page_count - 1, 0))
