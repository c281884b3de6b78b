"""Native to GIFT: each construct, the losses, and round trips native -> GIFT -> native."""

from pathlib import Path

import pytest

from lms.authoring.gift import gift_to_native
from lms.authoring.gift_export import quiz_to_gift
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

FIXTURES = Path(__file__).parents[1] / "fixtures"
NATIVE = sorted((FIXTURES / "quizzes" / "corpus" / "valid").glob("*.md")) + sorted(
    (FIXTURES / "quizzes" / "quiz-course").glob("*.md")
)
GIFT = sorted((FIXTURES / "gift").glob("*.gift"))


def parse(text: str) -> spec.Quiz:
    quiz, problems = parse_quiz(text, "quiz.md")
    assert problems == [], [str(p) for p in problems]
    return quiz


def gift_of(body: str, front: str = "") -> tuple[str, list]:
    return quiz_to_gift(parse(front + "Quiz title: Export test\n\n" + body))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1.  Pick one\n*a) right\nb)  wrong\n", "[markdown]Pick one {\n\t=right\n\t~wrong\n}"),
        ("1.  Seals matter.\n*a) True\nb)  False\n", "[markdown]Seals matter. {\n\tTRUE\n}"),
        ("1.  Hashes drift.\na)  True\n*b) False\n", "[markdown]Hashes drift. {\n\tFALSE\n}"),
        ("1.  Which?\n[*] a\n[*] b\n[ ] c\n", "[markdown]Which? {\n\t~%50%a\n\t~%50%b\n\t~%-100%c\n}"),
        (
            "1.  Which?\n[*] a\n[*] b\n[*] c\n[ ] d\n",
            "[markdown]Which? {\n\t~%33.33333%a\n\t~%33.33333%b\n\t~%33.33333%c\n\t~%-100%d\n}",
        ),
        ("1.  Name it\n*   cat\n*   feline\n", "[markdown]Name it {\n\t=cat\n\t=feline\n}"),
        ("1.  Bits?\n=   8\n", "[markdown]Bits? {\n\t#8\n}"),
        ("1.  Pi?\n=   3.14 +- 0.005\n", "[markdown]Pi? {\n\t#3.14:0.005\n}"),
        ("1.  Days?\n=   [3, 7]\n", "[markdown]Days? {\n\t#3..7\n}"),
        ("1.  Near 200?\n=   200 +- 5%\n", "[markdown]Near 200? {\n\t#200:10\n}"),
        ("1.  Explain.\n___\n", "[markdown]Explain. {}"),
        ("Title: Seals: rules\n1.  A = B # {C} ~ D\n___\n", "::Seals\\: rules::[markdown]A \\= B \\# \\{C\\} \\~ D {}"),
        ("1.  Para one\n\n    para two\n___\n", "[markdown]Para one\n\\npara two {}"),
        ("1.  Back\\slash\n___\n", "[markdown]Back\\\\slash {}"),
        ("Text title: Intro\nText: Read this first.\n\n1.  Go?\n___\n", "::Intro::[markdown]Read this first."),
    ],
)
def test_constructs(body, expected):
    gift, _losses = gift_of(body)
    assert gift.startswith("// title: Export test\n\n")
    assert expected in gift


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "1.  Q\n... general\n+   right\n-   wrong\n*a) a\nb)  b\n... own\nc)  c\n",
            "{\n\t=a#right\n\t~b#own\n\t~c#wrong\n\t####general\n}",
        ),
        ("1.  Q\n+   right\n-   wrong\n*a) True\nb)  False\n", "{\n\tTRUE#wrong#right\n}"),
        ("1.  Q\n*a) True\nb)  False\n... only when wrong\n", "{\n\tTRUE#only when wrong\n}"),
        (
            "1.  Q\na)  True\n... only when wrong\n*b) False\n... only when right\n",
            "{\n\tFALSE#only when wrong#only when right\n}",
        ),
        ("1.  Q\n*a) True\n... only when right\nb)  False\n", "{\n\tTRUE##only when right\n}"),
        ("1.  Q\n+   yes\n-   no\n=   [1, 2]\n", "{\n\t#=1..2#yes\n\t~#no\n}"),
        ("1.  Q\n+   yes\n*   a\n*   b\n", "{\n\t=a#yes\n\t=b#yes\n}"),
        ("1.  Q\n... read more\n___\n", "{\n\t####read more\n}"),
    ],
)
def test_feedback(body, expected):
    gift, _losses = gift_of(body)
    assert expected in gift


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("GROUP\npick: 1\n1.  A?\n___\n2.  B?\n___\nEND_GROUP\n", "GIFT has no question groups (each attempt draws 1"),
        ("Points: 2\n1.  A?\n___\n", "worth 2 points"),
        ("1.  A?\n[*] a\n[ ] b\n", "all_or_nothing scoring gives none"),
        ("1.  A?\n+   yes\n[*] a\n[ ] b\n", "'+' feedback of a multiple-answers question"),
        ("1.  A?\n-   no\n*   a\n", "'-' feedback of a short-answer question"),
        ("1.  A?\n+   yes\n*a) a\n... own\nb)  b\n", "has its own feedback"),
        ("1.  Area of $x^2$?\n___\n", "TeX math"),
        ("1.  See ![a chart](chart.png)\n___\n", "the image 'chart.png'"),
        ("1.  Line\n    // not a comment\n___\n", "read by Moodle as a comment"),
    ],
)
def test_losses(body, fragment):
    _gift, losses = gift_of(body)
    assert any(fragment in loss.message for loss in losses), [str(loss) for loss in losses]


