"""Certificates: issued on completion, downloaded, verified publicly, revoked by an admin, zipped."""

import io
import re
import zipfile

from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.progress.certificates import normalise_code
from lms.progress.models import Certificate
from tests.conftest import csrf_token


def finish_sample_course(client):
    for module in ("first-steps", "second-steps", "third-steps"):
        token = csrf_token(client, f"/courses/sample-course/{module}")
        client.post(f"/progress/sample-course/{module}/read", data={"csrf_token": token})


def test_completing_the_course_issues_one_certificate(app, client, make_user, login):
    officer = make_user(name="Wanjiru Kamau", agency="Kenya Police")
    login(officer)
    assert client.get("/reports/certificates/sample-course.pdf").status_code == 404
    finish_sample_course(client)
    finish_sample_course(client)
    with app.app_context():
        certificates = db.session.scalars(select(Certificate)).all()
        assert len(certificates) == 1 and certificates[0].grade == 100
        code = certificates[0].code
        assert (
            db.session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "certificate.issue")
            )
            == 1
        )
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    dashboard = client.get("/progress/").get_data(as_text=True)
    assert "Course complete." in dashboard and code in dashboard
    pdf = client.get("/reports/certificates/sample-course.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == f'attachment; filename="letp-certificate-{code}.pdf"'


def test_verify_page_is_public_and_tells_only_validity(app, client, make_user, login):
    officer = make_user(name="Wanjiru Kamau", email="wanjiru@kp.example")
    login(officer)
    finish_sample_course(client)
    with app.app_context():
        code = db.session.scalar(select(Certificate.code))
    public = app.test_client()
    page = public.get(f"/verify/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Valid." in html and "Wanjiru Kamau" in html and "Sample Course" in html
    assert "wanjiru@kp.example" not in html and "100" not in html.split("Valid.")[1].split("</p>")[0]
    assert public.get(f"/verify/{code.lower().replace('-', '')}").status_code == 200
    assert public.get("/verify/AAAA-BBBB-CCCC").status_code == 404
    assert public.get("/verify/?code=" + code.lower()).headers["Location"].endswith(f"/verify/{code}")


def test_admin_revokes_and_the_verify_page_says_so(app, client, make_user, login):
    officer = make_user()
    login(officer)
    finish_sample_course(client)
    with app.app_context():
        certificate_id, code = db.session.execute(select(Certificate.id, Certificate.code)).one()
    admin = app.test_client()
    login(make_user("admin"), target=admin)
    token = csrf_token(admin, f"/verify/{code}")
    assert admin.post(f"/reports/certificates/{certificate_id}/revoke", data={"csrf_token": token}).status_code == 302
    assert "Valid." in app.test_client().get(f"/verify/{code}").get_data(as_text=True)  # no reason: refused
    admin.post(f"/reports/certificates/{certificate_id}/revoke", data={"csrf_token": token, "reason": "Identity fraud"})
    assert "Revoked." in app.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert client.get("/reports/certificates/sample-course.pdf").status_code == 404
    coordinator = app.test_client()
    login(make_user("coordinator"), target=coordinator)
    assert (
        coordinator.post(
            f"/reports/certificates/{certificate_id}/revoke",
            data={"csrf_token": csrf_token(coordinator, "/cohorts/"), "reason": "x"},
        ).status_code
        == 404
    )


def test_cohort_certificates_zip(app, client, make_user, login, make_cohort):
    officers = [make_user(), make_user()]
    coordinator = make_user("coordinator")
    cohort = make_cohort(course="sample-course", coordinators=[coordinator], members=officers)
    for officer in officers[:1]:
        c = app.test_client()
        login(officer, target=c)
        finish_sample_course(c)
    login(coordinator)
    response = client.get(f"/reports/cohorts/{cohort}/certificates.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert len(archive.namelist()) == 1 and archive.read(archive.namelist()[0]).startswith(b"%PDF")


def test_normalise_code():
    assert normalise_code(" abcd efgh-jklm ") == "ABCD-EFGH-JKLM"
