"""security.md H10: wrong current passwords on the password form are throttled like sign-in
(sharing the account's counters) and audited."""

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.extensions import db
from tests.conftest import PASSWORD, csrf_token

NEW = "a-brand-new-passphrase-77"
WRONG = "wrong-current-password"


def change_password(client, current, new=NEW):
    token = csrf_token(client, "/auth/password")
    return client.post("/auth/password", data={"current_password": current, "new_password": new, "confirm": new,
                                                "csrf_token": token})  # fmt: skip


def sign_in(client, email, password):
    token = csrf_token(client)
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token})


def events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def stored(app, user):
    with app.app_context():
        fresh = db.session.get(User, user.id)
        return fresh.password_hash, fresh.session_version


def test_h10_wrong_current_passwords_are_throttled_and_audited(app, client, make_user, login):
    user = make_user()
    login(user)
    before = stored(app, user)
    for _ in range(10):
        response = change_password(client, WRONG)
        assert response.status_code == 200 and "not your current password" in response.get_data(as_text=True)
    refused = change_password(client, PASSWORD)  # even the right password changes nothing now
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "Too many wrong passwords" in html and "Nothing was changed" in html
    assert stored(app, user) == before
    assert client.get("/progress/").status_code == 200  # still signed in
    audited = [(e.outcome, e.target, e.actor_id) for e in events(app, "password.change")]
    assert audited == [("failed", f"user:{user.id}", user.id)] * 10 + [("refused", f"user:{user.id}", user.id)]
    with app.app_context():
        everything = " ".join(e.detail + e.target for e in db.session.scalars(select(AuditEvent)))
    assert WRONG not in everything and PASSWORD not in everything


def test_h10_password_form_guesses_use_up_the_sign_in_budget(app, client, make_user, login):
    user = make_user()
    login(user)
    for _ in range(10):
        change_password(client, WRONG)
    # The same account from the same address, in a browser that never signed in: no more guesses.
    assert sign_in(app.test_client(), user.email, PASSWORD).status_code == 429


def test_h10_sign_in_failures_use_up_the_password_form_budget(app, client, make_user, login):
    user = make_user()
    login(user)
    client.delete_cookie("letp_device", path="/auth")  # a stolen session without the officer's device cookie
    for _ in range(10):
        assert sign_in(app.test_client(), user.email, WRONG).status_code == 200
    before = stored(app, user)
    assert change_password(client, PASSWORD).status_code == 429
    assert stored(app, user) == before
    [refused] = events(app, "password.change")
    assert refused.outcome == "refused"


def test_h10_the_right_current_password_changes_it_and_is_audited(app, client, make_user, login):
    user = make_user()
    login(user)
    change_password(client, WRONG)
    assert change_password(client, PASSWORD).status_code == 302
    assert [e.outcome for e in events(app, "password.change")] == ["failed", "ok"]
