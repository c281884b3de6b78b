"""Checks on account fields shared by forms, the CLI and bulk import; no Flask, no database."""

from __future__ import annotations

import unicodedata
from functools import cache

import pycountry
from babel import Locale
from email_validator import EmailNotValidError, validate_email

from ..i18n import LOCALES, N_
from ..text import control_character
from .roles import Role

NAME_MAX = 120
AGENCY_MAX = 160


class AccountError(ValueError):
    """Carries one message per wrong field."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


def normalise_email(raw: str) -> str:
    """Lower-cased, syntax-checked e-mail address; raises ValueError with a reason."""
    # test_environment admits the reserved .test domain (the demo accounts use it) and skips
    # DNS look-ups: LETP may run on networks without outside DNS.
    try:
        return validate_email(raw.strip(), check_deliverability=False, test_environment=True).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(
            N_("'%(text)s' is not a valid e-mail address: %(reason)s", text=raw.strip()[:80], reason=str(exc))
        ) from None


@cache
def _country_names() -> dict[str, str]:
    """Casefolded country name -> ISO code, in every interface language (Babel's CLDR names:
    "Deutschland", "Allemagne", "Alemanha", "독일", "גרמניה"). A name two languages give to
    different countries would be dropped; none does today."""
    names: dict[str, str] = {}
    clashes: set[str] = set()
    for locale in LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) != 2 or not code.isalpha() or pycountry.countries.get(alpha_2=code) is None:
                continue
            key = unicodedata.normalize("NFC", name).casefold()
            if names.setdefault(key, code) != code:
                clashes.add(key)
    return {name: code for name, code in names.items() if name not in clashes}


def normalise_country(raw: str) -> str:
    """The ISO 3166-1 two-letter code for a code ("fr"), a three-letter code ("FRA"), an English
    name ("France", "Korea, Republic of") or its name in any interface language ("Frankreich"):
    one rule for every form and import that asks for a country."""
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    country = None
    if len(text) == 2 and text.isascii():
        country = pycountry.countries.get(alpha_2=text.upper())
    elif 2 <= len(text) <= 60:
        code = _country_names().get(text.casefold())
        if code is not None:
            return code
        try:
            country = pycountry.countries.lookup(text)
        except LookupError:
            country = None
    if country is None:
        raise ValueError(
            N_(
                "'%(text)s' is not a country LETP knows: write its name (France, Frankreich, Francia) or its "
                "ISO 3166 two-letter code (FR)",
                text=text[:20],
            )
        )
    return country.alpha_2


def check_account(email: str, name: str, agency: str, country: str, role: str) -> dict[str, str]:
    """Return the cleaned fields or raise AccountError naming every bad one."""
    problems: dict[str, str] = {}
    clean: dict[str, str] = {}
    for field, value in (("email", email), ("name", name), ("agency", agency), ("country", country)):
        if (found := control_character(value)) is not None:
            problems[field] = N_(
                "holds an invisible control character (%(character)s); retype the text without it", character=found
            )
    if problems:
        raise AccountError(problems)
    try:
        clean["email"] = normalise_email(email)
    except ValueError as exc:
        problems["email"] = exc.args[0]
    clean["name"] = " ".join(name.split())
    if not clean["name"] or len(clean["name"]) > NAME_MAX:
        problems["name"] = N_("a name of 1 to %(maximum)s characters is required", maximum=NAME_MAX)
    clean["agency"] = " ".join(agency.split())
    if len(clean["agency"]) > AGENCY_MAX:
        problems["agency"] = N_("the agency may have at most %(maximum)s characters", maximum=AGENCY_MAX)
    try:
        clean["country"] = normalise_country(country)
    except ValueError as exc:
        problems["country"] = exc.args[0]
    if role not in {r.value for r in Role}:
        problems["role"] = N_("'%(role)s' is not a role; use one of %(roles)s", role=role,
                              roles=", ".join(r.value for r in Role))  # fmt: skip
    clean["role"] = role
    if problems:
        raise AccountError(problems)
    return clean
