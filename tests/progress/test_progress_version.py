"""The officer's progress version (lms/auth/progress_version.py) moves with every change to their
course state, so the course results cached per worker (lms/progress/cache.py) are never stale."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.authoring import service as authoring
from lms.catalog import service as content
from lms.extensions import db
from lms.progress import cache, certificates
from lms.progress import service as progress
from lms.quizzes import allowances
from lms.quizzes import service as quizzes
from lms.quizzes.models import Answer, Attempt, AttemptState
from tests.quizzes.conftest import COURSE

pytestmark = pytest.mark.usefixtures("app")


def version(user_id: int) -> int:
    return db.session.scalar(select(User.progress_version).where(User.id == user_id))


def result(user_id: int):
    """The course result as a request sees it: the officer's row loaded, then the (cached) result."""
    user = db.session.get(User, user_id)  # held, as Flask-Login holds the signed-in person's row
    found = progress.course_result(user_id, content.catalog().course(COURSE))
    assert user is not None
    return found


def take(user_id: int, quiz: str, responses: dict) -> Attempt:
    attempt = quizzes.start_attempt(user_id, content.catalog().quiz(COURSE, quiz))
    quizzes.save(attempt, responses, attempt.revision)
    quizzes.submit(attempt)
    return attempt


@pytest.fixture
def officer(app, make_user):
    user = make_user()
    with app.app_context():
        yield db.session.get(User, user.id)


def moves(user_id: int, change) -> None:
    """`change()` committed moves the version by at least one."""
    before = version(user_id)
    change()
    db.session.commit()
    assert version(user_id) > before


def test_reading_a_module_moves_the_version_and_the_cached_result(officer):
    first = result(officer.id)
    db.session.commit()
    assert result(officer.id) is first  # nothing changed: the same object, from the cache
    moves(officer.id, lambda: progress.mark_read(officer.id, COURSE, "basics"))
    assert result(officer.id).state.module("basics").status == "read"
    before = version(officer.id)
    assert progress.mark_read(officer.id, COURSE, "basics") is False  # read already: nothing changes
    assert version(officer.id) == before


def test_submitting_finalising_marking_resetting_and_regrading_move_it(app, officer, clock):
    moves(officer.id, lambda: take(officer.id, "essay-quiz", {0: {"choice": 0}, 1: {"text": "Because."}}))
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == officer.id))
    assert attempt.state == AttemptState.AWAITING_GRADING
    essay = db.session.scalar(select(Answer).where(Answer.attempt_id == attempt.id, Answer.slot == 1))
    cached = result(officer.id)
    moves(officer.id, lambda: authoring.mark_essay(essay, Decimal(2), "", officer))
    assert result(officer.id) is not cached and result(officer.id).quiz_grades["essay-quiz"] is not None

    timed = quizzes.start_attempt(officer.id, content.catalog().quiz(COURSE, "final"))
    db.session.commit()
    clock.advance(hours=3)
    moves(officer.id, lambda: quizzes.finalise_overdue())
    assert db.session.get(Attempt, timed.id).state == AttemptState.GRADED

    open_one = quizzes.start_attempt(officer.id, content.catalog().quiz(COURSE, "essay-quiz"))
    db.session.commit()
    moves(officer.id, lambda: quizzes.reset_abandoned(open_one))
    moves(officer.id, lambda: allowances.grant(officer.id, COURSE, "final", extra_attempts=1))
    moves(officer.id, lambda: authoring.apply_regrade(content.catalog().quiz(COURSE, "essay-quiz"),
                                                      [authoring.Change(attempt, officer, None, None, None, None)]))  # fmt: skip


def test_revoking_a_certificate_moves_it(officer, make_user):
    certificate = certificates.Certificate(user_id=officer.id, course_slug=COURSE, code="TESTCODE0001",
                                           grade=Decimal(90), issued_at=officer.created_at)  # fmt: skip
    db.session.add(certificate)
    db.session.commit()
    admin = make_user("admin")
    moves(officer.id, lambda: certificates.revoke(certificate, db.session.get(User, admin.id), "Issued in error."))


def test_a_result_computed_after_a_bump_is_cached_only_once_committed(officer):
    before = result(officer.id)
    db.session.commit()
    progress.mark_read(officer.id, COURSE, "basics")
    during = result(officer.id)  # sees the uncommitted read, kept aside
    assert during.state.module("basics").status == "read"
    db.session.rollback()  # the read never happened
    after = result(officer.id)
    assert after.state.module("basics").status == "not_started"
    assert after == before  # computed afresh: until a commit, this session trusts no cached result of theirs
    progress.mark_read(officer.id, COURSE, "basics")
    kept = result(officer.id)
    db.session.commit()
    assert result(officer.id) is kept  # committed: now served from the cache


def test_another_person_change_shows_at_the_officer_next_page(app, make_user, login):
    """An instructor marks the essay in another session: the officer's next page is not stale."""
    officer = make_user()
    with app.app_context():
        take(officer.id, "essay-quiz", {0: {"choice": 0}, 1: {"text": "Because."}})
        db.session.commit()
        essay_id = db.session.scalar(select(Answer.id).join(Attempt).where(Attempt.user_id == officer.id,
                                                                           Answer.slot == 1))  # fmt: skip
    reader = app.test_client()
    login(officer, target=reader)
    page = reader.get("/progress/").get_data(as_text=True)
    with app.app_context():
        before = db.session.get(User, officer.id).progress_version
        authoring.mark_essay(db.session.get(Answer, essay_id), Decimal(2), "", db.session.get(User, officer.id))
        db.session.commit()
        assert db.session.get(User, officer.id).progress_version == before + 1
    assert reader.get("/progress/").get_data(as_text=True) != page


def test_only_the_signed_in_person_row_keys_the_cache(app, make_user):
    """An officer whose row the session does not hold is computed afresh (no version to key by)."""
    other = make_user()
    with app.app_context():
        progress.course_result(other.id, content.catalog().course(COURSE))
        assert all(key[0] != other.id for key in cache._results().entries)
        result(other.id)
        assert any(key[0] == other.id for key in cache._results().entries)
