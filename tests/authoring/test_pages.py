"""Instructor pages through the real routes: access, health, previews, drafts, statistics, essays, regrade."""

import csv
import hashlib
import io
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.progress.models import ModuleRead
from lms.quizzes import service as quiz_service
from lms.quizzes.models import Attempt, QuizVersion
from tests.conftest import csrf_token
from tests.quizzes.conftest import attempt_page, label_value, post_form, right_answers, started_attempt

PAGES = ["/authoring/", "/authoring/modules/quiz-course/basics", "/authoring/quizzes/quiz-course/basics-quiz",
         "/authoring/quizzes/quiz-course/basics-quiz/statistics", "/authoring/essays", "/authoring/draft",
         "/authoring/quizzes/quiz-course/basics-quiz/regrade"]  # fmt: skip


@pytest.fixture
def instructor(client, make_user, login):
    user = make_user("instructor")
    login(user)
    return user


@pytest.mark.parametrize("role", ["officer", "coordinator"])
def test_other_roles_get_404(client, make_user, login, role):
    login(make_user(role))
    for page in PAGES:
        assert client.get(page).status_code == 404, page
    assert "Authoring" not in client.get("/progress/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["instructor", "admin"])
def test_instructors_and_admins_reach_every_page_from_the_navigation(client, make_user, login, role):
    login(make_user(role))
    assert 'href="/authoring/"' in client.get("/progress/").get_data(as_text=True)
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_health_lists_content_and_orphans(app, client, instructor, make_user):
    html = client.get("/authoring/").get_data(as_text=True)
    assert "Basics quiz" in html and "No problems" in html and "None: every slug with learner data exists." in html
    with app.app_context():
        db.session.add(ModuleRead(user_id=make_user().id, course_slug="quiz-course", module_slug="retired-module"))
        db.session.commit()
    assert "quiz-course/retired-module" in client.get("/authoring/").get_data(as_text=True)


def test_quiz_preview_shows_the_key_and_feedback(client, instructor):
    html = client.get("/authoring/quizzes/quiz-course/basics-quiz").get_data(as_text=True)
    for marker in (
        "CORRECTMARK",
        "INCORRECTMARK",
        "GENERALMARK",
        "FEEDBACKMARK-b",
        "change output",
        "Accepted: 100000000",
    ):
        assert marker in html, marker
    assert html.count('class="correct"') >= 3


def test_module_preview(client, instructor):
    html = client.get("/authoring/modules/quiz-course/basics").get_data(as_text=True)
    assert "Blocks come about every ten minutes." in html and "Preview" in html


def test_draft_quiz_with_an_error_shows_its_line_and_saves_nothing(app, client, instructor):
    token = csrf_token(client, "/authoring/draft")
    bad = client.post(
        "/authoring/draft",
        data={"csrf_token": token, "kind": "quiz", "text": "Quiz title: Q\n\n1.  Pick one\na)  A\nb)  B\n"},
    )
    html = bad.get_data(as_text=True)
    assert 'data-line="3">Line 3</a>:' in html and "correct" in html.lower()
    good = client.post(
        "/authoring/draft",
        data={"csrf_token": token, "kind": "quiz", "text": "Quiz title: Q\n\n1.  Two?\n... Because.\n=   2\n"},
    )
    assert "No problems found." in good.get_data(as_text=True) and "Accepted: 2<" in good.get_data(as_text=True)
    module = client.post(
        "/authoring/draft",
        data={
            "csrf_token": token,
            "kind": "module",
            "text": "---\ntitle: T\nminutes: 5\n---\n## Hi\n\n<script>x</script>Text",
        },
    )
    html = module.get_data(as_text=True)
    assert (
        "Line 1</a>: the setting &#39;objectives&#39; is required" in html
        or "Line 1</a>: the setting 'objectives' is required" in html
    )
    assert "<script>x" not in html and "<h2" in html
    with app.app_context():
        assert db.session.scalars(select(QuizVersion)).all() == []


def test_draft_kind_is_recognised_unless_chosen(client, instructor):
    token = csrf_token(client, "/authoring/draft")
    module = "---\ntitle: T\nminutes: 5\nobjectives: [Read]\n---\n## Hi\n\n1. Seize\n2. Seal\n"
    html = client.post("/authoring/draft", data={"csrf_token": token, "text": module}).get_data(as_text=True)
    assert "Checked as a module: line 2 has the module setting “title”." in html and "No problems found." in html
    quiz = "Quiz title: Q\r\n\r\n1.  Two?\r\n=   2.5\r\n"  # as a browser sends a textarea: CRLF
    html = client.post("/authoring/draft", data={"csrf_token": token, "kind": "auto", "text": quiz}).get_data(
        as_text=True
    )
    assert "Checked as a quiz: line 1 gives the quiz title." in html
    assert 'data-line="4">Line 4</a>' in html and '<code class="draft-line">=   2.5</code>' in html
    assert "text2qti" not in html
    html = client.post("/authoring/draft", data={"csrf_token": token, "kind": "module", "text": quiz}).get_data(
        as_text=True
    )
    assert "Checked as a module, as you chose." in html
    assert '<pre class="gutter" aria-hidden="true">1\n2\n3\n4\n5\n</pre>' in html  # one number per line


def take(app, make_user, login, answers_for):
    officer_client = app.test_client()
    login(make_user(), target=officer_client)
    attempt_id = started_attempt(officer_client, "basics-quiz")
    html = attempt_page(officer_client, "basics-quiz", attempt_id).get_data(as_text=True)
    post_form(officer_client, "basics-quiz", attempt_id, answers_for(html), action="submit")
    return attempt_id


def test_statistics_page_and_csv(app, client, instructor, make_user, login):
    take(app, make_user, login, right_answers)
    take(app, make_user, login, lambda html: {0: label_value(html, 0, "One minute")})
    html = client.get("/authoring/quizzes/quiz-course/basics-quiz/statistics").get_data(as_text=True)
    assert "Cronbach" in html and "50.0%" in html
    assert ">Version 1 of " in html and "(latest)" in html  # numbered per quiz, whatever the row id
    assert '<span class="choice-letter">a)</span>' in html and "picked 1 time" in html
    response = client.get("/authoring/quizzes/quiz-course/basics-quiz/statistics?version=1&format=csv")
    assert "letp-item-statistics-basics-quiz-version-1.csv" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["choice_counts"] == "a:1 b:1"
    assert len(rows) == 5 and rows[0]["facility_percent"] == "50.00" and rows[1]["facility_percent"] == "50.00"
    assert rows[0]["attempts"] == "2"


def test_marking_an_essay_grades_the_attempt(app, client, instructor, make_user, login):
    officer_client = app.test_client()
    login(make_user(), target=officer_client)
    attempt_id = started_attempt(officer_client, "essay-quiz")
    html = attempt_page(officer_client, "essay-quiz", attempt_id).get_data(as_text=True)
    post_form(
        officer_client,
        "essay-quiz",
        attempt_id,
        {0: label_value(html, 0, "change output"), 1: "They show the sender."},
        action="submit",
    )
    queue = client.get("/authoring/essays").get_data(as_text=True)
    assert "They show the sender." in queue
    with app.app_context():
        answer_id = next(a.id for a in db.session.get(Attempt, attempt_id).answers if a.slot == 1)
    token = csrf_token(client, "/authoring/essays")
    client.post(f"/authoring/essays/{answer_id}", data={"csrf_token": token, "mark": "5", "comment": "x"})
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "awaiting_grading"  # 5 > 2 points: refused
    client.post(
        f"/authoring/essays/{answer_id}",
        data={"csrf_token": token, "mark": "1,5", "comment": "Good point; add the fee."},
    )
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert (
            attempt.state == "graded"
            and attempt.score == Decimal("2.5")
            and attempt.percent == Decimal("83.33")
            and attempt.passed
        )
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "essay.mark")) == "essay.mark"
    review = officer_client.get(f"/quizzes/quiz-course/essay-quiz/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Good point; add the fee." in review and "Passed" in review
    assert "Nothing to mark" in client.get("/authoring/essays").get_data(as_text=True)


def move_to_old_version(app, attempt_id, broken_source):
    """Pretend the attempt was taken on an earlier file whose key said 'One minute'."""
    with app.app_context():
        digest = hashlib.sha256(broken_source.encode()).hexdigest()
        old = db.session.scalar(select(QuizVersion).where(QuizVersion.sha256 == digest))
        if old is None:
            old = QuizVersion(course_slug="quiz-course", quiz_slug="basics-quiz", sha256=digest, source=broken_source)
            db.session.add(old)
        attempt = db.session.get(Attempt, attempt_id)
        attempt.version = old
        quiz_service.grade(attempt)
        db.session.commit()
        return attempt.percent


def test_regrade_against_a_corrected_key(app, client, runner, instructor, make_user, login):
    attempt_id = take(app, make_user, login, right_answers)
    with app.app_context():
        source = db.session.get(Attempt, attempt_id).version.source
    broken = source.replace("a)  One minute", "*a)  One minute").replace("*b)  Ten minutes", "b)  Ten minutes")
    assert move_to_old_version(app, attempt_id, broken) == 80
    dry = runner.invoke(args=["lms", "regrade", "basics-quiz", "--dry-run"])
    assert (
        dry.exit_code == 0 and "80.00% passed -> 100.00% passed" in dry.output and "nothing was changed" in dry.output
    )
    page = client.get("/authoring/quizzes/quiz-course/basics-quiz/regrade").get_data(as_text=True)
    assert "80.00%" in page and "100.00%" in page
    client.post(
        "/authoring/quizzes/quiz-course/basics-quiz/regrade",
        data={"csrf_token": csrf_token(client, "/authoring/essays")},
    )
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.percent == 100 and attempt.version.source == source
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "quiz.regrade"))
        assert json.loads(event.detail)["new_percent"] == "100.00"
    assert "Regraded 0 attempt(s)." in runner.invoke(args=["lms", "regrade", "quiz-course/basics-quiz"]).output
    assert runner.invoke(args=["lms", "regrade", "nope"]).exit_code == 1


