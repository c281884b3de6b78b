"""Which language a page is in, and its direction (issue 18, point 2)."""

from __future__ import annotations

import pytest

from lms import create_app
from lms.i18n import SERVED_LOCALES, direction


def test_direction_follows_the_script():
    assert direction("he") == "rtl"
    assert direction("he_IL") == "rtl"
    assert [direction(locale) for locale in ("en", "de", "pt_BR", "ko")] == ["ltr"] * 4


def test_page_names_its_language_and_direction(client):
    page = client.get("/auth/login", headers={"Accept-Language": "xx-YY, en;q=0.5"})
    assert '<html lang="en" dir="ltr">' in page.get_data(as_text=True)


def test_a_language_not_served_falls_back_to_the_default(client):
    asked = "ja"
    assert asked not in SERVED_LOCALES
    page = client.get("/auth/login", headers={"Accept-Language": asked})
    assert '<html lang="en"' in page.get_data(as_text=True)


@pytest.mark.parametrize(("header", "expected"), [("de-DE,de;q=0.9", 'lang="de" dir="ltr"'),
                                                   ("he-IL", 'lang="he" dir="rtl"'),
                                                   ("pt-BR,pt;q=0.8", 'lang="pt-BR" dir="ltr"')])  # fmt: skip
def test_the_browser_language_is_served(client, header, expected):
    page = client.get("/auth/login", headers={"Accept-Language": header})
    assert f"<html {expected}>" in page.get_data(as_text=True)


def test_default_locale_must_be_served(database_url, monkeypatch):
    from tests.conftest import base_overrides

    monkeypatch.setenv("LMS_ENV", "testing")
    with pytest.raises(RuntimeError, match="LMS_DEFAULT_LOCALE must be one of en"):
        create_app(base_overrides(database_url) | {"DEFAULT_LOCALE": "xx"})
