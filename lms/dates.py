"""Dates and times as people read them: one family on every page, in the reader's language and zone. Pure.

LETP stores and computes every moment in naive UTC (lms/clock.py); only here does a moment meet a
reader. Two shapes, both from Babel's CLDR data for the reader's language:

- `moment`: the medium date, the short time and the zone's name: "5 Dec 2026, 09:19 CET",
  "5. Dez. 2026, 09:19 MEZ", "2026년 12월 5일 오후 5:19 GMT+9". The zone is always named, since an
  officer in Buenos Aires and a coordinator in Madrid read the same deadline.
- `day`: the medium date alone, of that moment in the reader's zone: "5 Dec 2026".

English pages follow the international (British) conventions, day before month and a 24-hour
clock: most of LETP's English readers are outside the United States, and "12/5/26" reads as 12 May
to them.

One deliberate exception: the tracing labs' explorer shows a case's block times as block
explorers and forensic tools do, ISO 8601 in UTC ("2026-03-02 09:00:00 UTC"), the form in which
officers will copy them into statements and requests to exchanges.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import available_timezones

from babel import Locale
from babel.dates import format_datetime, format_skeleton, format_time

FORMAT_LOCALES = {"en": "en_GB"}


def formatting_locale(locale: Locale | str) -> Locale:
    """The locale whose date conventions a page in `locale` uses."""
    name = str(locale)
    return Locale.parse(FORMAT_LOCALES.get(name, name))


def local(value: datetime, zone: tzinfo) -> datetime:
    """A stored moment (naive means UTC) in `zone`."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(zone)


def zone_name(value: datetime, locale: Locale) -> str:
    """The zone of an aware moment as the locale abbreviates it ("CET", "MEZ"), else as an offset
    ("GMT-3", "UTC+5:30"): CLDR names only the zones a language commonly abbreviates."""
    if getattr(value.tzinfo, "key", None) in ("UTC", "Etc/UTC") or value.tzinfo is UTC:
        return "UTC"
    short = format_datetime(value, "z", locale=locale)
    if short.isalpha() and len(short) <= 5:
        return short
    minutes = int((value.utcoffset() or UTC.utcoffset(None)).total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    offset = ("-" if minutes < 0 else "+") + str(hours) + (f":{rest:02d}" if rest else "") if minutes else ""
    return locale.zone_formats["gmt"] % offset


def moment(value: datetime, locale: Locale | str, zone: tzinfo, *, seconds: bool = False) -> str:
    """ "5 Dec 2026, 09:19 CET"; with `seconds`, "5 Dec 2026, 09:19:05 CET"."""
    where = formatting_locale(locale)
    there = local(value, zone)
    day_text = format_skeleton("yMMMd", there, locale=where)
    time_text = format_time(there, "medium" if seconds else "short", locale=where)
    glue = str(where.datetime_formats["medium"])
    return glue.replace("{1}", day_text).replace("{0}", time_text) + " " + zone_name(there, where)


def day(value: date | datetime, locale: Locale | str, zone: tzinfo) -> str:
    """ "5 Dec 2026": a date as it is, a moment as the date it falls on in `zone`."""
    where = formatting_locale(locale)
    if isinstance(value, datetime):
        value = local(value, zone).date()
    return format_skeleton("yMMMd", value, locale=where)


def time_of_day(value: datetime, locale: Locale | str, zone: tzinfo) -> str:
    """ "09:19:05": the time alone, for what happened moments ago on the page being read."""
    return format_time(local(value, zone), "medium", locale=formatting_locale(locale))


@cache
def time_zones() -> tuple[str, ...]:
    """The IANA zones named Area/City (Europe/Berlin), without the legacy aliases (US/Eastern,
    Etc/GMT+1, posix/...); UTC first, for those who want it explicitly."""
    legacy = ("Etc/", "SystemV/", "US/", "posix/", "right/", "Canada/", "Brazil/", "Mexico/", "Chile/")
    return ("UTC", *sorted(z for z in available_timezones() if "/" in z and not z.startswith(legacy)))
