"""Native to GIFT: each construct, the losses, and round trips native -> GIFT -> native."""

from pathlib import Path

import pytest

from lms.authoring.gift import gift_to_native
from lms.authoring.gift_export import option_text, quiz_to_gift
from lms.catalog.translations import without_stamp
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "quizzes" / "corpus"
# Every native quiz we keep: the text2qti corpus, LETP's extensions, the fixture course and the real
# course with its translations.
NATIVE = [
    *sorted((CORPUS / "valid").glob("*.md")),
    *sorted((CORPUS / "letp_valid").glob("*.md")),
    *sorted((FIXTURES / "quizzes" / "quiz-course").glob("*.md")),
    *sorted((ROOT / "quizzes").rglob("*.md")),
]
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
        (
            "1.  Match\n<>  bc1q -> Bitcoin\n<>  0x74 -> Ethereum\n<>  -> Tron\n",
            "[markdown]Match {\n\t=bc1q -> Bitcoin\n\t=0x74 -> Ethereum\n\t= -> Tron\n}",
        ),
        ("1.  M\n<>  a = b -> c # d\n<>  {e} -> f: g ~ h\n", "{\n\t=a \\= b -> c \\# d\n\t=\\{e\\} -> f\\: g \\~ h\n}"),
        ("1.  M\n<>  a->b -> 1\n<>  c -\\> d -> 2 -> 3\n", "{\n\t=a-\\\\>b -> 1\n\t=c -\\\\> d -> 2 -> 3\n}"),
        ("1.  M\n<>  *a* -> **Bitcoin** \\*\n<>  b -> `0x`\n", "{\n\t=*a* -> Bitcoin *\n\t=b -> 0x\n}"),
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
        ("1.  Q\n+   yes\n-   no\n*   a\n", "{\n\t=a#yes\n\t=%0%*#no\n}"),  # Moodle's catch-all for any other answer
        ("1.  Q\n... why\n<>  a -> 1\n<>  b -> 2\n", "{\n\t=a -> 1\n\t=b -> 2\n\t####why\n}"),
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
        ("1.  M?\n+   yes\n<>  a -> 1\n<>  b -> 2\n<>  -> 3\n", "'+' feedback of a matching question"),
        ("1.  M?\n<>  a -> 1\n<>  b -> 2\n", "its editor saves one only with three or more"),
        (
            "1.  O?\n1)  first\n2)  second\n",
            "GIFT has no ordering question; skipped: recreate it in Moodle with "
            "the Ordering question type (a plugin), items in this order: first; second",
        ),
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


def choice_feedback(q: spec.Question, choice: spec.Choice) -> str | None:
    """The feedback shown with a choice: its own, else the question's '+' or '-' (as GIFT writes it)."""
    if q.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE):
        return choice.feedback or (q.correct_feedback if choice.correct else q.incorrect_feedback)
    return choice.feedback


def carried(q: spec.Question) -> dict:
    """What GIFT holds of a question: ordering questions and points are not in it (each a Loss)."""
    found: dict = {"type": q.type, "title": q.title, "text": q.text, "feedback": q.feedback}
    if q.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE, spec.MULTIPLE_ANSWERS):
        found["choices"] = [(c.text, c.correct, choice_feedback(q, c)) for c in q.choices]
    if q.type == spec.TRUE_FALSE:  # GIFT's {T} and {F} come back as "True" and "False", in that order
        found["choices"] = sorted(((t.lower(), c, f) for t, c, f in found["choices"]), reverse=True)
    if q.type == spec.SHORT_ANSWER:
        found["choices"] = [c.text for c in q.choices]
    if q.type in (spec.SHORT_ANSWER, spec.NUMERICAL):
        found["feedback"] = (q.feedback, q.correct_feedback, q.incorrect_feedback)
    if q.numerical is not None:
        found["numerical"] = (q.numerical.min, q.numerical.exact, q.numerical.max)
    if q.type == spec.MATCHING:  # answers are plain text in Moodle, as in LETP's selects
        found["pairs"] = [(p.prompt, option_text(p.answer)) for p in q.pairs]
    return found


def shape(quiz: spec.Quiz) -> list:
    """Every question that GIFT can hold, groups flattened, and the text regions, in file order."""
    found: list = []
    for item in quiz.items:
        questions = item.questions if isinstance(item, spec.Group) else (item,)
        for q in questions:
            if isinstance(q, spec.TextRegion):  # a Moodle description shows its text, so a title alone is both
                found.append(("text", q.title, q.text or q.title))
            elif q.type != spec.ORDERING:
                found.append(carried(q))
    return found


def read(path: Path) -> spec.Quiz:
    return parse(without_stamp(path.read_text("utf-8")))  # a translation's stamp is no LETP setting


def expected_losses(quiz: spec.Quiz) -> dict[str, int]:
    """How many losses of each kind the export must report for what GIFT cannot hold."""
    questions = quiz.questions()
    defaults = (spec.Settings(), spec.Options())
    return {
        "GIFT has no ordering question": sum(q.type == spec.ORDERING for q in questions),
        "GIFT has no question groups": sum(isinstance(item, spec.Group) for item in quiz.items),
        "points; GIFT has no points": sum(q.points != 1 and q.type != spec.ORDERING for q in questions),
        "GIFT carries no quiz settings": int(quiz.settings != defaults[0]),
        "GIFT carries no quiz options": int(quiz.options != defaults[1]),
        "the quiz description has no GIFT form": int(quiz.description is not None),
        "feedback of a multiple-answers question": sum(
            bool(q.correct_feedback) + bool(q.incorrect_feedback) for q in questions if q.type == spec.MULTIPLE_ANSWERS
        ),
        "feedback of a matching question": sum(
            bool(q.correct_feedback) + bool(q.incorrect_feedback) for q in questions if q.type == spec.MATCHING
        ),
    }


def test_the_round_trip_covers_the_course_and_both_extensions():
    assert len([p for p in NATIVE if ROOT / "quizzes" in p.parents]) >= 30  # the course and its translations
    types = {q.type for path in NATIVE for q in read(path).questions()}
    assert types == set(spec.QUESTION_TYPES)


@pytest.mark.parametrize("path", NATIVE, ids=lambda p: str(p.relative_to(ROOT)))
def test_round_trip_native_gift_native(path):
    original = read(path)
    gift, export_losses = quiz_to_gift(original)
    native, import_losses = gift_to_native(gift)
    back = parse(native)
    assert back.title == " ".join(original.title.split())  # a `// title:` comment is one line
    assert shape(back) == shape(original)
    messages = [loss.message for loss in export_losses]
    for fragment, count in expected_losses(original).items():
        assert sum(fragment in m for m in messages) == count, (fragment, messages)
    assert all(loss.message.startswith("a description (no answer block)") for loss in import_losses), import_losses


@pytest.mark.parametrize("path", GIFT, ids=lambda p: p.name)
def test_gift_import_is_stable_under_a_second_round(path):
    first = parse(gift_to_native(path.read_text("utf-8"))[0])
    second = parse(gift_to_native(quiz_to_gift(first)[0])[0])
    assert shape(second) == shape(first)
