"""One family of dates and times, in the reader's language and zone, the zone always named (issue 18, point 4)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lms.dates import day, moment, time_of_day

STORED = datetime(2026, 12, 5, 8, 19, 5)  # naive: UTC, as LETP stores every moment


@pytest.mark.parametrize(
    ("locale", "zone", "expected"),
    [
        ("en", "Europe/Berlin", "5 Dec 2026, 09:19 CET"),
        ("en", "UTC", "5 Dec 2026, 08:19 UTC"),
        ("en", "America/Argentina/Buenos_Aires", "5 Dec 2026, 05:19 GMT-3"),
        ("en", "Asia/Kolkata", "5 Dec 2026, 13:49 GMT+5:30"),
        ("de", "Europe/Berlin", "5. Dez. 2026, 09:19 MEZ"),
        ("fr", "Europe/Paris", "5 déc. 2026, 09:19 UTC+1"),
        ("pt_BR", "America/Sao_Paulo", "5 de dez. de 2026 05:19 BRT"),
        ("ko", "Asia/Seoul", "2026년 12월 5일 오후 5:19 GMT+9"),
        ("sv", "Europe/Stockholm", "5 dec. 2026 09:19 CET"),
    ],
)
def test_a_moment_reads_in_the_locale_and_names_its_zone(locale, zone, expected):
    assert moment(STORED, locale, ZoneInfo(zone)) == expected


def test_summer_time_is_named_as_such():
    assert moment(datetime(2026, 7, 1, 12, 0), "en", ZoneInfo("Europe/Berlin")) == "1 Jul 2026, 14:00 CEST"


def test_seconds_when_asked_and_the_time_alone():
    assert moment(STORED, "en", ZoneInfo("UTC"), seconds=True) == "5 Dec 2026, 08:19:05 UTC"
    assert time_of_day(STORED, "de", ZoneInfo("Europe/Berlin")) == "09:19:05"


def test_the_day_is_the_one_in_the_readers_zone():
    late = datetime(2026, 12, 5, 23, 30)
    assert day(late, "en", ZoneInfo("UTC")) == "5 Dec 2026"
    assert day(late, "en", ZoneInfo("Asia/Seoul")) == "6 Dec 2026"
    assert day(date(2026, 1, 2), "de", ZoneInfo("Asia/Seoul")) == "2. Jan. 2026"  # a date stays that date
