"""H1: a coordinator reaches only officers enrolled through their own cohorts.

No enrolment of another cohort's officer or of staff by e-mail (form or CSV import), no
set-password link for an account created elsewhere, no message that tells whether an e-mail
exists or whose it is. Admins move officers between cohorts, audited.
"""

import html as html_lib
import json
import re

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.auth.models import SetPasswordLink, User
from lms.cohorts.models import CohortMember
from lms.extensions import db
from tests.cohorts.conftest import csv_file
from tests.conftest import csrf_token

REFUSED = (
    "That e-mail cannot be added from here. New officers join through a CSV import; "
    "an officer who is in another cohort is moved there by an admin."
)
ROW_REFUSED = "email: this e-mail cannot be enrolled by your import; ask an admin to add this officer"
FLASH = re.compile(r'<p class="flash flash-(\w+)">(.*?)</p>', re.S)
CSRF = re.compile(r'name="csrf_token"[^>]*value="[^"]+"')
LINK = re.compile(r"/auth/set-password/[\w.-]+")


@pytest.fixture
def world(make_user, make_cohort):
    """Me (a coordinator) with two cohorts, another coordinator with one, an admin, an officer of theirs."""
    me, them, admin = make_user("coordinator"), make_user("coordinator"), make_user("admin")
    theirs_officer = make_user(email="theirs@pf.example")
    mine_officer = make_user(email="mine@pf.example")
    return {
        "me": me,
        "them": them,
        "admin": admin,
        "theirs_officer": theirs_officer,
        "mine_officer": mine_officer,
        "mine": make_cohort("Mine", coordinators=[me], members=[mine_officer]),
        "mine_too": make_cohort("Mine too", coordinators=[me]),
        "theirs": make_cohort("Theirs", coordinators=[them], members=[theirs_officer]),
    }


def add_member(client, cohort_id, email):
    token = csrf_token(client, f"/cohorts/{cohort_id}/")
    return client.post(f"/cohorts/{cohort_id}/members", data={"csrf_token": token, "email": email})


def upload(client, cohort_id, text):
    token = csrf_token(client, f"/cohorts/{cohort_id}/import")
    return client.post(f"/cohorts/{cohort_id}/import", data={"csrf_token": token, "file": csv_file(text)},
                       content_type="multipart/form-data")  # fmt: skip


def flashes(client, response):
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return [(kind, html_lib.unescape(text)) for kind, text in FLASH.findall(page)], CSRF.sub("", page)


def members_of(app, cohort_id):
    with app.app_context():
        return set(db.session.scalars(select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)))


def events(app, action):
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        return [(e.outcome, json.loads(e.detail)) for e in rows]


def problems_box(html):
    match = re.search(r'<div class="alert alert-error" role="alert" id="import-problems">(.*?)</div>', html, re.S)
    assert match, "the import was not refused"
    return html_lib.unescape(match.group(1))


def test_h1_add_member_of_another_coordinators_officer_is_refused(app, client, login, world):
    login(world["me"])
    officer = world["theirs_officer"]
    response = add_member(client, world["mine"], officer.email)
    messages, _page = flashes(client, response)
    assert messages == [("error", REFUSED)]
    assert officer.id not in members_of(app, world["mine"])
    assert client.get(f"/cohorts/{world['mine']}/officers/{officer.id}").status_code == 404
    assert events(app, "cohort.add_member") == [("refused", {"reason": "out_of_reach", "user": officer.id})]


def test_h1_officer_shared_with_another_cohort_or_in_none_is_refused(app, client, login, world, make_user, make_cohort):
    shared = make_user(email="shared@pf.example")
    make_cohort("Mine 3", coordinators=[world["me"]], members=[shared])
    make_cohort("Theirs 2", coordinators=[world["them"]], members=[shared])
    loner = make_user(email="loner@pf.example")  # created on the command line, in no cohort
    login(world["me"])
    for email in (shared.email, loner.email):
        messages, _page = flashes(client, add_member(client, world["mine"], email))
        assert messages == [("error", REFUSED)]
    assert members_of(app, world["mine"]) == {world["mine_officer"].id}


def test_h1_my_officer_joins_my_other_cohort(app, client, login, world):
    login(world["me"])
    officer = world["mine_officer"]
    messages, _page = flashes(client, add_member(client, world["mine_too"], officer.email.upper()))
    assert messages == [("success", f"{officer.name} is now in this cohort.")]
    assert members_of(app, world["mine_too"]) == {officer.id}
    assert events(app, "cohort.add_member")[0][0] == "ok"


