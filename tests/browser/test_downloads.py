"""Issue 15, points 10-11: the cohort's downloads, as a coordinator meets them in Chromium."""

import pytest

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_downloads_have_distinct_names_and_an_empty_zip_is_a_message(page, make_user, make_cohort):
    coordinator = make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator], members=[make_user(name="Léa Dubois")])
    sign_in(page, coordinator.email)
    page.goto(f"/cohorts/{cohort}/")
    downloads = page.get_by_role("region", name="Downloads")
    assert downloads.get_by_role("link", name="Charts").count() == 0  # charts are a page, not a download
    assert page.get_by_role("link", name="Charts").is_visible()
    names = []
    for label in ("Grades (CSV)", "Grades (CSV for Excel)"):
        with page.expect_download() as info:
            downloads.get_by_role("link", name=label, exact=True).click()
        names.append(info.value.suggested_filename)
    assert names[0] != names[1] and "excel" in names[1] and all(n.isascii() for n in names)
    downloads.get_by_role("link", name="All certificates (ZIP)").click()
    assert page.get_by_text("No officer of this cohort holds a certificate yet").is_visible()
    assert page.url.endswith(f"/cohorts/{cohort}/")
    assert_accessible(page)
