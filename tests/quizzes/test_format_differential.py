"""Our quiz parser against text2qti 0.8.0, the reference, on the corpus in tests/fixtures/quizzes/corpus
and on every other native quiz we keep (the fixture courses, and the real course with its translations).

valid/: both accept, and agree question by question on the raw Markdown fields and on what each
  grades as right (the right choices, the accepted answers, the numerical bounds).
invalid/: both reject; ours names the line and the problem given in the file's `% expect N: ...` line.
letp_invalid/: files LETP rejects on purpose (front matter, uploads, executed code...); text2qti may accept.
letp_valid/: LETP's extensions of the format (matching '<>' and ordering '1)' lines): LETP accepts,
  text2qti refuses.
Every other native quiz: where text2qti reads it, the two agree as on valid/; where it does not, the
file uses LETP's extensions.
"""

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import text2qti.quiz as t2q
from text2qti.config import Config
from text2qti.err import Text2qtiError

from lms.catalog.translations import without_stamp
from lms.content.frontmatter import split
from lms.quizzes import spec
from lms.quizzes.format import fallback_title, parse_quiz
from lms.quizzes.grading import grade_question

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "quizzes" / "corpus"
EXPECT = re.compile(r"^[%#] expect (\d+): (.+)$", re.MULTILINE)
# Native quizzes outside the corpus: every quiz folder of the fixtures, and the course (translations included).
NATIVE = sorted(
    path
    for path in [*(ROOT / "tests" / "fixtures").rglob("*.md"), *(ROOT / "quizzes").rglob("*.md")]
    if "quizzes" in path.relative_to(ROOT).parts[:-1] and CORPUS not in path.parents
)
EXTENSIONS = (spec.MATCHING, spec.ORDERING)


def corpus(folder: str) -> list[Path]:
    return sorted((CORPUS / folder).glob("*.md"))


def reference(text: str) -> t2q.Quiz:
    # Config() alone: Config.load() would write into the home folder.
    return t2q.Quiz(split(text).body, config=Config())


def their_question(q: t2q.Question) -> dict:
    numerical = None
    if q.type == spec.NUMERICAL:
        numerical = (q.numerical_min, q.numerical_exact, q.numerical_max)
    return {
        "type": q.type,
        "text": q.question_raw,
        "title": q.title_raw,
        "points": float(q.points_possible),
        "choices": [(c.choice_raw, c.correct, c.feedback_raw) for c in q.choices],
        "feedback": (q.feedback_raw, q.correct_feedback_raw, q.incorrect_feedback_raw),
        "numerical": numerical,
    }


def our_question(q: spec.Question) -> dict:
    numerical = None
    if q.numerical is not None:
        numerical = (q.numerical.min, q.numerical.exact, q.numerical.max)
    return {
        "type": q.type,
        "text": q.text,
        "title": q.title,
        "points": float(q.points),
        "choices": [(c.text, c.correct, c.feedback) for c in q.choices],
        "feedback": (q.feedback, q.correct_feedback, q.incorrect_feedback),
        "numerical": numerical,
    }


def their_items(quiz: t2q.Quiz) -> list:
    """text2qti keeps a flat list with group delimiters; fold it into our nesting."""
    items: list = []
    group = None
    for item in quiz.questions_and_delims:
        if isinstance(item, t2q.GroupStart):
            group = ("group", item.group.pick, float(item.group.points_per_question), [])
            items.append(group)
        elif isinstance(item, t2q.GroupEnd):
            group = None
        elif isinstance(item, t2q.TextRegion):
            items.append(("text", item.title_raw, item.text_raw))
        else:
            (group[3] if group else items).append(their_question(item))
    return items


def their_questions(quiz: t2q.Quiz) -> list[t2q.Question]:
    return [item for item in quiz.questions_and_delims if isinstance(item, t2q.Question)]


def our_items(quiz: spec.Quiz) -> list:
    items: list = []
    for item in quiz.items:
        if isinstance(item, spec.Question):
            items.append(our_question(item))
        elif isinstance(item, spec.Group):
            questions = [our_question(q) for q in item.questions]
            items.append(("group", item.pick, float(item.points_per_question), questions))
        else:
            items.append(("text", item.title, item.text))
    return items