def test_h1_add_member_answers_are_identical_for_unknown_staff_and_foreign(client, login, world, make_user):
    staff = [make_user(role, email=f"{role}-x@pf.example") for role in ("instructor", "coordinator", "admin")]
    login(world["me"])
    answers = []
    for email in ["nobody@pf.example", world["theirs_officer"].email, *[s.email for s in staff]]:
        response = add_member(client, world["mine"], email)
        status, location = response.status_code, response.headers["Location"]
        messages, page = flashes(client, response)
        answers.append((status, location, messages, page))
    assert answers[0][2] == [("error", REFUSED)]
    assert all(answer == answers[0] for answer in answers), "the answers tell the cases apart"
    for word in ("instructor", "belongs", "account"):
        assert word not in answers[0][2][0][1]


def test_h1_admin_enrols_any_officer_but_never_staff(app, client, login, world, make_user):
    loner = make_user(email="loner@pf.example")
    instructor = make_user("instructor", email="teach@pf.example")
    login(world["admin"])
    for officer in (loner, world["theirs_officer"]):
        messages, _page = flashes(client, add_member(client, world["mine"], officer.email))
        assert messages == [("success", f"{officer.name} is now in this cohort.")]
    messages, _page = flashes(client, add_member(client, world["mine"], instructor.email))
    assert messages == [("error", REFUSED)]
    assert members_of(app, world["mine"]) == {world["mine_officer"].id, loner.id, world["theirs_officer"].id}
    refused = upload(client, world["mine"], f"email,name,agency,country\n{instructor.email},T,P,KE\n")
    assert f"Line 2: {ROW_REFUSED}" in problems_box(refused.get_data(as_text=True))


def test_h1_csv_import_naming_another_coordinators_officer_is_refused_whole(app, client, login, world):
    login(world["me"])
    with app.app_context():
        users_before = db.session.scalar(select(func.count()).select_from(User))
    text = ("email,name,agency,country\nnew@pf.example,New Officer,P,KE\n"
            f"{world['theirs_officer'].email},Someone Else,P,KE\n{world['mine_officer'].email},Mine,P,KE\n")  # fmt: skip
    response = upload(client, world["mine_too"], text)
    assert response.status_code == 200
    box = problems_box(response.get_data(as_text=True))
    assert "the file has 1 problem." in box and f"Line 3: {ROW_REFUSED}" in box
    assert "Theirs" not in box and world["theirs_officer"].name not in box
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == users_before
    assert members_of(app, world["mine_too"]) == set()
    outcome, detail = events(app, "officers.import")[-1]
    assert outcome == "refused" and detail["refused_lines"] == [3]
    # Without the foreign row the same file goes through, my own officer included.
    ok = upload(client, world["mine_too"], text.replace(f"{world['theirs_officer'].email},Someone Else,P,KE\n", ""))
    assert "1 new officers, 1 existing officers enrolled, 0 already enrolled." in ok.get_data(as_text=True)


def test_h1_csv_import_refuses_staff_and_loners_without_naming_the_role(app, client, login, world, make_user):
    for role in ("instructor", "coordinator", "admin"):
        make_user(role, email=f"{role}-x@pf.example")
    make_user(email="loner@pf.example")
    login(world["me"])
    text = "email,name,agency,country\n" + "".join(
        f"{who}@pf.example,X,P,KE\n" for who in ("instructor-x", "coordinator-x", "admin-x", "loner")
    )
    box = problems_box(upload(client, world["mine"], text).get_data(as_text=True))
    assert [f"Line {n}: {ROW_REFUSED}" in box for n in (2, 3, 4, 5)] == [True] * 4
    for word in ("instructor", "coordinator", "belongs", "account", "role", "Theirs", "Mine"):
        assert word not in box.replace("coordinator-x@", "").replace("instructor-x@", ""), word
    assert members_of(app, world["mine"]) == {world["mine_officer"].id}


