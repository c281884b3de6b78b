"""Mail reads in the recipient's language, whoever caused it (issue 18, point 1)."""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations

from lms.auth.models import User
from lms.extensions import db
from tests.auth.test_recovery import ask
from tests.conftest import send

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lms" / "translations"


def in_language(locale: str, msgid: str) -> str:
    return Translations.load(str(TRANSLATIONS), [locale]).ugettext(msgid)


def test_a_reset_asked_from_an_english_page_is_mailed_in_the_officers_language(app, client, make_user, mail):
    officer = make_user(email="jonas@polisen.example", name="Jonas Berg")
    with app.app_context():
        db.session.get(User, officer.id).locale = "sv"
        db.session.commit()
    page = ask(client, "jonas@polisen.example")  # no preference sent: the page is English
    assert '<html lang="en"' in page.get_data(as_text=True)
    send(app)
    [received] = mail.inbox.to("jonas@polisen.example")
    swedish = in_language("sv", "Set a new LETP password")
    assert swedish != "Set a new LETP password"
    assert received.message["Subject"] == swedish
    assert '<html lang="sv" dir="ltr">' in received.part("html")


def test_without_a_saved_language_mail_uses_the_deployments(app, client, make_user, mail):
    make_user(email="ana@pf.example", name="Ana Souza")
    ask(client, "ana@pf.example")
    send(app)
    [received] = mail.inbox.to("ana@pf.example")
    assert received.message["Subject"] == "Set a new LETP password"