def assert_same_question(ours: dict, theirs: dict, where: str) -> None:
    ours, theirs = dict(ours), dict(theirs)
    our_bounds, their_bounds = ours.pop("numerical"), theirs.pop("numerical")
    assert ours == theirs, where
    if their_bounds is None:
        assert our_bounds is None, where
        return
    assert our_bounds is not None, where
    for mine, reference_value in zip(our_bounds, their_bounds, strict=True):
        if reference_value is None:
            assert mine is None, where
        else:
            assert float(mine) == pytest.approx(reference_value, rel=1e-12, abs=1e-12), where


def assert_grades_as_text2qti(q: spec.Question, theirs: dict, where: str) -> None:
    """What text2qti marks right, our grader gives full points; what it marks wrong, none."""
    full = Fraction(q.points)

    def grade(answer: object) -> Fraction | None:
        return grade_question(q, answer, q.points, "all_or_nothing")

    right = frozenset(i for i, (_text, correct, _fb) in enumerate(theirs["choices"]) if correct)
    if q.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE):
        marked = [i in right for i in range(len(theirs["choices"]))]
        assert [grade(i) == full for i in range(len(q.choices))] == marked, where
    elif q.type == spec.MULTIPLE_ANSWERS:
        assert grade(right) == full, where
        assert all(grade(right ^ {i}) == 0 for i in range(len(q.choices))), where
    elif q.type == spec.SHORT_ANSWER:
        assert all(grade(text) == full for text, _correct, _fb in theirs["choices"]), where
    elif q.type == spec.NUMERICAL:
        low, exact, high = (None if v is None else Decimal(repr(v)) for v in theirs["numerical"])
        scale = max(abs(low), abs(high), Decimal(1))  # text2qti's bounds are floats: step past their rounding
        middle, eps = (low + high) / 2, scale * Decimal("1e-12")
        inside = [min(low + eps, middle), max(high - eps, middle), *([exact] if exact is not None else [])]
        outside = [low - scale * Decimal("1e-9"), high + scale * Decimal("1e-9")]
        assert [grade(v) for v in inside + outside] == [full] * len(inside) + [0, 0], where


def test_the_corpus_is_big_enough():
    assert len(corpus("valid")) >= 30
    assert len(corpus("invalid")) >= 15
    assert len(corpus("letp_invalid")) >= 3
    assert len(corpus("letp_valid")) >= 2
    assert len([p for p in NATIVE if ROOT / "quizzes" in p.parents]) >= 30  # the course and its translations


@pytest.mark.parametrize("path", corpus("valid"), ids=lambda p: p.name)
def test_valid_file_agrees_with_text2qti(path):
    assert_agrees_with_text2qti(path, reference(path.read_text("utf-8")))


