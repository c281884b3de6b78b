"""`quiz-json FILE`: the spec as JSON for a valid file, every problem as file:line: message otherwise."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from lms.quizzes.cli import quiz_json_command

CORPUS = Path(__file__).parents[1] / "fixtures" / "quizzes" / "corpus"
PROBLEM_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+): (?P<message>.+)$")


def run(path) -> object:
    return CliRunner().invoke(quiz_json_command, [str(path)])


def test_valid_file_prints_the_json_spec():
    path = CORPUS / "valid" / "34-crypto-tracing.md"
    result = run(path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert set(data) == {"title", "settings", "items"}
    assert data["title"] == "Tracing crypto-assets"
    assert data["settings"]["pass_percent"] == 75 and data["settings"]["max_attempts"] == 5
    assert [item["kind"] for item in data["items"]] == ["text"] + ["question"] * 4 + ["group", "question"]
    first = data["items"][1]
    assert first["type"] == "multiple_choice_question" and first["title"] == "First step"
    assert first["choices"] == [
        {"text": "The receiving address and transaction ID", "correct": True, "feedback": None},
        {"text": "The victim's favourite exchange", "correct": False,
         "feedback": "Without the address nothing can be traced."},
    ]  # fmt: skip
    assert data["items"][2]["points"] == 2
    assert data["items"][3]["numerical"] == {"min": 6, "exact": 6, "max": 6}
    group = data["items"][5]
    assert (group["pick"], group["points_per_question"], len(group["questions"])) == (1, 2, 2)
    assert result.stdout.startswith('{\n  "title"')  # indented by two spaces


def test_non_ascii_text_is_printed_as_is(tmp_path):
    path = tmp_path / "accents.md"
    path.write_text("Quiz title: Preuve numérique\n1. Qu'est-ce qu'un « hash » ?\n*   empreinte\n", encoding="utf-8")
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "Preuve numérique" in result.stdout and "« hash »" in result.stdout


def test_invalid_file_lists_every_problem_and_exits_1(tmp_path):
    path = tmp_path / "broken.md"
    path.write_text(
        "---\npass_percent: 101\n---\nQuiz title: Broken\n1. Q?\na) A\nb) B\n2. R?\n= 0\n", encoding="utf-8"
    )
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    matches = [PROBLEM_LINE.match(line) for line in lines]
    assert all(matches), lines
    assert {m.group("path") for m in matches} == {str(path)}
    assert [int(m.group("line")) for m in matches] == [2, 5, 9]
    assert "no choice is marked correct" in matches[1].group("message")


def test_upload_question_is_refused(tmp_path):
    result = run(CORPUS / "letp_invalid" / "upload-question.md")
    assert result.exit_code == 1
    assert "upload-question.md:4: file-upload questions ('^^^') are not supported" in result.stderr


def test_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("Quiz title: T\n1. Caf\u00e9?\n*   yes\n".encode("latin-1"))
    result = run(path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:2: the file is not valid UTF-8 text; save it as UTF-8\n"


def test_missing_file_is_a_usage_error(tmp_path):
    result = run(tmp_path / "nope.md")
    assert result.exit_code == 2
    assert "does not exist" in result.output
