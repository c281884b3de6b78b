"""Matching and ordering questions (LETP's extension of the format): reading, delivering, answering
and grading them, and what the checker says about a file that gets them wrong."""

from decimal import Decimal
from fractions import Fraction

import pytest

from lms.authoring.regrade import shape_problem
from lms.quizzes import answers, spec
from lms.quizzes.equivalence import differences
from lms.quizzes.format import parse_quiz
from lms.quizzes.grading import grade_attempt, grade_question, rows_right
from lms.quizzes.layout import build_layout, dump, load

MATCHING = """Quiz title: Pairs

1.  Match each address to its network.
<>  bc1q -> Bitcoin
<>  0x74 -> Ethereum
<>  3J98 -> Bitcoin
<>  -> Monero
"""
ORDERING = """Quiz title: Order

1.  Put the steps in order.
... Photograph first.
1)  Photograph the screen
2)  Isolate the phone
    from the network
3)  Seal the bag
"""


def parse(text: str) -> spec.Quiz:
    quiz, problems = parse_quiz(text, "quiz.md")
    assert problems == [], [str(p) for p in problems]
    return quiz


def problems_of(text: str) -> list[str]:
    quiz, problems = parse_quiz(text, "quiz.md")
    assert quiz is None
    return [f"{p.line}: {p.message}" for p in problems]


def test_matching_lines_become_pairs_options_and_a_key():
    question = parse(MATCHING).questions()[0]
    assert question.type == spec.MATCHING
    assert question.pairs == (spec.Pair("bc1q", "Bitcoin"), spec.Pair("0x74", "Ethereum"),
                              spec.Pair("3J98", "Bitcoin"), spec.Pair(None, "Monero"))  # fmt: skip
    assert question.prompts() == ("bc1q", "0x74", "3J98")
    assert question.options() == ("Bitcoin", "Ethereum", "Monero")
    assert question.key() == (0, 1, 0)
    assert question.distractors() == (2,)


def test_an_arrow_without_spaces_stays_text_and_a_prompt_may_hold_an_escaped_arrow():
    question = parse("1.  Which?\n<>  a->b -> c\n<>  x -\\> y -> z\n").questions()[0]
    assert question.pairs == (spec.Pair("a->b", "c"), spec.Pair("x -\\> y", "z"))


def test_ordering_items_are_choices_in_their_right_order():
    question = parse(ORDERING).questions()[0]
    assert question.type == spec.ORDERING
    assert [c.text for c in question.choices] == ["Photograph the screen", "Isolate the phone\nfrom the network",
                                                  "Seal the bag"]  # fmt: skip
    assert all(c.correct for c in question.choices) and question.feedback == "Photograph first."


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("1.  Q?\n<>  a -> 1\n", "needs at least two prompts"),
        ("1.  Q?\n<>  a -> 1\n<>  -> 2\n", "needs at least two prompts"),
        ("1.  Q?\n<>  a = 1\n<>  b -> 2\n", "write a matching line as '<> prompt -> answer'"),
        ("1.  Q?\n<>  a ->  \n<>  b -> 2\n", "write a matching line as"),
        ("1.  Q?\n<>  a  b -> 1\n<>  a b -> 2\n", "this prompt repeats the one on line 4"),
        ("1.  Q?\n<>  a -> 1\n<>  b -> 2\n<>  -> 1\n", "the answer '1' is already on line 4"),
        ("1.  Q?\n<>  a -> 1\n*a) b\n", "already has matching pairs ('<>' lines) from line 4"),
        ("1.  Q?\n1)  a\n", "needs at least two items"),
        ("1.  Q?\n1)  a\n3)  b\n", "this one should be 2) where it is 3)"),
        ("1.  Q?\n2)  a\n1)  b\n", "this one should be 1) where it is 2)"),
        ("1.  Q?\n1)  a\n2)  a\n", "this answer repeats the one on line 4"),
        ("1.  Q?\n1)  a\n... why\n2)  b\n", "items to put in order cannot have feedback of their own"),
        ("<>  a -> 1\n", "a matching pair needs a question above it"),
        ("1)  a\n", "an item to put in order needs a question above it"),
        ("1.  Q?\n1)a\n2)  b\n", "put a space between '1)' and the text after it"),
    ],
)
def test_mistakes_are_reported_with_their_line(body, fragment):
    found = problems_of("Quiz title: Bad\n\n" + body)
    assert any(fragment in message for message in found), found


def layout_of(quiz: spec.Quiz, seed: int):
    return build_layout(quiz, seed)