@pytest.mark.parametrize("path", NATIVE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_native_quiz_agrees_with_text2qti_where_it_reads_it(path, monkeypatch):
    monkeypatch.chdir(path.parent)  # text2qti reads images relative to the working folder
    quiz, problems = parse_quiz(without_stamp(path.read_text("utf-8")), path.name)
    assert problems == [], [str(p) for p in problems]
    try:
        theirs = reference(path.read_text("utf-8"))
    except Text2qtiError as refused:
        assert any(q.type in EXTENSIONS for q in quiz.questions()), f"text2qti refuses a plain file: {refused}"
        return
    assert_agrees_with_text2qti(path, theirs)


@pytest.mark.parametrize("path", corpus("letp_valid"), ids=lambda p: p.name)
def test_letp_extensions_are_refused_by_text2qti_and_read_by_letp(path):
    text = path.read_text("utf-8")
    quiz, problems = parse_quiz(text, path.name)
    assert problems == [] and any(q.type in EXTENSIONS for q in quiz.questions())
    with pytest.raises(Text2qtiError, match="Syntax error"):
        reference(text)


EXTENSION_LINES = [
    ("<>  bc1q -> Bitcoin\n<>  0x74 -> Ethereum\n<>  -> Tron", spec.MATCHING),
    ("1)  Photograph the screen\n2)  Isolate the device", spec.ORDERING),
]


@pytest.mark.parametrize(("line", "kind"), EXTENSION_LINES)
def test_one_extension_line_is_enough_for_text2qti_to_refuse(line, kind):
    text = f"Quiz title: Extension\n\n1.  Which?\n{line}\n"
    quiz, problems = parse_quiz(text, "extension.md")
    assert problems == [] and [q.type for q in quiz.questions()] == [kind]
    with pytest.raises(Text2qtiError, match="Syntax error"):
        reference(text)


def assert_agrees_with_text2qti(path: Path, theirs: t2q.Quiz) -> None:
    text = without_stamp(path.read_text("utf-8"))  # a translation's stamp is read by the catalog, not the quiz
    quiz, problems = parse_quiz(text, path.name)
    assert problems == []

    # Without a `Quiz title:` line text2qti has none (its QTI says "Quiz"); LETP names the quiz after
    # its file, as documented (format.fallback_title).
    front_title = split(text).meta.get("title")
    assert quiz.title == (theirs.title_raw if theirs.title_raw is not None else fallback_title(front_title, path.name))
    assert quiz.description == theirs.description_raw
    assert quiz.options == spec.Options(
        shuffle_answers=theirs.shuffle_answers_xml == "true",
        show_correct_answers=theirs.show_correct_answers_xml == "true",
        one_question_at_a_time=theirs.one_question_at_a_time_xml == "true",
        cant_go_back=theirs.cant_go_back_xml == "true",
    )
    ours_items, their_list = our_items(quiz), their_items(theirs)
    assert len(ours_items) == len(their_list)
    for index, (mine, reference_item) in enumerate(zip(ours_items, their_list, strict=True)):
        where = f"{path.name}, item {index + 1}"
        if isinstance(reference_item, dict):
            assert isinstance(mine, dict), where
            assert_same_question(mine, reference_item, where)
        elif reference_item[0] == "group":
            assert mine[:3] == reference_item[:3], where
            assert len(mine[3]) == len(reference_item[3]), where
            for number, (q, r) in enumerate(zip(mine[3], reference_item[3], strict=True)):
                assert_same_question(q, r, f"{where}, group question {number + 1}")
        else:
            assert mine == reference_item, where
    for number, (q, r) in enumerate(zip(quiz.questions(), their_questions(theirs), strict=True)):
        assert_grades_as_text2qti(q, their_question(r), f"{path.name}, question {number + 1}")

    # text2qti 0.8.0 adds a group's questions to the total as well as pick x points; we count them once.
    grouped = sum(q.points_possible for g in theirs.questions_and_delims if isinstance(g, t2q.GroupStart)
                  for q in g.group.questions)  # fmt: skip
    assert float(quiz.questions_possible) == pytest.approx(theirs.points_possible - grouped)


def expectation(text: str) -> tuple[int, str]:
    match = EXPECT.search(text)
    assert match, "each rejected corpus file names its expected problem: '% expect LINE: words'"
    return int(match.group(1)), match.group(2)


def assert_rejected_with_expected_problem(path: Path) -> None:
    text = path.read_text("utf-8")
    line, fragment = expectation(text)
    quiz, problems = parse_quiz(text, path.name)
    assert quiz is None
    assert problems, path.name
    assert all(p.path == path.name and p.line >= 1 and p.message for p in problems)
    assert any(p.line == line and fragment in p.message for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize("path", corpus("invalid"), ids=lambda p: p.name)
def test_invalid_file_is_rejected_by_both(path):
    with pytest.raises(Text2qtiError):
        reference(path.read_text("utf-8"))
    assert_rejected_with_expected_problem(path)


@pytest.mark.parametrize("path", corpus("letp_invalid"), ids=lambda p: p.name)
def test_letp_rejects_its_deliberate_differences(path):
    assert_rejected_with_expected_problem(path)
