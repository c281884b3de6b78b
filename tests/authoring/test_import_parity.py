"""Issue 20: what text2qti, Moodle's GIFT reader and Moodle's Aiken reader accept, LETP reads too.

Each case is written from the format's documentation (text2qti's README, Moodle's GIFT and Aiken
pages), with our own fixtures."""

from __future__ import annotations

import pytest

from lms.authoring.aiken import AikenError, aiken_to_native
from lms.authoring.gift import gift_to_native
from lms.quizzes.format import parse_quiz

BODY = "1.  Which record shows who controls an exchange account?\n*a) KYC records\nb)  The block height\n"


@pytest.mark.parametrize(
    ("text", "path", "title"),
    [
        (BODY, "quizzes/course/evidence-basics.md", "Evidence basics"),  # the slug made readable
        ("---\ntitle: Records at exchanges\n---\n" + BODY, "quizzes/course/x.md", "Records at exchanges"),
        (BODY, "<quiz>", "Quiz"),  # text2qti's own default
        ("Quiz title: Named in the body\n\n" + BODY, "quizzes/course/x.md", "Named in the body"),
    ],
)
def test_a_quiz_without_a_title_line_is_read_as_text2qti_reads_it(text, path, title):
    quiz, problems = parse_quiz(text, path)
    assert problems == [] and quiz is not None and quiz.title == title


def test_gift_numerical_with_wrong_answer_feedback_and_no_equals_sign():
    native, losses = gift_to_native("What is 5? {#3:2 ~#Completely wrong}\n")
    quiz, problems = parse_quiz(native)
    assert problems == [] and losses == []
    [question] = quiz.questions()
    assert (question.numerical.min, question.numerical.max) == (1, 5)
    assert question.incorrect_feedback == "Completely wrong"


def test_gift_tilde_equals_reads_the_equals_choice_as_right_with_a_note():
    native, losses = gift_to_native("Which confirms a transfer? {~=A block that includes it ~A screenshot}\n")
    quiz, _problems = parse_quiz(native)
    [question] = quiz.questions()
    assert [(c.text, c.correct) for c in question.choices] == [("A block that includes it", True),
                                                               ("A screenshot", False)]  # fmt: skip
    assert [loss.message.startswith("'~=' read as Moodle reads it") for loss in losses] == [True]


def test_gift_short_answer_catch_all_becomes_the_incorrect_answer_feedback():
    native, losses = gift_to_native(
        "Abbreviation for know your customer? {=KYC =%0%*#It is KYC: know your customer.}\n"
    )
    quiz, _problems = parse_quiz(native)
    [question] = quiz.questions()
    assert [c.text for c in question.choices] == ["KYC"]
    assert question.incorrect_feedback == "It is KYC: know your customer."
    assert losses == []


def test_gift_general_feedback_is_after_the_last_four_hashes():
    native, _losses = gift_to_native("Freeze first? {T#Keep in mind: #### is not a heading####Funds move fast.}\n")
    quiz, _problems = parse_quiz(native)
    [question] = quiz.questions()
    assert question.feedback == "Funds move fast."


AIKEN = """Which record names the account holder?
A)KYC records
B)The block height
ANSWER: A

Which record names the account holder?
A. KYC records
B. Login history
ANSWER: A

Which of these is a stablecoin?
A. USDT
B. USDT
ANSWER: A

A.I. tools label addresses. What are the labels?
A. Leads to check
B. Proof
ANSWER: A
"""


def test_aiken_skips_what_a_native_quiz_refuses_and_keeps_the_rest_with_source_lines():
    native, losses = aiken_to_native(AIKEN)
    quiz, problems = parse_quiz(native)
    assert problems == []
    assert [q.text for q in quiz.questions()] == ["Which record names the account holder?",
                                                  "A.I. tools label addresses. What are the labels?"]  # fmt: skip
    assert [(loss.line, loss.message.split(",")[0]) for loss in losses] == [
        (6, "repeats an earlier question"),
        (11, "has two choices with the same text"),
    ]


def test_aiken_with_nothing_left_is_still_refused():
    with pytest.raises(AikenError, match="line 1: has two choices with the same text"):
        aiken_to_native("Pick one\nA. Same\nB. Same\nANSWER: A\n")
