"""A cohort's language and time zone, given to the officers imported into it (issue 18, points 2 and 4)."""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import Cohort
from lms.extensions import db
from tests.cohorts.test_invitations import import_csv
from tests.conftest import csrf_token, send

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lms" / "translations"


def save_cohort(client, cohort_id: int, **fields):
    path = f"/cohorts/{cohort_id}/edit"
    data = {"csrf_token": csrf_token(client, path), "name": "Brasília intake", "country": "Brasil",
            "course": "quiz-course"} | fields  # fmt: skip
    return client.post(path, data=data)


def test_officers_imported_into_a_cohort_start_in_its_language_and_zone(app, client, login, coordinator, make_cohort,
                                                                        make_user, mail):  # fmt: skip
    existing = make_user(email="kim@knpa.example")
    cohort = make_cohort(coordinators=[coordinator], members=[existing])
    login(coordinator)
    response = save_cohort(client, cohort, locale="pt_BR", timezone="America/Sao_Paulo")
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Cohort, cohort)
        assert (saved.locale, saved.timezone, saved.country) == ("pt_BR", "America/Sao_Paulo", "BR")
    text = "email,name,agency,country\nana@pf.example,Ana Souza,Polícia Federal,Brasil\nkim@knpa.example,Kim,KNPA,KR\n"
    import_csv(client, cohort, text, invite=True)
    with app.app_context():
        people = {
            u.email: (u.locale, u.timezone) for u in db.session.scalars(select(User).where(User.role == "officer"))
        }
    assert people["ana@pf.example"] == ("pt_BR", "America/Sao_Paulo")
    assert people["kim@knpa.example"] == (None, None)  # an existing account keeps what its owner chose
    send(app)
    [invitation] = mail.inbox.to("ana@pf.example")
    portuguese = Translations.load(str(TRANSLATIONS), ["pt_BR"]).ugettext("Your LETP training: set your password")
    assert invitation.message["Subject"] == portuguese != "Your LETP training: set your password"


def test_a_language_or_zone_not_offered_is_refused(app, client, login, coordinator, make_cohort):
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    page = save_cohort(client, cohort, locale="xx", timezone="Mars/Olympus")
    assert page.status_code == 200 and 'aria-invalid="true"' in page.get_data(as_text=True)
    with app.app_context():
        saved = db.session.get(Cohort, cohort)
        assert (saved.locale, saved.timezone) == (None, None)