def test_settings_and_description_are_reported_once_each():
    front = "---\npass_percent: 80\nfeedback_bands:\n  - {min_percent: 0, text: Again.}\n---\n"
    _gift, losses = gift_of("Quiz description: About seals.\nshuffle answers: true\n\n1.  A?\n___\n", front)
    messages = [loss.message for loss in losses]
    assert messages == [
        "the quiz description has no GIFT form; dropped",
        "GIFT carries no quiz settings; set them again in Moodle: pass_percent: 80; feedback_bands",
        "GIFT carries no quiz options; set them again in Moodle: shuffle_answers: True",
    ]


def test_partial_scoring_uses_penalties_that_match_it():
    gift, losses = gift_of("1.  Which?\n[*] a\n[*] b\n[ ] c\n", "---\nmultiple_answers_scoring: partial\n---\n")
    assert "~%-50%c" in gift
    assert [loss.message for loss in losses] == [
        "GIFT carries no quiz settings; set them again in Moodle: multiple_answers_scoring: partial"
    ]


def shape(quiz: spec.Quiz) -> list:
    """Types, choices and correctness, bounds, titles and general feedback, groups flattened."""
    found = []
    for q in quiz.questions():
        choices = [(c.text, c.correct) for c in q.choices]
        if q.type == spec.TRUE_FALSE:
            choices = sorted((c.text.lower(), c.correct) for c in q.choices)
        bounds = None if q.numerical is None else (q.numerical.min, q.numerical.max)
        found.append((q.type, q.title, q.text, choices, bounds, q.feedback))
    return found


@pytest.mark.parametrize("path", NATIVE, ids=lambda p: p.name)
def test_round_trip_native_gift_native(path):
    original = parse(path.read_text("utf-8"))
    gift, _export_losses = quiz_to_gift(original)
    native, _import_losses = gift_to_native(gift)
    back = parse(native)
    assert back.title == " ".join(original.title.split())  # a `// title:` comment is one line
    assert shape(back) == shape(original)


@pytest.mark.parametrize("path", GIFT, ids=lambda p: p.name)
def test_gift_import_is_stable_under_a_second_round(path):
    first = parse(gift_to_native(path.read_text("utf-8"))[0])
    second = parse(gift_to_native(quiz_to_gift(first)[0])[0])
    assert shape(second) == shape(first)
