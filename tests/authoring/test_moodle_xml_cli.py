"""`flask lms import-moodle-xml` and `export-moodle-xml`, through CliRunner and through the real app."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from lms.authoring.cli import export_moodle_xml_command, import_moodle_xml_command
from lms.quizzes.format import parse_quiz
from tests.authoring.test_moodle_xml import PNG

FIXTURES = Path(__file__).parents[1] / "fixtures"
MOODLE = FIXTURES / "moodle_xml"
STEPWISE = FIXTURES / "quizzes" / "quiz-course" / "stepwise-quiz.md"
ESSAY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="essay">\n'
    "    <name><text>Custody</text></name>\n"
    '    <questiontext format="markdown"><text>Why log each hand-over?</text></questiontext>\n'
    "    <penalty>0.1</penalty>\n  </question>\n</quiz>\n"
)


def run(command, *args):
    return CliRunner().invoke(command, [str(a) for a in args])


def test_import_prints_the_quiz_and_lists_losses_on_stderr(tmp_path):
    source = tmp_path / "bank.xml"
    source.write_text(ESSAY, encoding="utf-8")
    result = run(import_moodle_xml_command, source)
    assert result.exit_code == 0, result.output
    quiz, problems = parse_quiz(result.stdout)
    assert problems == [] and [(q.title, q.text) for q in quiz.questions()] == [("Custody", "Why log each hand-over?")]
    assert result.stderr == (
        f'{source}:3: "Custody": Moodle settings with no native form, dropped: penalty 0.1 for each wrong try '
        "(a native attempt has one try)\n"
    )


def test_import_writes_the_quiz_and_its_images_beside_it(tmp_path):
    out = tmp_path / "seizure.md"
    result = run(import_moodle_xml_command, MOODLE / "all-types.xml", "-o", out)
    assert result.exit_code == 0, result.output
    quiz, problems = parse_quiz(out.read_text("utf-8"))
    assert problems == [] and quiz.title == "Seizure of digital devices" and len(quiz.questions()) == 9
    assert (tmp_path / "case-map.png").read_bytes() == PNG
    assert f"Wrote {out}: 9 question(s), 1 loss(es) listed above." in result.stderr
    assert "Wrote 1 image(s) beside it: case-map.png." in result.stderr


def test_import_with_images_needs_an_output_file():
    result = run(import_moodle_xml_command, MOODLE / "images.xml")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"{MOODLE / 'images.xml'}: the questions show 3 image(s) (device-2.png, device.png, wallet-home.png), which "
        "are written beside the quiz; give the quiz file with -o OUT.md\n"
    )


def test_import_never_overwrites_another_file(tmp_path):
    (tmp_path / "case-map.png").write_bytes(b"a different picture")
    out = tmp_path / "seizure.md"
    result = run(import_moodle_xml_command, MOODLE / "all-types.xml", "-o", out)
    assert result.exit_code == 1
    assert f"{tmp_path / 'case-map.png'}: already exists and holds another file" in result.stderr
    assert not out.exists() and (tmp_path / "case-map.png").read_bytes() == b"a different picture"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("doctype.xml", ":2: the file has a <!DOCTYPE …> declaration, which is refused"),
        ("external-entity.xml", ":2: the file has a <!DOCTYPE …> declaration, which is refused"),
    ],
)
def test_import_refuses_a_doctype(name, message):
    result = run(import_moodle_xml_command, MOODLE / name)
    assert result.exit_code == 1 and result.stderr.startswith(f"{MOODLE / name}{message}")


def test_export_from_a_path_embeds_the_images(tmp_path):
    out = tmp_path / "stepwise.xml"
    result = run(export_moodle_xml_command, STEPWISE, "-o", out)
    assert result.exit_code == 0, result.output
    xml = out.read_text("utf-8")
    assert '<file name="block.svg" path="/" encoding="base64">' in xml
    assert f'{STEPWISE}:1: "Stepwise quiz": Moodle XML carries no quiz options; set them again in Moodle\'s quiz: ' in (
        result.stderr
    )
    assert f"Wrote {out}; import it in Moodle's question bank as Moodle XML." in result.stderr


def test_both_commands_run_in_flask_lms_by_slug(app, tmp_path):
    runner = app.test_cli_runner()
    exported = runner.invoke(
        args=["lms", "export-moodle-xml", "quiz-course/stepwise-quiz", "-o", str(tmp_path / "s.xml")]
    )
    assert exported.exit_code == 0, exported.output
    assert 'quiz-course/stepwise-quiz.md:1: "Stepwise quiz": Moodle XML carries no quiz options' in exported.stderr
    out = tmp_path / "back" / "stepwise.md"
    out.parent.mkdir()
    imported = runner.invoke(args=["lms", "import-moodle-xml", str(tmp_path / "s.xml"), "-o", str(out)])
    assert imported.exit_code == 0, imported.output
    quiz, problems = parse_quiz(out.read_text("utf-8"))
    assert problems == [] and quiz.title == "Stepwise quiz" and len(quiz.questions()) == 3
    assert (out.parent / "block.svg").read_bytes() == (STEPWISE.parent / "block.svg").read_bytes()
