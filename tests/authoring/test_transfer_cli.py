"""import-gift, import-aiken, export-qti and export-gift, run through click's CliRunner.

The commands are not registered in `flask lms` here, so the slug form pushes the app context
itself and invokes the command objects directly.
"""

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import NoAppException, ScriptInfo

from lms.authoring.cli import (
    commands,
    export_gift_command,
    export_qti_command,
    import_aiken_command,
    import_gift_command,
)
from lms.quizzes.format import parse_quiz

FIXTURES = Path(__file__).parents[1] / "fixtures"
QUIZ = FIXTURES / "quizzes" / "quiz-course" / "stepwise-quiz.md"


def run(command, *args: str):
    return CliRunner().invoke(command, [str(a) for a in args])


def test_the_command_list():
    assert [c.name for c in commands] == ["import-gift", "import-aiken", "export-qti", "export-gift",
                                          "import-moodle-xml", "export-moodle-xml"]  # fmt: skip


def test_import_gift_prints_the_quiz_and_lists_losses_on_stderr(tmp_path):
    source = tmp_path / "ports.gift"
    source.write_text("::Match ports:: Match {=SSH -> 22 =SMTP -> 25#Mail.}\n\n::After:: Kept? {T}\n", encoding="utf-8")
    result = run(import_gift_command, source)
    assert result.exit_code == 0, result.output
    quiz, problems = parse_quiz(result.stdout)
    assert problems == [] and [q.title for q in quiz.questions()] == ["Match ports", "After"]
    assert result.stderr == (f'{source}:1: "Match ports": matching pairs take no feedback (Moodle would show it as '
                             "part of the answer '25'); dropped: 'Mail.'\n")  # fmt: skip


def test_import_gift_writes_a_file_that_parses(tmp_path):
    out = tmp_path / "mixed.md"
    result = run(import_gift_command, FIXTURES / "gift" / "27-mixed-quiz.gift", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    quiz, problems = parse_quiz(out.read_text("utf-8"))
    assert problems == [] and quiz.title == "Seizure of digital devices" and len(quiz.questions()) == 5
    assert f"Wrote {out}: 5 question(s), 0 loss(es)" in result.stderr


def test_import_gift_refuses_a_result_that_does_not_parse(tmp_path):
    source = tmp_path / "only-matching.gift"
    source.write_text("::M:: Match {=a -> 1 =b}\n", encoding="utf-8")
    out = tmp_path / "out.md"
    result = run(import_gift_command, source, "-o", out)
    assert result.exit_code == 1
    assert f"{source}:1: \"M\": a matching line has no '->'" in result.stderr
    assert "the converted quiz does not parse, so nothing was written" in result.stderr
    assert "the quiz has no questions" in result.stderr
    assert not out.exists()


def test_import_rejects_a_file_that_is_not_utf8(tmp_path):
    source = tmp_path / "latin1.gift"
    source.write_bytes("Caf\xe9 {T}\n".encode("latin-1"))
    result = run(import_gift_command, source)
    assert result.exit_code == 1
    assert result.stderr == f"{source}:1: the file is not valid UTF-8 text; save it as UTF-8\n"


def test_import_aiken(tmp_path):
    source = tmp_path / "quiz.txt"
    source.write_text("Which bag blocks signals?\nA. Paper\nB. Faraday\nANSWER: B\n", encoding="utf-8")
    result = run(import_aiken_command, source)
    assert result.exit_code == 0, result.output
    quiz, _problems = parse_quiz(result.stdout)
    assert [(c.text, c.correct) for c in quiz.questions()[0].choices] == [("Paper", False), ("Faraday", True)]
    source.write_text("Which bag?\nA. Paper\nB. Faraday\nANSWER: C\n", encoding="utf-8")
    result = run(import_aiken_command, source)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:4: 'ANSWER: C' names no choice")


def test_export_qti_from_a_path(tmp_path):
    out = tmp_path / "stepwise.zip"
    result = run(export_qti_command, QUIZ, "-o", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        names = archive.namelist()
    assert "letp_stepwise-quiz_assessment/letp_stepwise-quiz_assessment.xml" in names
    assert "images/block.svg" in names  # read beside the quiz file
    assert f"Wrote {out}: 3 question(s)" in result.stderr


def test_export_qti_reports_a_missing_image(tmp_path):
    quiz = tmp_path / "pictures.md"
    quiz.write_text("Quiz title: Pictures\n\n1.  What is shown? ![A bag](../secret.png)\n___\n", encoding="utf-8")
    (tmp_path.parent / "secret.png").write_bytes(b"outside the quiz folder")
    result = run(export_qti_command, quiz, "-o", tmp_path / "out.zip")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{quiz}: line 3: image file '../secret.png' not found")
    assert not (tmp_path / "out.zip").exists()


def test_export_gift_from_a_path():
    result = run(export_gift_command, FIXTURES / "quizzes" / "quiz-course" / "basics-quiz.md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("// title: Basics quiz\n\n[markdown]What is Bitcoin's target time")
    path = FIXTURES / "quizzes" / "quiz-course" / "basics-quiz.md"
    assert f'{path}:1: "Basics quiz": the quiz description has no GIFT form; dropped' in result.stderr


def test_an_invalid_quiz_file_is_reported(tmp_path):
    quiz = tmp_path / "broken.md"
    quiz.write_text("Quiz title: Broken\n\n1.  No answers\n", encoding="utf-8")
    result = run(export_gift_command, quiz)
    assert result.exit_code == 1
    assert f"{quiz}:3: the question has no answers" in result.stderr


def test_a_slug_without_an_app_says_what_to_do():
    def no_app():
        raise NoAppException("no app here")

    result = CliRunner().invoke(export_gift_command, ["basics-quiz"], obj=ScriptInfo(create_app=no_app))
    assert result.exit_code == 1
    assert "'basics-quiz' is not a file, and no LETP app was found" in result.stderr


@pytest.mark.parametrize("name", ["basics-quiz", "quiz-course/basics-quiz"])
def test_export_gift_by_slug(app, name):
    with app.app_context():
        result = run(export_gift_command, name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("// title: Basics quiz\n")
    assert 'quiz-course/basics-quiz.md:1: "Basics quiz"' in result.stderr


def test_export_qti_by_slug(app, tmp_path):
    out = tmp_path / "final.zip"
    with app.app_context():
        result = run(export_qti_command, "final", "-o", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert "letp_quiz-course_final_assessment/assessment_meta.xml" in archive.namelist()


def test_an_unknown_slug_lists_the_catalog(app):
    with app.app_context():
        result = run(export_gift_command, "no-such-quiz")
    assert result.exit_code == 1
    assert "'no-such-quiz' is neither a file nor a quiz in the catalog" in result.stderr
    assert "quiz-course/basics-quiz" in result.stderr


@pytest.mark.parametrize("command", commands, ids=lambda c: c.name)
def test_an_output_in_a_missing_folder_is_refused_before_any_work(command, tmp_path):
    target = tmp_path / "missing" / "out.file"
    source = FIXTURES / "gift" / "01-single-choice.gift" if command.name.startswith("import") else QUIZ
    result = CliRunner().invoke(command, [str(source), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"the folder '{target.parent}' does not exist; create it first" in result.output
    assert not target.parent.exists()  # nothing was written anywhere
