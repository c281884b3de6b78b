"""Pages that are the same for everyone in the same situation, rendered once and reused.

A module page depends on the module, the languages (interface and content), the person's role,
the module's status for them and whether the next module is locked, and on nothing else but two
per-person strings: the name in the header and the CSRF token of its forms. So it is rendered once
per such key with stand-ins for those two (`NAME` and `TOKEN`: letters and digits, which escaping
leaves as they are), and each request puts its own in: the name escaped as Jinja escapes it, the
token from Flask-WTF as the forms would have it. The page is byte for byte what rendering afresh
gives (tests compare every module, language and status).

Not cached, rendered as usual: a request with flashed messages to show, or with a query string
other than `?original=1` (anything else would let a client fill the cache with variants). Each
app keeps its own entries, at most `MAX_PAGES`, the least recently used dropped first; the catalog
does not change while the app runs, so nothing else invalidates them.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, g, render_template, request, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

MAX_PAGES = 256  # a module page is about 60 KB: at most some 15 MB per process
NAME = "letpname" + secrets.token_hex(8)
TOKEN = "letptoken" + secrets.token_hex(8)
EXTENSION_KEY = "lms.page_cache"
CACHEABLE_QUERIES = (b"", b"original=1")


class SharedUser:
    """What a shared page may read of the signed-in person: the role and whether a time zone is
    chosen are part of the key; the name is the stand-in."""

    is_authenticated = True
    is_anonymous = False
    name = NAME

    def __init__(self, role: str, has_timezone: bool) -> None:
        self.role = role
        self.timezone = "set" if has_timezone else None


class Recent:
    """At most `size` values by key, the least recently used dropped first; shared by a worker's
    threads. Also the worker's cache of course results (lms/progress/cache.py)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, default: object = None) -> object:
        with self.lock:
            value = self.entries.get(key, default)
            if value is not default:
                self.entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def _pages() -> Recent:
    return current_app.extensions.setdefault(EXTENSION_KEY, Recent(MAX_PAGES))


def cacheable() -> bool:
    return (
        current_app.config.get("PAGE_CACHE", True)
        and current_user.is_authenticated
        and request.query_string in CACHEABLE_QUERIES
        and not session.get("_flashes")
    )


def render_shared(variant: Hashable, template: str, context: Callable[[], dict[str, Any]]) -> str:
    """`template` rendered with `context()`, from the cache when this page was rendered for the same
    key before; `variant` is what the page shows of the person beyond their role (a status...)."""
    if not cacheable():
        return render_template(template, **context())
    key = (template, request.path, request.query_string, str(get_locale()), str(get_timezone()), current_user.role,
           current_user.timezone is not None, variant)  # fmt: skip
    pages = _pages()
    page = pages.get(key)
    if not isinstance(page, str):
        page = _render_with_stand_ins(template, context)
        pages.put(key, page)
    return page.replace(NAME, str(escape(current_user.name))).replace(TOKEN, generate_csrf())


def _render_with_stand_ins(template: str, context: Callable[[], dict[str, Any]]) -> str:
    """The context is made here too: a form takes its CSRF token when it is made."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    real = g.pop(field, None)  # Flask-WTF hands out the token it keeps in g for the request
    setattr(g, field, TOKEN)
    try:
        user = SharedUser(current_user.role, current_user.timezone is not None)
        return render_template(template, **context(), current_user=user)
    finally:
        g.pop(field, None)
        if real is not None:
            setattr(g, field, real)
