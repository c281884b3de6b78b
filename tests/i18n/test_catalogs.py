"""Every interface catalog is complete and safe to format (issue 18, point 7).

A catalog fails on an entry left empty or marked fuzzy, on a translation whose named
placeholders differ from its msgid's (a missing `%(name)s` drops a fact, an extra one raises
KeyError on the page), and on markup that differs (a lost `<strong>` or a broken tag).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lms.i18n import LOCALES, SERVED_LOCALES

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lms" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
TAG = re.compile(r"</?[a-z][^>]*>")


def _catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def _placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text.replace("%%", "")))


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def _problems(catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        msgids = message.id if isinstance(message.id, tuple) else (message.id,)
        where = f"{msgids[0]!r} ({', '.join(f'{p}:{n}' for p, n in message.locations[:2])})"
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {where}")
        for form in _forms(message):
            if not form:
                problems.append(f"untranslated: {where}")
                break
            # A plural form may leave out what its English singular leaves out ("Eine Antwort" for
            # "One answer"), never use a name the English lacks nor drop one the singular has.
            have, most, least = (set(_placeholders(text)) for text in (form, msgids[-1], msgids[0]))
            if "python-format" in message.flags and not least <= have <= most:
                problems.append(f"placeholders {sorted(have)} instead of {sorted(most)}: {where}")
            if sorted(TAG.findall(form)) != sorted(TAG.findall(msgids[0])):
                problems.append(f"markup {TAG.findall(form)} instead of {TAG.findall(msgids[0])}: {where}")
    return problems


def test_every_served_catalog_is_complete_and_keeps_placeholders():
    for locale in SERVED_LOCALES[1:]:
        problems = _problems(_catalog(locale))
        assert not problems, f"{locale}: {len(problems)} problems, first ones:\n" + "\n".join(problems[:40])


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    """The msgids the source holds now, extracted as `make messages` does (babel.cfg, its keywords)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = TRANSLATIONS.parents[1]
    with (root / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = DEFAULT_KEYWORDS | {"_l": None, "N_": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        root, method_map, options_map, keywords=keywords
    ):
        found.add(message)
    return found


def test_the_template_holds_what_the_source_says(extracted):
    """A string added to the code or a template without `make messages` would reach no translator."""
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert extracted - template == set(), f"not in messages.pot: {sorted(map(str, extracted - template))[:10]}"
    assert template - extracted == set(), f"no longer in the source: {sorted(map(str, template - extracted))[:10]}"


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_catalog_holds_every_msgid_of_the_template(locale, extracted):
    """`make messages` was run after the last interface change: no msgid is missing or left over."""
    have = {m.id for m in _catalog(locale) if m.id}
    assert extracted - have == set(), f"{locale} lacks {sorted(map(str, extracted - have))[:10]}: run `make messages`"
    assert have - extracted == set(), f"{locale} holds msgids no longer used: {sorted(map(str, have - extracted))[:10]}"


def test_the_checks_catch_what_they_name():
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="de")
    catalog.add("Hello %(name)s", "Hallo", flags=["python-format"])
    catalog.add("<strong>Bold</strong>", "Fett")
    catalog.add("Empty", "")
    catalog.add("Guess", "Geraten", flags=["fuzzy"])
    catalog.add(("One answer", "%(num)s answers"), ("Eine Antwort", "%(num)s Antworten"), flags=["python-format"])
    catalog.add(("%(num)s file", "%(num)s files"), ("eine Datei", "%(num)s Dateien"), flags=["python-format"])
    found = "\n".join(_problems(catalog))
    assert "'One answer'" not in found
    for expected in (
        "placeholders [] instead of ['%(name)s']",
        "placeholders [] instead of ['%(num)s']: '%(num)s file'",
        "markup",
        "untranslated: 'Empty'",
        "fuzzy: 'Guess'",
    ):
        assert expected in found


def test_every_served_language_has_a_catalog_under_test():
    """A language is offered to officers only with a complete catalog (the test above runs on it)."""
    assert SERVED_LOCALES[0] == "en"
    assert set(SERVED_LOCALES) <= set(LOCALES)
