"""role_required: admins pass every check; other roles only what names them; others get 404."""

import pytest
from flask import Blueprint

from lms.auth.decorators import role_required
from lms.auth.roles import Role, allows


@pytest.mark.parametrize(
    ("role", "required", "expected"),
    [
        ("officer", ("officer",), True),
        ("officer", ("coordinator",), False),
        ("instructor", ("coordinator",), False),
        ("coordinator", ("coordinator", "instructor"), True),
        ("admin", ("coordinator",), True),
        ("admin", ("officer",), True),
    ],
)
def test_allows(role, required, expected):
    assert allows(role, *required) is expected


@pytest.fixture
def app_with_protected_route(app):
    bp = Blueprint("probe", __name__)

    @bp.route("/probe/coordinators")
    @role_required(Role.COORDINATOR)
    def coordinators_only():
        return "coordinator area"

    app.register_blueprint(bp)
    return app


@pytest.mark.parametrize(
    ("role", "status"), [("officer", 404), ("instructor", 404), ("coordinator", 200), ("admin", 200)]
)
def test_role_required_route(app_with_protected_route, client, make_user, login, role, status):
    login(make_user(role))
    assert client.get("/probe/coordinators").status_code == status


def test_role_required_sends_anonymous_to_login(app_with_protected_route, client):
    response = client.get("/probe/coordinators")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
