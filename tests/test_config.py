"""The factory and configuration: LMS_* variables, secret keys, environments."""

import pytest

from config import load_settings
from lms import create_app
from tests.conftest import base_overrides


def test_settings_come_from_lms_variables_with_types():
    settings = load_settings({"LMS_ENV": "production", "LMS_DATABASE_URL": "postgresql+psycopg://x/y",
                              "LMS_MAX_CONTENT_LENGTH": "2048", "LMS_HSTS": "off", "LMS_COURSES_DIR": "/c"})  # fmt: skip
    assert settings["ENV"] == "production"
    assert settings["DATABASE_URL"] == "postgresql+psycopg://x/y"
    assert settings["MAX_CONTENT_LENGTH"] == 2048
    assert settings["HSTS"] is False
    assert settings["COURSES_DIR"] == "/c"
    assert settings["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LMS_ENV": "staging"}, "LMS_ENV must be one of"),
        ({"LMS_MAX_CONTENT_LENGTH": "lots"}, "must be a whole number"),
        ({"LMS_HSTS": "perhaps"}, "must be true or false"),
    ],
)
def test_bad_setting_values_are_named(env, message):
    with pytest.raises(ValueError, match=message):
        load_settings(env)


def test_factory_applies_overrides(app):
    assert app.config["TESTING"] is True
    assert app.config["ENV"] == "testing"
    assert app.config["WTF_CSRF_ENABLED"] is True  # CSRF stays on in tests
    assert "progress" in app.blueprints and "auth" in app.blueprints and "content" in app.blueprints


def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="LMS_SECRET_KEY"):
        create_app(base_overrides(f"sqlite:///{tmp_path / 'x.db'}"))
    monkeypatch.setenv("LMS_SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="at least 32"):
        create_app(base_overrides(f"sqlite:///{tmp_path / 'x.db'}"))


@pytest.mark.parametrize("url", [None, "", "http://letp.police.example", "letp.police.example"])
def test_h12_production_refuses_to_start_without_an_https_public_url(monkeypatch, tmp_path, url):
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("LMS_SECRET_KEY", "k" * 48)
    if url is None:
        monkeypatch.delenv("LMS_PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("LMS_PUBLIC_URL", url)
    with pytest.raises(RuntimeError, match="LMS_PUBLIC_URL"):
        create_app(base_overrides(f"sqlite:///{tmp_path / 'x.db'}"))


def test_production_starts_with_a_real_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("LMS_SECRET_KEY", "k" * 48)
    monkeypatch.setenv("LMS_PUBLIC_URL", "https://letp.police.example/training/")
    app = create_app(base_overrides(f"sqlite:///{tmp_path / 'x.db'}"))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["HSTS"] is True


def test_development_generates_and_keeps_a_secret_key(monkeypatch, tmp_path):
    import lms

    monkeypatch.setattr(lms, "INSTANCE_DIR", tmp_path)
    monkeypatch.setenv("LMS_ENV", "development")
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    first = create_app(base_overrides(f"sqlite:///{tmp_path / 'x.db'}")).config["SECRET_KEY"]
    second = create_app(base_overrides(f"sqlite:///{tmp_path / 'x.db'}")).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_argon2_parameters_meet_owasp():
    settings = load_settings({"LMS_ENV": "production"})
    # OWASP: argon2id with at least 19 MiB and 2 passes; RFC 9106's second choice is 64 MiB, 3 passes.
    assert settings["ARGON2_MEMORY_KIB"] >= 19 * 1024
    assert settings["ARGON2_TIME_COST"] >= 2