def test_regrade_preview_is_exactly_what_is_applied(app, make_user, login):
    """One grading serves both: every planned change is the result the regrade then stores."""
    from lms.authoring import service as authoring
    from lms.catalog import service as content

    attempt_ids = [take(app, make_user, login, right_answers) for _ in range(2)]
    with app.app_context():
        source = db.session.get(Attempt, attempt_ids[0]).version.source
    broken = source.replace("a)  One minute", "*a)  One minute").replace("*b)  Ten minutes", "b)  Ten minutes")
    for attempt_id in attempt_ids:
        move_to_old_version(app, attempt_id, broken)
    with app.app_context():
        entry = content.catalog().quiz("quiz-course", "basics-quiz")
        changes, skipped = authoring.plan_regrade(entry)
        planned = {c.attempt.id: (c.new_percent, c.new_passed) for c in changes}
        authoring.apply_regrade(entry, changes)
        db.session.commit()
        applied = {i: (a.percent, a.passed) for i in attempt_ids if (a := db.session.get(Attempt, i))}
    assert skipped == [] and len(planned) == 2
    assert planned == applied == dict.fromkeys(attempt_ids, (Decimal("100.00"), True))


def test_draft_upload_that_is_not_utf8_names_the_line_and_checks_nothing(client, instructor):
    import io

    token = csrf_token(client, "/authoring/draft")
    latin1 = "Quiz title: Q\n\n1.  Qué?\n*a)  Sí\nb)  No\n".encode("latin-1")
    response = client.post(
        "/authoring/draft",
        data={"csrf_token": token, "kind": "quiz", "file": (io.BytesIO(latin1), "quiz.md")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Line 3 of the file is not UTF-8 text" in html and "No problems found." not in html