def test_h1_links_of_officers_imported_elsewhere_are_never_shown(app, client, login, world):
    them = app.test_client()
    login(world["them"], target=them)
    html = upload(them, world["theirs"], "email,name,agency,country\nfresh@pf.example,Fresh Officer,P,KE\n")
    assert len(LINK.findall(html.get_data(as_text=True))) == 1
    with app.app_context():
        fresh = db.session.scalar(select(User).where(User.email == "fresh@pf.example"))
        link = db.session.scalar(select(SetPasswordLink).where(SetPasswordLink.user_id == fresh.id))
        assert link.cohort_id == world["theirs"]
    admin = app.test_client()
    login(world["admin"], target=admin)
    assert flashes(admin, add_member(admin, world["mine"], "fresh@pf.example"))[0][0][0] == "success"

    login(world["me"])
    sheet = client.get(f"/cohorts/{world['mine']}/links.csv").get_data(as_text=True)
    assert "fresh@pf.example" not in sheet and not LINK.search(sheet)
    page = client.get(f"/cohorts/{world['mine']}/officers/{fresh.id}")
    assert page.status_code == 200 and not LINK.search(page.get_data(as_text=True))
    # The coordinator whose import created the account still sees it, on the sheet and the page.
    assert "fresh@pf.example" in them.get(f"/cohorts/{world['theirs']}/links.csv").get_data(as_text=True)
    assert LINK.search(them.get(f"/cohorts/{world['theirs']}/officers/{fresh.id}").get_data(as_text=True))


def test_h1_links_without_a_cohort_are_never_shown_on_cohort_pages(app, client, login, world, make_user):
    from lms.auth import links

    officer = world["mine_officer"]
    with app.app_context():
        db.session.get(User, officer.id).password_hash = None
        links.create(db.session.get(User, officer.id))  # as the command line would, with no cohort
        db.session.commit()
    for actor in (world["me"], world["admin"]):
        viewer = app.test_client()
        login(actor, target=viewer)
        assert not LINK.search(viewer.get(f"/cohorts/{world['mine']}/links.csv").get_data(as_text=True))
        assert not LINK.search(viewer.get(f"/cohorts/{world['mine']}/officers/{officer.id}").get_data(as_text=True))


def test_h1_admin_moves_an_officer_between_cohorts_audited(app, client, login, world):
    officer = world["theirs_officer"]
    login(world["admin"])
    page = client.get(f"/cohorts/{world['theirs']}/officers/{officer.id}").get_data(as_text=True)
    assert "Move to another cohort" in page and f'<option value="{world["mine"]}">Mine</option>' in page
    token = csrf_token(client, f"/cohorts/{world['theirs']}/officers/{officer.id}")
    response = client.post(f"/cohorts/{world['theirs']}/officers/{officer.id}/move",
                           data={"csrf_token": token, "target": world["mine"]})  # fmt: skip
    messages, _page = flashes(client, response)
    assert messages[0][0] == "success" and "Mine" in messages[0][1]
    assert officer.id not in members_of(app, world["theirs"]) and officer.id in members_of(app, world["mine"])
    assert events(app, "cohort.move") == [("ok", {"from": world["theirs"], "to": world["mine"], "user": officer.id})]
    assert events(app, "cohort.remove_member") == []
    # Moved: now in my reach only, so I may enrol them in my other cohort.
    me = app.test_client()
    login(world["me"], target=me)
    assert flashes(me, add_member(me, world["mine_too"], officer.email))[0][0][0] == "success"


def test_h1_move_refuses_a_bad_target_and_changes_nothing(app, client, login, world):
    officer = world["theirs_officer"]
    login(world["admin"])
    token = csrf_token(client, f"/cohorts/{world['theirs']}/officers/{officer.id}")
    for target in (world["theirs"], 99999, "x"):
        response = client.post(f"/cohorts/{world['theirs']}/officers/{officer.id}/move",
                               data={"csrf_token": token, "target": target})  # fmt: skip
        assert flashes(client, response)[0][0][0] == "error"
    assert members_of(app, world["theirs"]) == {officer.id}
    assert [outcome for outcome, _detail in events(app, "cohort.move")] == ["refused"] * 3


def test_h1_coordinator_cannot_move_officers(app, client, login, world):
    officer = world["mine_officer"]
    login(world["me"])
    page = client.get(f"/cohorts/{world['mine']}/officers/{officer.id}").get_data(as_text=True)
    assert "Move to another cohort" not in page
    token = csrf_token(client, f"/cohorts/{world['mine']}/officers/{officer.id}")
    response = client.post(f"/cohorts/{world['mine']}/officers/{officer.id}/move",
                           data={"csrf_token": token, "target": world["mine_too"]})  # fmt: skip
    assert response.status_code == 404
    assert members_of(app, world["mine"]) == {officer.id} and members_of(app, world["mine_too"]) == set()
    assert events(app, "cohort.move") == []
    assert [outcome for outcome, _detail in events(app, "access.refused")] == ["refused"]
