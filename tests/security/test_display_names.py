"""D2: a display name made of markup shows as text on every page and in every export."""

import csv
import io
import json

import openpyxl

from tests.conftest import csrf_token

HOSTILE = "<img src=x onerror=alert(1)>\"'&"


def test_hostile_name_is_text_everywhere(app, client, login, make_user, make_cohort):
    officer = make_user(name=HOSTILE, agency="<b>Agency</b>")
    coordinator = make_user("coordinator")
    admin = make_user("admin")
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    # (who looks, page, whether the name appears on it)
    pages = [
        (officer, "/progress/", True), (officer, "/auth/password", True),
        (coordinator, f"/cohorts/{cohort}/", True), (coordinator, f"/cohorts/{cohort}/officers/{officer.id}", True),
        (coordinator, f"/cohorts/{cohort}/charts", False),
        (admin, "/admin/users", True), (admin, f"/admin/users/{officer.id}", True), (admin, "/admin/audit", True),  # targets by name
    ]  # fmt: skip
    for user, url, shows_name in pages:
        c = app.test_client()
        login(user, target=c)
        html = c.get(url).get_data(as_text=True)
        assert "<img src=x" not in html and "<b>Agency</b>" not in html, url
        assert ("&lt;img src=x onerror=alert(1)&gt;" in html) is shows_name, url
    c = app.test_client()
    login(coordinator, target=c)
    rows = list(csv.reader(io.StringIO(c.get(f"/cohorts/{cohort}/export.csv").get_data(as_text=True))))
    assert rows[1][1] == HOSTILE and rows[1][3] == "<b>Agency</b>"  # data stays data, no formula
    assert json.loads(c.get(f"/cohorts/{cohort}/export.json").get_data(as_text=True))[0]["name"] == HOSTILE
    sheet = openpyxl.load_workbook(io.BytesIO(c.get(f"/cohorts/{cohort}/export.xlsx").get_data())).active
    assert sheet.cell(2, 2).value == HOSTILE and sheet.cell(2, 2).data_type == "s"
    assert csrf_token(c, "/cohorts/")
