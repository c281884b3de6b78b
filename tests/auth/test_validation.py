"""Account field checks (pure)."""

import pytest

from lms.auth.validation import AccountError, check_account


def test_clean_fields_are_normalised():
    fields = check_account(" Officer@Police.EXAMPLE ", "  Ana   Souza ", " PF ", "br", "officer")
    assert fields == {
        "email": "officer@police.example",
        "name": "Ana Souza",
        "agency": "PF",
        "country": "BR",
        "role": "officer",
    }


def test_every_bad_field_is_named():
    with pytest.raises(AccountError) as caught:
        check_account("not-an-email", "", "x" * 161, "XX", "chief")
    assert set(caught.value.problems) == {"email", "name", "agency", "country", "role"}
    assert "ISO 3166" in caught.value.problems["country"]


@pytest.mark.parametrize("country", ["EU", "UK", "A", "FRX", "", "1A"])
def test_only_iso_countries(country):
    with pytest.raises(AccountError):
        check_account("a@police.example", "A", "", country, "officer")


def test_a_country_may_be_named_or_coded_one_rule_everywhere():
    """Issue 15, point 9: forms and the CSV import read the same country input."""
    from lms.auth.validation import normalise_country

    for raw, code in [
        ("fr", "FR"),
        ("FRA", "FR"),
        ("France", "FR"),
        ("  south  africa ", "ZA"),
        ("Korea, Republic of", "KR"),
        # Issue 18: the name in any interface language, as officers write their own country.
        ("Frankreich", "FR"),
        ("brasil", "BR"),
        ("Países Bajos", "NL"),
        ("대한민국", "KR"),
        ("ישראל", "IL"),
        ("Sverige", "SE"),
    ]:
        assert normalise_country(raw) == code
    for raw in ["XX", "Frankenland", "", "a" * 80]:
        with pytest.raises(ValueError):
            normalise_country(raw)
