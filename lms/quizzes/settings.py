"""Turn a quiz file's front matter into LETP `Settings`, with a message for every bad key."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from lms.content import fields as F  # noqa: N812 - short name for the field schema
from lms.i18n import N_, Message

from . import spec

DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
BAND_KEYS = ("min_percent", "text")


def at_least(low: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise F.FieldError(N_("must be a whole number of at least %(low)s", low=low))
        if value < low:
            raise F.FieldError(N_("must be at least %(low)s (it is %(value)s)", low=low, value=value))
        return value

    return convert


def one_of(allowed: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in allowed:
            raise F.FieldError(N_("must be one of: %(allowed)s", allowed=", ".join(allowed)))
        return value

    return convert


def moment(value: Any) -> datetime:
    """A YAML timestamp or an ISO 8601 string, as naive UTC (naive input is taken as UTC)."""
    if isinstance(value, str) and not DATE_ONLY.match(value):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise F.FieldError(N_("must be a date and time like 2026-12-01T08:00:00Z")) from None
    if not isinstance(value, datetime):
        # A bare date (YAML `2026-12-01`) is refused: midnight at which end of the day is a guess.
        if isinstance(value, (date, str)):
            raise F.FieldError(N_("needs a time as well as a date: write a date and time like 2026-12-01T08:00:00Z"))
        raise F.FieldError(N_("must be a date and time like 2026-12-01T08:00:00Z"))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def feedback_bands(value: Any) -> tuple[spec.FeedbackBand, ...]:
    """A list of {min_percent, text}, returned highest band first; duplicate thresholds are errors."""
    if not isinstance(value, list) or not value:
        raise F.FieldError(N_('must be a list of items like "- {min_percent: 90, text: Excellent.}"'))
    bands = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise F.FieldError(
                N_("item %(number)s must be a mapping like {min_percent: 90, text: Excellent.}", number=number)
            )
        unknown = [str(k) for k in item if k not in BAND_KEYS]
        if unknown:
            raise F.FieldError(N_("item %(number)s has unknown key '%(key)s'; each item has only min_percent and text",
                                  number=number, key=unknown[0]))  # fmt: skip
        percent = item.get("min_percent")
        if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not 0 <= percent <= 100:
            raise F.FieldError(N_("item %(number)s needs min_percent, a number from 0 to 100", number=number))
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise F.FieldError(
                N_("item %(number)s needs text, the non-empty feedback shown for that score", number=number)
            )
        bands.append(spec.FeedbackBand(min_percent=Decimal(str(percent)), text=text.strip()))
    seen: set[Decimal] = set()
    for band in bands:
        if band.min_percent in seen:
            raise F.FieldError(
                N_("has two items with min_percent %(percent)s; give each band its own threshold",
                   percent=spec.number(band.min_percent))
            )  # fmt: skip
        seen.add(band.min_percent)
    return tuple(sorted(bands, key=lambda b: b.min_percent, reverse=True))


SETTINGS_FIELDS = [
    F.Field("pass_percent", F.integer(0, 100), default=70),
    F.Field("max_attempts", at_least(1)),
    F.Field("cooldown_minutes", at_least(0), default=0),
    F.Field("time_limit_minutes", F.integer(1, 1440)),
    F.Field("opens_at", moment),
    F.Field("closes_at", moment),
    F.Field("grading", one_of(spec.GRADING_METHODS), default="highest"),
    F.Field("shuffle_questions", F.boolean, default=False),
    F.Field("multiple_answers_scoring", one_of(spec.MULTIPLE_ANSWERS_SCORING), default="all_or_nothing"),
    # No default here: when the key is absent, the body's `show correct answers:` may decide.
    F.Field("show_correct_answers", one_of(spec.REVIEW_POLICIES)),
    F.Field("feedback_bands", feedback_bands, default=()),
    # The quiz's title when its body has no `Quiz title:` line (text2qti's own files often have none).
    F.Field("title", F.text(200)),
]


def parse_settings(
    meta: Mapping[str, Any], key_lines: Mapping[str, int], body_shows_answers: bool = True
) -> tuple[spec.Settings, list[tuple[int, Message]]]:
    """Validate front matter values; return the settings and (file line, message) pairs.

    `body_shows_answers` is the body's text2qti `show correct answers:` option; it only
    matters when the front matter has no `show_correct_answers` key (then false means "never").
    """
    values, errors = F.validate(meta, SETTINGS_FIELDS)
    problems = [(key_lines.get(key, 1) if key else 1, message) for key, message in errors]
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if opens is not None and closes is not None and closes <= opens:
        problems.append((key_lines.get("closes_at", 1), N_("'closes_at' must be after 'opens_at'")))
    if values.get("show_correct_answers") is None:
        values["show_correct_answers"] = "after_pass" if body_shows_answers else "never"
    values.pop("title", None)  # read by format.py, not a setting
    return spec.Settings(**values), problems
