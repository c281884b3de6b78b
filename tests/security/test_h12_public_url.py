"""H12: links in pages, exports and the command line use the configured public URL, never the Host header."""

from __future__ import annotations

import re

from lms.extensions import db
from lms.progress.models import Certificate
from lms.reports import service as reports
from tests.cohorts.test_import import upload

GOOD = "email,name,agency,country\nana@pf.example,Ana Souza,Polícia Federal,BR\n"
EVIL = {"Host": "evil.example"}


def test_h12_set_password_links_ignore_a_forged_host(app, client, login, make_user, make_cohort):
    coordinator = make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    html = upload(client, cohort, GOOD).get_data(as_text=True)
    assert re.search(r"https://letp\.test/auth/set-password/\d+\.", html)
    # The test client's requests name Host "localhost": no link may be built from it.
    assert "localhost" not in html
    sheet = client.get(f"/cohorts/{cohort}/links.csv").get_data(as_text=True)
    assert "https://letp.test/auth/set-password/" in sheet and "localhost" not in sheet
    officer_id = re.search(r"/cohorts/\d+/officers/(\d+)", client.get(f"/cohorts/{cohort}/").get_data(as_text=True))
    page = client.get(f"/cohorts/{cohort}/officers/{officer_id.group(1)}").get_data(as_text=True)
    assert "https://letp.test/auth/set-password/" in page and "localhost" not in page


def test_h12_certificate_verify_link_uses_the_public_url(app, make_user):
    officer = make_user()
    with app.app_context():
        certificate = Certificate(user_id=officer.id, course_slug="quiz-course", code="ABCD-EFGH-JKLM", grade=90)
        db.session.add(certificate)
        db.session.commit()
        with app.test_request_context("/", headers=EVIL):
            data = reports.certificate_data(certificate, officer)
    assert data.verify_url == "https://letp.test/verify/ABCD-EFGH-JKLM"


def test_h12_public_url_keeps_a_path_prefix(app):
    from lms.web import public_url

    app.config["PUBLIC_URL"] = "https://police.example/letp"
    with app.app_context():
        assert public_url("verify.check", code="X") == "https://police.example/letp/verify/X"
