"""An officer's own language and time zone, saved on the profile page (issue 18, points 2 and 4)."""

from __future__ import annotations

import re

import pytest

from lms import i18n
from lms.auth.models import User
from lms.extensions import db
from tests.conftest import csrf_token


def _save(client, **fields):
    token = csrf_token(client, "/profile/")
    return client.post("/profile/region", data={"csrf_token": token, **fields}, follow_redirects=True)


def test_time_zone_is_saved_and_times_are_shown_in_it(app, client, make_user, login, clock):
    officer = make_user()
    login(officer)
    assert "1 Dec 2026, 09:00:00 UTC" in client.get("/profile/").get_data(as_text=True)  # the deployment's
    page = _save(client, locale="", timezone="Asia/Seoul").get_data(as_text=True)
    assert "Your language and time zone are saved." in page
    assert "1 Dec 2026, 18:00:00 GMT+9" in page  # 09:00 UTC is 18:00 in Seoul
    with app.app_context():
        assert db.session.scalar(db.select(User.timezone).where(User.id == officer.id)) == "Asia/Seoul"
    assert re.search(r"<option selected>Asia/Seoul</option>", page)


def test_a_zone_or_language_not_offered_changes_nothing(app, client, make_user, login):
    officer = make_user()
    login(officer)
    page = _save(client, locale="", timezone="Mars/Olympus").get_data(as_text=True)
    assert "Choose one of the time zones in the list" in page
    page = _save(client, locale="xx", timezone="Europe/Berlin").get_data(as_text=True)
    assert "Choose one of the languages in the list." in page
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.id == officer.id))
        assert (user.locale, user.timezone) == (None, None)


def test_saved_language_wins_over_the_browser(app, client, make_user, login, monkeypatch):
    monkeypatch.setattr(i18n, "SERVED_LOCALES", ("en", "de"))
    officer = make_user()
    login(officer)
    _save(client, locale="de", timezone="")
    page = client.get("/profile/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Jerusalem"])
def test_the_offered_zones_are_real(zone):
    from lms.dates import time_zones

    assert zone in time_zones()
    assert "US/Eastern" not in time_zones() and "Etc/GMT+1" not in time_zones()


def test_until_a_zone_is_chosen_every_page_says_which_one_and_offers_the_devices(app, client, make_user, login):
    officer = make_user()
    login(officer)
    page = client.get("/progress/").get_data(as_text=True)
    assert "Dates and times are shown in UTC until you choose your time zone." in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = client.post("/profile/zone", data={"csrf_token": token, "timezone": "Mars/Olympus", "next": "/progress/"})
    assert refused.headers["Location"].endswith("/profile/#region-heading")
    with app.app_context():
        assert db.session.get(User, officer.id).timezone is None
    taken = client.post(
        "/profile/zone", data={"csrf_token": token, "timezone": "America/Sao_Paulo", "next": "/progress/"}
    )
    assert taken.headers["Location"] == "/progress/"
    page = client.get("/progress/").get_data(as_text=True)
    assert "Dates and times are now shown in America/Sao_Paulo." in page and "until you choose" not in page
    with app.app_context():
        assert db.session.get(User, officer.id).timezone == "America/Sao_Paulo"
