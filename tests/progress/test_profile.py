"""Issue 15, point 18: everyone's own profile; the name is locked once a certificate carries it."""

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.extensions import db
from lms.progress.models import Certificate
from tests.conftest import csrf_token


def test_profile_saves_checks_and_audits(app, client, login, make_user):
    user = make_user(name="Ana Souza", country="BR")
    login(user)
    token = csrf_token(client, "/profile/")
    bad = client.post("/profile/", data={"csrf_token": token, "name": "", "agency": "PF", "country": "Atlantis"})
    page = bad.get_data(as_text=True)
    assert "is not a country LETP knows" in page and 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.get(User, user.id).name == "Ana Souza"  # nothing saved
    good = client.post("/profile/", data={"csrf_token": token, "name": "Ana  Souza Lima", "agency": "Polícia Federal",
                                          "country": "Brazil"}, follow_redirects=True)  # fmt: skip
    assert "Your profile is saved." in good.get_data(as_text=True)
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.name, saved.agency, saved.country) == ("Ana Souza Lima", "Polícia Federal", "BR")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.profile"))
        assert "Ana Souza Lima" in event.detail and event.target == f"user:{user.id}"


def test_a_certificate_holder_cannot_rename_themselves(app, client, login, make_user):
    user = make_user(name="Jonas Weber")
    with app.app_context():
        db.session.add(Certificate(user_id=user.id, course_slug="quiz-course", code="AAAA-BBBB-CCCC", grade=90))
        db.session.commit()
    login(user)
    page = client.get("/profile/").get_data(as_text=True)
    assert "readonly" in page and "Ask your coordinator" in page
    token = csrf_token(client, "/profile/")
    client.post("/profile/", data={"csrf_token": token, "name": "Someone Else", "agency": "BKA", "country": "DE"})
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.name, saved.agency) == ("Jonas Weber", "BKA")
