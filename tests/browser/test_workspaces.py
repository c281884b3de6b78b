"""Issue 15, point 13: after signing in, each role lands on its own workspace, and "/" leads there too."""

import pytest

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

WORKSPACES = {
    "officer": ("/progress/", "My training"),
    "instructor": ("/authoring/", "Authoring"),
    "coordinator": ("/cohorts/", "Cohorts"),
    "admin": ("/admin/users", "Users"),
}


@pytest.mark.parametrize("role", list(WORKSPACES))
def test_each_role_lands_on_its_workspace(page, make_user, role):
    path, current = WORKSPACES[role]
    sign_in(page, make_user(role).email)
    assert page.url.endswith(path)
    assert page.locator("nav [aria-current=page]").first.inner_text() == current
    page.goto("/")
    assert page.url.endswith(path)
    if role == "instructor":  # point 14: the content health page shows no command syntax
        assert "flask lms" not in page.content() and page.get_by_text("No problems").is_visible()
    assert_accessible(page)


def test_a_link_followed_before_signing_in_still_wins(page, make_user):
    page.goto("/cohorts/")
    sign_in(page, make_user("admin").email)
    assert page.url.endswith("/cohorts/")
