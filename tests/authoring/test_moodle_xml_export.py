"""Native to Moodle XML: each construct, the losses, and round trips native -> Moodle XML -> native.

The round trip runs over the whole course (translations included), the valid text2qti and LETP
corpora, the quiz-course fixtures and a file holding every construct at once.
"""

from __future__ import annotations

import base64

import pytest

from lms.authoring.moodle_xml import XmlRefused
from lms.authoring.moodle_xml_export import quiz_to_moodle_xml
from lms.catalog.translations import without_stamp
from lms.quizzes import spec
from tests.authoring.test_moodle_xml import FIXTURES, MOODLE, PNG, ROOT, imported, parse

NATIVE = (
    sorted((ROOT / "quizzes").rglob("*.md"))  # the course, its translations (locales/) included
    + sorted((FIXTURES / "quizzes" / "corpus" / "valid").glob("*.md"))
    + sorted((FIXTURES / "quizzes" / "corpus" / "letp_valid").glob("*.md"))  # LETP's extensions of text2qti
    + sorted((FIXTURES / "quizzes" / "quiz-course").glob("*.md"))
    + [MOODLE / "round-trip.md"]  # every construct at once: matching, ordering, a group, an image, escapes
)


def moodle_of(body: str, front: str = "", read_asset=None) -> tuple[str, list]:
    return quiz_to_moodle_xml(parse(front + "Quiz title: Export test\n\n" + body), read_asset)


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        (
            "1.  Seals matter.\n*a) True\nb)  False\n... Check the seal.\n",
            [
                '<question type="truefalse">',
                '<answer fraction="100" format="moodle_auto_format">\n      <text>true</text>',
                "<text>Check the seal.</text>",
            ],
        ),
        (
            "1.  Seals matter.\n+   Yes.\n*a) True\nb)  False\n",
            ['<question type="multichoice">', "<single>true</single>", '<correctfeedback format="markdown">'],
        ),
        (
            "1.  Which?\n[*] a\n[*] b\n[*] c\n[ ] d\n",
            ["<single>false</single>", 'fraction="33.3333333"', 'fraction="-100"'],
        ),
        (
            "1.  Name it\n+   Yes.\n-   No.\n*   a*b\n",
            [
                "<usecase>0</usecase>",
                "<text>a\\*b</text>",
                '<answer fraction="0" format="moodle_auto_format">\n'
                '      <text>*</text>\n      <feedback format="markdown">\n        <text>No.</text>',
            ],
        ),
        ("1.  Days?\n=   [3, 7]\n", ["<text>5</text>", "<tolerance>2</tolerance>"]),
        ("1.  Near 200?\n=   200 +- 5%\n", ["<text>200</text>", "<tolerance>10</tolerance>"]),
        ("1.  Explain.\n___\n", ['<question type="essay">', "<responseformat>editor</responseformat>"]),
        (
            "1.  Match.\n<>  a -> 1\n<>  b -> 2\n<>  -> 3\n",
            [
                '<question type="matching">',
                '<subquestion format="markdown">\n      <text>a</text>\n      <answer>\n        <text>1</text>',
                '<subquestion format="markdown">\n      <text />\n      <answer>\n        <text>3</text>',
            ],
        ),
        (
            "1.  Order.\n1)  x\n2)  y\n",
            [
                '<question type="ordering">',
                "<gradingtype>ABSOLUTE_POSITION</gradingtype>",
                '<answer fraction="2" format="markdown">\n      <text>y</text>',
            ],
        ),
        ("Points: 2.5\n1.  Worth more.\n___\n", ["<defaultgrade>2.5</defaultgrade>"]),
        (
            "Text title: Intro\nText: Read this.\n\n1.  Go?\n___\n",
            ['<question type="description">\n    <name>\n      <text>Intro</text>', "<text>Read this.</text>"],
        ),
    ],
)
def test_export_constructs(body, fragments):
    xml, _losses = moodle_of(body)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="category">')
    assert "<text>$course$/top/Export test</text>" in xml
    for fragment in fragments:
        assert fragment in xml, fragment


def test_export_embeds_images_beside_the_quiz_and_reports_missing_ones():
    assets = {"images/seal.png": PNG}
    xml, losses = moodle_of(
        "1.  Which seal? ![A seal](images/seal.png) ![Gone](gone.png) ![Web](https://x.org/a.png)\n___\n",
        read_asset=assets.get,
    )
    assert "![A seal](@@PLUGINFILE@@/images/seal.png) ![Gone](gone.png) ![Web](https://x.org/a.png)" in xml
    assert f'<file name="seal.png" path="/images/" encoding="base64">{base64.b64encode(PNG).decode()}</file>' in xml
    assert [loss.message for loss in losses] == [
        "the image 'gone.png' was not found beside the quiz, so the file does not hold it; upload it to the question "
        "in Moodle"
    ]


