"""How values read on pages: durations, percents, numbers, moments and countries, in the reader's
language and zone (Flask-Babel's selection; the formatting itself is lms/dates.py and Babel).

Templates get them as Jinja globals (web.init_app); views and mail use them directly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app
from flask_babel import format_decimal, format_percent, get_locale, get_timezone
from flask_babel import gettext as _

from . import dates


def duration(minutes: int) -> str:
    """45 -> "45 min", 360 -> "6 h", 390 -> "6 h 30 min" (numbers formatted for the locale)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(m)s min", m=format_decimal(rest))
    if not rest:
        return _("%(h)s h", h=format_decimal(hours))
    return _("%(h)s h %(m)s min", h=format_decimal(hours), m=format_decimal(rest))


def percent(value) -> str:
    """A grade or score in percent, the same way on every page: "100%", "87.5%", "66.67%"."""
    return format_percent(float(value) / 100, "#,##0.##%")


def number(value) -> str:
    """A number as typed in answers and keys: no grouping ("2016", not "2,016"), decimals kept."""
    return format_decimal(value, "0.##########")


def when(value: datetime, seconds: bool = False) -> str:
    """A stored moment for the reader: "5 Dec 2026, 09:19 CET" in their language and zone (lms/dates.py)."""
    return dates.moment(value, get_locale() or "en", get_timezone() or UTC, seconds=seconds)


def on_day(value: date | datetime) -> str:
    """The date of a stored moment (or a date) for the reader: "5 Dec 2026"."""
    return dates.day(value, get_locale() or "en", get_timezone() or UTC)


def time_of_day(value: datetime) -> str:
    """The time alone, with seconds, for what just happened on this page ("Saved at 09:19:05")."""
    return dates.time_of_day(value, get_locale() or "en", get_timezone() or UTC)


def deployment_zone() -> str:
    """The zone times are shown in for someone who has chosen none (LMS_BABEL_DEFAULT_TIMEZONE)."""
    return str(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")


def country_name(code: str) -> str:
    """A country's name in the reader's language, from Babel's CLDR data ("SE" -> "Sweden"); the code if unknown."""
    locale = get_locale()
    return locale.territories.get((code or "").upper(), code) if locale is not None else code
