"""Sentences from pure modules that pages still show in the reader's language. Pure.

Modules that import neither Flask nor Flask-Babel mark what they say to people with `N_` (the
"no-op gettext" that `pybabel extract` knows by default, so `make messages` collects these
msgids too). `N_` gives a `Message`: a str holding the English sentence, so the command line,
logs and tests read it as before, which also keeps its msgid and named parameters. Where it
reaches a page, the view calls `message.in_language(gettext)` to have it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from babel import Locale


class Message(str):
    """English text (the msgid with its parameters filled in) that can still be translated."""

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, **params: object) -> Message:
        self = super().__new__(cls, msgid % params if params else msgid)
        self.msgid, self.params = msgid, params
        return self

    def in_language(self, gettext: Callable[..., str]) -> str:
        """The sentence through `gettext` (flask_babel's), parameters that are Messages too."""
        return gettext(self.msgid, **{k: translated(v, gettext) for k, v in self.params.items()})


N_ = Message


def translated(text, gettext: Callable[..., str]):
    """`text` through `gettext` if it is a Message; anything else (already translated, a name) as is."""
    return text.in_language(gettext) if isinstance(text, Message) else text


# The interface languages, English first (the msgids). The Makefile's LOCALES lists the others.
LOCALES = ("en", "es", "pt_BR", "fr", "de", "nl", "sv", "ko", "he")
# The languages pages are offered in: a catalog joins once it is complete (tests/i18n checks each
# one served, and tests/browser walks an officer's pages in each), so no officer reads a page half
# in English.
SERVED_LOCALES: tuple[str, ...] = LOCALES
RIGHT_TO_LEFT = frozenset({"he"})
# Where the language switch keeps a signed-out visitor's choice (a signed-in person's is saved).
LANGUAGE_COOKIE = "letp_language"


def direction(locale: str) -> str:
    """`rtl` or `ltr`, for `<html dir>`."""
    return "rtl" if str(locale).split("_")[0] in RIGHT_TO_LEFT else "ltr"


def language_name(code: str) -> str:
    """A language named in itself ("Deutsch", "עברית"), as language menus do."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]  # "Português (Brasil)": str.capitalize() would lower the rest


@cache
def interface_languages() -> tuple[tuple[str, str], ...]:
    """(code, name in itself) of every served language, for the language menus."""
    return tuple((code, language_name(code)) for code in SERVED_LOCALES)
