"""The draft checker takes a Moodle XML file: converted, checked as a quiz, its losses listed."""

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.quizzes.models import QuizVersion
from tests.conftest import csrf_token

MOODLE = Path(__file__).parents[1] / "fixtures" / "moodle_xml"


@pytest.fixture
def instructor(client, make_user, login):
    user = make_user("instructor")
    login(user)
    return user


def upload(client, name: str, kind: str = "auto") -> str:
    token = csrf_token(client, "/authoring/draft")
    response = client.post(
        "/authoring/draft",
        data={"csrf_token": token, "kind": kind, "file": (io.BytesIO((MOODLE / name).read_bytes()), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_uploaded_moodle_xml_file_is_converted_and_checked(app, client, instructor):
    html = upload(client, "all-types.xml")
    assert "Converted from Moodle XML: the text below is the converted quiz, checked as a quiz." in html
    assert "No problems found." in html
    assert "1 thing in the Moodle XML could not be carried over:" in html
    assert "XML line 103: “Hashes change”: Moodle settings with no native form, dropped: penalty 1.0000000" in html
    assert "\nQuiz title: Seizure of digital devices\n" in html  # the textarea holds the native quiz now
    assert "<h2>Seizure of digital devices</h2>" in html and "Seizure steps" in html  # the answer key
    with app.app_context():
        assert db.session.scalars(select(QuizVersion)).all() == []


def test_a_refused_moodle_xml_file_is_shown_with_its_line(client, instructor):
    html = upload(client, "doctype.xml", kind="quiz")
    assert "Read as Moodle XML, which could not be converted; the lines below are the XML file" in html
    assert 'data-line="2">Line 2</a>: the file has a &lt;!DOCTYPE …&gt; declaration, which is refused' in html
    assert "&lt;!ENTITY lol" in html and "draft-losses" not in html  # the textarea keeps the XML


def test_moodle_xml_checked_as_a_module_when_chosen(client, instructor):
    html = upload(client, "images.xml", kind="module")
    assert "Checked as a module, as you chose." in html and "Converted from Moodle XML" not in html
