"""`flask lms ...` commands through the CLI runner."""

import shutil

from sqlalchemy import func, select

from lms.auth.models import User
from lms.extensions import db
from tests.conftest import FIXTURES


def count_users(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_init_applies_migrations(runner):
    result = runner.invoke(args=["lms", "init"])
    assert result.exit_code == 0 and "up to date" in result.output


def test_create_user(app, runner):
    result = runner.invoke(args=["lms", "create-user", "--email", "Ana@Police.example", "--name", "Ana Souza",
                                 "--country", "br", "--role", "coordinator", "--password", "a-long-test-passphrase-42"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ana@police.example"))
    assert user.role == "coordinator" and user.country == "BR" and user.password_hash.startswith("$argon2id$")


def test_create_user_prompts_for_the_password(runner):
    result = runner.invoke(args=["lms", "create-user", "--email", "p@police.example", "--name", "P", "--country", "KE"],
                           input="a-long-test-passphrase-42\na-long-test-passphrase-42\n")  # fmt: skip
    assert result.exit_code == 0, result.output


def test_create_user_with_bad_input_says_why_and_creates_nothing(app, runner):
    result = runner.invoke(args=["lms", "create-user", "--email", "nope", "--name", "X", "--country", "ZZ",
                                 "--password", "short"])  # fmt: skip
    assert result.exit_code == 1
    assert "email:" in result.output and "country:" in result.output
    assert count_users(app) == 0


def test_create_user_refuses_a_weak_password_and_duplicates(app, runner, make_user):
    weak = runner.invoke(args=["lms", "create-user", "--email", "w@police.example", "--name", "W", "--country", "KE",
                               "--password", "password1234"])  # fmt: skip
    assert weak.exit_code == 1 and "too common" in weak.output
    user = make_user()
    dup = runner.invoke(args=["lms", "create-user", "--email", user.email, "--name", "D", "--country", "KE",
                              "--password", "a-long-test-passphrase-42"])  # fmt: skip
    assert dup.exit_code == 1 and "already exists" in dup.output
    assert count_users(app) == 1


def test_demo_is_idempotent_and_demo_accounts_log_in(app, runner, client, login):
    from lms.cohorts.models import Cohort, CohortCoordinator, CohortMember
    from lms.quizzes.models import Attempt

    first = runner.invoke(args=["lms", "demo"])
    assert first.exit_code == 0, first.output
    assert "Created admin admin@letp.test" in first.output and "Created the demo cohort" in first.output
    with app.app_context():
        counts = (count_users(app), db.session.scalar(select(func.count()).select_from(CohortMember)),
                  db.session.scalar(select(func.count()).select_from(Attempt)))  # fmt: skip
        coordinator_email = db.session.scalar(
            select(User.email).join(CohortCoordinator, CohortCoordinator.user_id == User.id)
        )
        graded = db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.state == "graded"))
    assert counts[0] == 4 + 25 and counts[1] == 26 and counts[2] > 10 and graded > 10
    assert coordinator_email == "coordinator@letp.test"
    second = runner.invoke(args=["lms", "demo"])
    assert (
        second.exit_code == 0
        and "exists already" in second.output
        and "The demo cohort exists already." in second.output
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == counts[2]
        assert db.session.scalar(select(func.count()).select_from(Cohort)) == 1
        roles = dict(db.session.execute(select(User.email, User.role).where(User.email.like("%@letp.test"))).all())
        officer = db.session.scalar(select(User).where(User.email == "officer@letp.test"))
    assert roles == {"officer@letp.test": "officer", "instructor@letp.test": "instructor",
                     "coordinator@letp.test": "coordinator", "admin@letp.test": "admin"}  # fmt: skip
    login(officer, password="letp-demo-pass")


def test_demo_history_is_dated_in_the_past_on_every_row_it_writes(app, runner):
    """Each demo step runs under clock.at(moment): answers, attempts, reads and their audit records
    carry that moment, and the clock is real again afterwards."""
    from datetime import timedelta

    from lms import clock
    from lms.audit.models import AuditEvent
    from lms.progress.models import ModuleRead
    from lms.quizzes.models import Answer, Attempt

    started = clock.now()
    assert runner.invoke(args=["lms", "demo"]).exit_code == 0
    assert started <= clock.now() < started + timedelta(minutes=10)
    with app.app_context():
        latest = {
            str(column): db.session.scalar(select(func.max(column)))
            for column in (Answer.saved_at, Attempt.started_at, Attempt.submitted_at, ModuleRead.read_at)
        }
        latest["audit of attempts"] = db.session.scalar(
            select(func.max(AuditEvent.at)).where(AuditEvent.action.in_(["attempt.start", "attempt.submit"]))
        )
    assert all(moment is not None and moment < started - timedelta(hours=1) for moment in latest.values()), latest


def test_demo_refuses_in_production(app, runner):
    app.config["ENV"] = "production"
    result = runner.invoke(args=["lms", "demo"])
    assert result.exit_code == 1 and "development only" in result.output
    assert count_users(app) == 0


def test_check_passes_on_good_content(runner):
    result = runner.invoke(args=["lms", "check"])
    assert result.exit_code == 0 and "OK: 2 course(s), 6 module(s)" in result.output


def test_check_lists_every_problem_and_exits_1(runner, tmp_path):
    courses = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", courses)
    (courses / "sample-course" / "02-second-steps.md").write_text(
        "---\ntitle: T\nminutes: x\nobjectives: [a]\n---\nBody\n"
    )
    (courses / "sample-course" / "03-third-steps.md").write_text("no front matter")
    result = runner.invoke(args=["lms", "check", str(courses)])
    assert result.exit_code == 1
    assert "02-second-steps.md:3: 'minutes' must be a whole number" in result.output
    assert "03-third-steps.md:1: has no front matter" in result.output
    assert "2 problems found" in result.output


def test_check_one_course_folder(runner):
    result = runner.invoke(args=["lms", "check", str(FIXTURES / "courses" / "sample-course")])
    assert result.exit_code == 0 and "OK: 1 course(s)" in result.output


def test_real_course_content_passes(runner):
    result = runner.invoke(args=["lms", "check", "courses"])
    assert result.exit_code == 0, result.output


def test_quiz_json_is_a_flask_lms_command(runner):
    import json

    result = runner.invoke(args=["lms", "quiz-json", str(FIXTURES / "quizzes" / "quiz-course" / "final.md")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "Final assessment" and data["settings"]["time_limit_minutes"] == 30
    assert [i["kind"] for i in data["items"]] == ["question", "group"] and data["items"][1]["pick"] == 1


def test_import_and_export_commands_are_flask_lms_commands(runner, tmp_path):
    gift = tmp_path / "q.gift"
    gift.write_text(
        "::Blocks:: How often is a Bitcoin block found on average? {=ten minutes ~one minute}\n", encoding="utf-8"
    )
    out = tmp_path / "q.md"
    imported = runner.invoke(args=["lms", "import-gift", str(gift), "-o", str(out)])
    assert imported.exit_code == 0, imported.output
    assert runner.invoke(args=["lms", "quiz-json", str(out)]).exit_code == 0
    qti = tmp_path / "q.zip"
    exported = runner.invoke(args=["lms", "export-qti", "quiz-course/basics-quiz", "-o", str(qti)])
    assert exported.exit_code == 0, exported.output
    import zipfile

    assert "imsmanifest.xml" in zipfile.ZipFile(qti).namelist()
    assert "#100000000" in runner.invoke(args=["lms", "export-gift", "quiz-course/basics-quiz"]).output
