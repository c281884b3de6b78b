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


@pytest.mark.parametrize("country", ["EU", "UK", "A", "FRA", "", "1A"])
def test_only_iso_alpha2_countries(country):
    with pytest.raises(AccountError):
        check_account("a@police.example", "A", "", country, "officer")
