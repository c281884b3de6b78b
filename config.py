"""LETP configuration: one class per environment; every setting can come from an LMS_* variable.

`LMS_ENV` picks the class (development, testing, production). Any upper-case setting below can
then be replaced by the environment variable of the same name with an `LMS_` prefix, e.g.
`LMS_DATABASE_URL`, `LMS_SECRET_KEY`, `LMS_COURSES_DIR`. Values are converted to the type of the
default (int, bool, float); booleans accept 1/0, true/false, yes/no, on/off.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE_DIR = ROOT / "instance"


class Config:
    ENV = "development"
    SECRET_KEY: str | None = None
    # Database: SQLite in instance/ by default; PostgreSQL with postgresql+psycopg://...
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'lms.sqlite3'}"
    SQLITE_BUSY_TIMEOUT_MS = 15_000
    # Content: the source of truth, read once at start-up.
    COURSES_DIR = str(ROOT / "courses")
    QUIZZES_DIR = str(ROOT / "quizzes")
    # The catalog built from them is kept on disk, so that the next worker, command or restart loads
    # it instead of parsing every file again (lms/catalog/cache.py). Its folder ("" is instance/cache)
    # must be the app's own, outside the content folders; one that cannot be written only costs a build.
    CATALOG_CACHE = True
    CACHE_DIR = ""
    # Sessions and cookies (shared/security.md A6). No remember-me cookie exists at all.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "letp_session"
    SESSION_LIFETIME_HOURS = 12
    # The cookie is rewritten when the session changes (at most once a minute, lms/web.py), not on
    # every request: signing it each time was a visible share of a page's cost (bench/RESULTS.md).
    SESSION_REFRESH_EACH_REQUEST = False
    # CSRF tokens must outlive the longest timed quiz (security.md E2): they last as long as
    # the session may (12 h), not Flask-WTF's default hour.
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    WTF_CSRF_SSL_STRICT = True
    # Request bodies above this size get 413 (security.md D5).
    MAX_CONTENT_LENGTH = 1 * 1024 * 1024
    # argon2id parameters (RFC 9106 / OWASP): 64 MiB, 3 passes, 4 lanes by default.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_KIB = 65_536
    ARGON2_PARALLELISM = 4
    # Failed logins and wrong current passwords (shared/security.md A2, H4, H10), counted over the
    # window: per account and address; per address across accounts (spraying); per account across
    # all addresses. A browser holding the account's device cookie (issued at each sign-in, kept
    # LOGIN_DEVICE_COOKIE_DAYS) is exempt from the account-wide limit and has its own
    # LOGIN_MAX_FAILURES instead (lms/auth/throttle.py).
    LOGIN_MAX_FAILURES = 10
    LOGIN_MAX_FAILURES_PER_ADDRESS = 100
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 20
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_DEVICE_COOKIE_DAYS = 180
    # Reverse proxies in front of the app (e.g. 1 for the recommended TLS proxy) whose
    # X-Forwarded-For/-Proto/-Host are trusted; 0 ignores those headers, so no client can forge
    # its address. Set it to the exact number of hops, never more.
    TRUSTED_PROXIES = 0
    # Shared counters beyond one machine: failed logins and rate limits live in Redis when set
    # (e.g. redis://127.0.0.1:6379/0); otherwise failed logins use the database.
    REDIS_URL = ""
    REDIS_PREFIX = "letp"
    # General rate limit per signed-in user (or per address when signed out), by Flask-Limiter.
    RATE_LIMIT = "600 per minute"
    # Sessions end after this long without a request (A7); the absolute limit is SESSION_LIFETIME_HOURS.
    SESSION_IDLE_MINUTES = 30
    # Answers still arriving this long after a quiz deadline are accepted (network latency).
    QUIZ_GRACE_SECONDS = 30
    # Interface language for a browser that asks for none LETP serves (one of lms.i18n.SERVED_LOCALES),
    # and the time zone (Flask-Babel).
    DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # The address people reach LETP at, e.g. https://letp.police.example (with a path if it is served
    # under one). Every absolute link (set-password links, certificates' verify links, mail) is built
    # from it, never from the request's Host header (security.md H12). Required in production.
    PUBLIC_URL = "http://127.0.0.1:5000"
    # Mail (lms/mail): an SMTP server as smtp://user:password@host:587 (STARTTLS) or smtps://host:465
    # (TLS). Without one, development writes each message to instance/mail/ as an .eml file;
    # production keeps mail in the outbox until it is set. Messages are sent after the request
    # that queued them (in a thread) and by `flask lms send-mail` (cron, or --loop as a worker).
    MAIL_URL = ""
    MAIL_FROM = "letp@localhost"
    MAIL_FROM_NAME = "LETP"
    MAIL_TIMEOUT_SECONDS = 10.0
    MAIL_SEND_AFTER_REQUEST = True
    # A sender owns the messages it claimed for this long; if it dies, another sends them after.
    MAIL_LEASE_SECONDS = 300
    MAIL_FILE_DIR = ""  # where development writes .eml files without a server; "" is instance/mail
    # Password recovery (security.md H13): a link lasts this long and works once; requests are
    # counted per e-mail and per address over LOGIN_WINDOW_MINUTES, like failed sign-ins.
    PASSWORD_RESET_MINUTES = 60
    RESET_MAX_PER_ACCOUNT = 3
    RESET_MAX_PER_ADDRESS = 20
    # Strict-Transport-Security is sent only where TLS is guaranteed (production).
    HSTS = False
    LOG_LEVEL = "INFO"


class DevelopmentConfig(Config):
    ENV = "development"


class TestingConfig(Config):
    ENV = "testing"
    TESTING = True
    DATABASE_URL = "sqlite://"
    # Tests hash many passwords: light argon2id parameters keep them fast. The production
    # parameters are checked by a test of their own.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 1024
    ARGON2_PARALLELISM = 1
    SECRET_KEY = "testing-secret-key-not-for-production-use-0123456789"  # noqa: S105 - tests only
    PUBLIC_URL = "https://letp.test"
    # Tests deliver mail themselves (the sender, against a real SMTP server they start), never
    # from a thread that would outlive the request and the test's database.
    MAIL_SEND_AFTER_REQUEST = False
    # Each test's catalog stays in its process (tests of the disk cache turn it on, in a folder of their own).
    CATALOG_CACHE = False


class ProductionConfig(Config):
    ENV = "production"
    PUBLIC_URL = ""  # no default: the deployment must say where it is reached
    SESSION_COOKIE_SECURE = True
    HSTS = True
    LOG_LEVEL = "WARNING"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _convert(name: str, raw: str, default: object) -> object:
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"LMS_{name} must be true or false, not {raw!r}.")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"LMS_{name} must be a whole number, not {raw!r}.") from None
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"LMS_{name} must be a number, not {raw!r}.") from None
    return raw


def load_settings(environ: os._Environ[str] | dict[str, str] | None = None) -> dict[str, object]:
    """The settings of the class LMS_ENV names, each replaced by its LMS_* variable if set."""
    env = os.environ if environ is None else environ
    env_name = env.get("LMS_ENV", "development")
    if env_name not in CONFIGS:
        raise ValueError(f"LMS_ENV must be one of {', '.join(CONFIGS)}, not {env_name!r}.")
    cls = CONFIGS[env_name]
    settings = {name: getattr(cls, name) for name in dir(cls) if name.isupper()}
    for name, default in settings.items():
        raw = env.get(f"LMS_{name}")
        if raw is not None and name != "ENV":
            settings[name] = _convert(name, raw, default)
    return settings