def test_answers_and_items_are_always_shuffled_and_an_order_is_never_shown_right():
    matching, ordering = parse(MATCHING), parse(ORDERING)
    option_orders = {layout_of(matching, seed)[0].choices for seed in range(40)}
    assert len(option_orders) > 1 and all(sorted(order) == [0, 1, 2] for order in option_orders)
    assert {layout_of(matching, seed)[0].prompts for seed in range(40)} == {(0, 1, 2)}  # file order by default
    item_orders = {layout_of(ordering, seed)[0].choices for seed in range(200)}
    assert (0, 1, 2) not in item_orders and len(item_orders) == 5
    shuffled = parse(MATCHING.replace("Quiz title: Pairs\n", "Quiz title: Pairs\nshuffle answers: true\n"))
    assert len({layout_of(shuffled, seed)[0].prompts for seed in range(40)}) > 1


def test_a_layout_with_prompts_survives_storage_and_an_old_one_still_loads():
    layout = layout_of(parse(MATCHING), 7)
    assert load(dump(layout)) == layout
    assert load([{"item": 0, "member": None, "choices": [1, 0], "text": False}])[0].prompts == ()


def form_for(slot, index: int, picks: dict[int, int]) -> list[str]:
    """The selects as a browser sends them: one value per row, "" where nothing is chosen."""
    rows = len(slot.prompts) if slot.prompts else len(slot.choices)
    return [answers.select_value(index, row, picks[row]) if row in picks else "" for row in range(rows)]


def test_matching_selects_are_stored_by_file_order_and_graded_per_prompt():
    quiz = parse(MATCHING)
    layout = layout_of(quiz, 3)
    slot = layout[0]
    position_of = {option: slot.choices.index(option) for option in range(3)}
    # Bitcoin for bc1q (right), Monero for 0x74 (wrong), nothing for 3J98.
    values = form_for(slot, 0, {slot.prompts.index(0): position_of[0], slot.prompts.index(1): position_of[2]})
    stored = answers.parse(quiz, layout, [0], {0: values})[0]
    assert stored == {"matches": [0, 2, None]}
    question = quiz.questions()[0]
    assert grade_question(question, answers.for_grading(question, stored), Decimal(3), "all_or_nothing") == 1
    assert rows_right(question, answers.for_grading(question, stored)) == (0,)
    everything = {"matches": [0, 1, 0]}
    assert grade_question(question, answers.for_grading(question, everything), Decimal(3), "x") == 3
    assert answers.selected(slot, stored) == {slot.prompts.index(0): position_of[0],
                                              slot.prompts.index(1): position_of[2]}  # fmt: skip
    assert answers.parse(quiz, layout, [0], {0: ["", "", ""]})[0] is None


def test_ordering_selects_are_stored_as_places_and_graded_per_position():
    quiz = parse(ORDERING)
    layout = layout_of(quiz, 11)
    slot = layout[0]
    # Item 0 in place 0 (right), item 1 in place 2 and item 2 in place 1 (both wrong).
    values = form_for(slot, 0, {slot.choices.index(0): 0, slot.choices.index(1): 2, slot.choices.index(2): 1})
    stored = answers.parse(quiz, layout, [0], {0: values})[0]
    assert stored == {"places": [0, 2, 1]}
    question = quiz.questions()[0]
    score = grade_question(question, answers.for_grading(question, stored), Decimal(2), "all_or_nothing")
    assert score == Fraction(2, 3)
    assert grade_question(question, answers.for_grading(question, {"places": [0, 1, 2]}), Decimal(2), "x") == 2
    same_place = {"places": [0, 0, 0]}  # a select cannot stop two items taking one place: one is right
    assert grade_question(question, answers.for_grading(question, same_place), Decimal(2), "x") == Fraction(2, 3)
    grade = grade_attempt(quiz, layout, {0: stored}, {})
    assert grade.earned == Fraction(1, 3) and not grade.passed


@pytest.mark.parametrize(
    "values",
    [
        ["0-0-9"],  # no such answer
        ["0-9-0"],  # no such row
        ["1-0-0"],  # another question's
        ["0-0"],  # a choice's shape
        ["0-0-0", "0-0-1"],  # one row twice
        ["0-0-x"],
    ],
)
def test_values_no_page_could_send_are_refused(values):
    quiz = parse(MATCHING)
    with pytest.raises(answers.BadAnswer):
        answers.parse(quiz, layout_of(quiz, 1), [0], {0: values})


def test_a_translation_must_keep_the_matching_key():
    source = parse(MATCHING)
    same = parse(MATCHING.replace("Bitcoin", "Bitcóin").replace("Match each", "Empareja cada"))
    assert differences(source, same, "es.md", "en.md") == []
    moved = parse(MATCHING.replace("<>  3J98 -> Bitcoin", "<>  3J98 -> Ethereum"))
    found = differences(source, moved, "es.md", "en.md")
    assert len(found) == 1 and "matching lines differ" in found[0].message


def test_regrade_refuses_a_matching_question_whose_answers_changed_in_number():
    old = parse(MATCHING)
    new = parse(MATCHING.replace("<>  -> Monero\n", ""))
    assert shape_problem(old, new, layout_of(old, 1)) is not None
    assert shape_problem(old, parse(MATCHING.replace("Monero", "Zcash")), layout_of(old, 1)) is None
