"""Cohort fixtures: cohorts with coordinators and members, made through the service."""

import pytest


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


def csv_file(text: str, name: str = "officers.csv"):
    import io

    return (io.BytesIO(text.encode("utf-8")), name)
