"""Our quiz parser against text2qti 0.8.0, the reference, on the corpus in tests/fixtures/quizzes/corpus.

valid/: both accept, and agree question by question on the raw Markdown fields.
invalid/: both reject; ours names the line and the problem given in the file's `% expect N: ...` line.
letp_invalid/: files LETP rejects on purpose (front matter, uploads, executed code...); text2qti may accept.
"""

import re
from pathlib import Path

import pytest
import text2qti.quiz as t2q
from text2qti.config import Config
from text2qti.err import Text2qtiError

from lms.content.frontmatter import split
from lms.quizzes import spec
from lms.quizzes.format import fallback_title, parse_quiz

CORPUS = Path(__file__).parents[1] / "fixtures" / "quizzes" / "corpus"
EXPECT = re.compile(r"^[%#] expect (\d+): (.+)$", re.MULTILINE)


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


def test_the_corpus_is_big_enough():
    assert len(corpus("valid")) >= 30
    assert len(corpus("invalid")) >= 15
    assert len(corpus("letp_invalid")) >= 3


@pytest.mark.parametrize("path", corpus("valid"), ids=lambda p: p.name)
def test_valid_file_agrees_with_text2qti(path):
    text = path.read_text("utf-8")
    quiz, problems = parse_quiz(text, path.name)
    assert problems == []
    theirs = reference(text)

    # Without a `Quiz title:` line text2qti has none (its QTI says "Quiz"); LETP names the quiz after
    # its file, as documented (format.fallback_title).
    assert quiz.title == (theirs.title_raw if theirs.title_raw is not None else fallback_title(None, path.name))
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