@pytest.mark.parametrize(
    ("body", "front", "fragment"),
    [
        (
            "GROUP\npick: 1\n1.  A?\n___\n2.  B?\n___\nEND_GROUP\n",
            "",
            "Moodle XML has no question groups: the 2 questions are in the category 'Group 1 (pick 1, 1 point each)'; "
            "in Moodle, add 1 random question(s) from it to the quiz",
        ),
        ("1.  A?\n[*] a\n[ ] b\n", "", "all_or_nothing scoring gives none (each wrong choice is weighted -100%)"),
        ("1.  Area of $x^2$?\n___\n", "", "TeX math '$…$' is kept as written"),
        (
            "one question at a time: true\n\n1.  A?\n___\n",
            "---\npass_percent: 80\n---\n",
            "Moodle XML carries no quiz settings; set them again in Moodle's quiz: pass_percent: 80",
        ),
    ],
)
def test_export_losses(body, front, fragment):
    _xml, losses = moodle_of(body, front)
    assert any(fragment in loss.message for loss in losses), [str(loss) for loss in losses]


def test_shuffle_answers_is_carried_by_each_question_not_lost():
    xml, losses = moodle_of("shuffle answers: true\n\n1.  A?\n*a) x\nb)  y\n")
    assert "<shuffleanswers>true</shuffleanswers>" in xml and losses == []
    assert imported(xml)[0].options.shuffle_answers is True


# -- round trips


def shape(quiz: spec.Quiz) -> tuple:
    """Everything Moodle XML carries: items in order, groups and text regions included.

    Moodle's numerical answer is a value and a tolerance, so a range `[min, max]` comes back as its
    centre +- half its width: the same bounds, and an exact value where the range had none.
    """

    def question_shape(q: spec.Question) -> tuple:
        bounds = None if q.numerical is None else (q.numerical.min, q.numerical.max)
        exact = None if q.numerical is None else q.numerical.exact
        if q.numerical is not None and exact is None:
            exact = (q.numerical.min + q.numerical.max) / 2
        return (
            q.type,
            q.title,
            q.text,
            q.points,
            q.choices,
            q.pairs,
            bounds,
            exact,
            q.feedback,
            q.correct_feedback,
            q.incorrect_feedback,
        )

    items = []
    for item in quiz.items:
        if isinstance(item, spec.Group):
            items.append(("group", item.pick, item.points_per_question, [question_shape(q) for q in item.questions]))
        elif isinstance(item, spec.Question):
            items.append(question_shape(item))
        else:
            items.append(("text", item.title, item.text))
    return (" ".join(quiz.title.split()), quiz.description, quiz.options.shuffle_answers, items)


@pytest.mark.parametrize("path", NATIVE, ids=lambda p: str(p.relative_to(ROOT)))
def test_round_trip_native_moodle_native(path):
    original = parse(without_stamp(path.read_text("utf-8")))

    def read_asset(name: str) -> bytes | None:
        return (path.parent / name).read_bytes() if (path.parent / name).is_file() else None

    xml, _export_losses = quiz_to_moodle_xml(original, read_asset)
    back, import_losses, images = imported(xml)
    assert import_losses == []
    assert shape(back) == shape(original)
    assert images == {name: read_asset(name) for name in images}  # each image comes back with its bytes


def test_the_round_trip_covers_groups_regions_images_matching_and_ordering():
    quizzes = [parse(without_stamp(path.read_text("utf-8"))) for path in NATIVE]
    kinds = {type(item) for quiz in quizzes for item in quiz.items}
    types = {q.type for quiz in quizzes for q in quiz.questions()}
    assert kinds == {spec.Question, spec.Group, spec.TextRegion}
    assert set(spec.QUESTION_TYPES) <= types
    assert any(
        "![" in (item.text or "") for quiz in quizzes for item in quiz.items if isinstance(item, spec.TextRegion)
    )


@pytest.mark.parametrize("path", sorted(MOODLE.glob("*.xml")), ids=lambda p: p.name)
def test_moodle_import_is_stable_under_a_second_round(path):
    try:
        first, _losses, images = imported(path.read_bytes())
    except XmlRefused:
        return
    second, losses, _images = imported(quiz_to_moodle_xml(first, images.get)[0])
    assert shape(second) == shape(first) and losses == []
