"""GIFT to native, one construct at a time: what each becomes, and which Loss it reports."""

from decimal import Decimal

import pytest

from lms.authoring.gift import DEFAULT_TITLE, Loss, gift_to_native
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

MC, TF, MA, SA, NUM, ESSAY = (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE, spec.MULTIPLE_ANSWERS, spec.SHORT_ANSWER,
                              spec.NUMERICAL, spec.ESSAY)  # fmt: skip


def convert(gift: str) -> tuple[spec.Quiz, list[Loss]]:
    native, losses = gift_to_native(gift)
    quiz, problems = parse_quiz(native, "converted.md")
    assert problems == [], (native, [str(p) for p in problems])
    return quiz, losses


def choices(q: spec.Question) -> list[tuple[str, bool]]:
    return [(c.text, c.correct) for c in q.choices]


# gift, type, choices (text, correct), loss fragment (None: no loss at all)
QUESTIONS = [
    ("Pick one {=right ~wrong ~other}", MC, [("right", True), ("wrong", False), ("other", False)], None),
    ("Seals matter. {T}", TF, [("True", True), ("False", False)], None),
    ("Seals matter. {TRUE}", TF, [("True", True), ("False", False)], None),
    ("Hashes drift. {F}", TF, [("True", False), ("False", True)], None),
    ("Hashes drift. {FALSE}", TF, [("True", False), ("False", True)], None),
    ("Which? {~%50%a ~%50%b ~%-100%c}", MA, [("a", True), ("b", True), ("c", False)], None),
    ("Which? {~%50%a ~%50%b ~c}", MA, [("a", True), ("b", True), ("c", False)], None),
    ("Which? {~%70%a ~%30%b ~%0%c}", MA, [("a", True), ("b", True), ("c", False)], "equal shares of 100%"),
    (
        "Which? {~%50%a ~%50%b ~%-100%c ~%0%d}",
        MA,
        [("a", True), ("b", True), ("c", False), ("d", False)],
        "equal shares",
    ),
    ("Name it {=cat =Cat}", SA, [("cat", True), ("Cat", True)], None),
    ("Name it {=cat}", SA, [("cat", True)], None),
    ("Name it {=cat =cat =Cat}", SA, [("cat", True), ("Cat", True)], None),
    ("Name it {cat}", SA, [("cat", True)], None),
    ("Name it {=%100%cat =%50%kitten}", SA, [("cat", True)], "dropped: 'kitten' (50%)"),
    ("Best? {=a ~%50%b ~c}", MC, [("a", True), ("b", False), ("c", False)], "now wrong choices: 'b' (50%)"),
    ("Best? {=a =b ~c}", MC, [("a", True), ("b", False), ("c", False)], "a second full-credit answer"),
    ("Explain. {}", ESSAY, [], None),
    ("The {=cat ~dog} sat.", MC, [("cat", True), ("dog", False)], "missing-word question"),
]


@pytest.mark.parametrize(("gift", "kind", "expected", "loss"), QUESTIONS, ids=[row[0] for row in QUESTIONS])
def test_question_types(gift, kind, expected, loss):
    quiz, losses = convert(gift)
    (question,) = quiz.questions()
    assert question.type == kind
    assert choices(question) == expected
    if loss is None:
        assert losses == []
    else:
        assert any(loss in item.message for item in losses), [str(item) for item in losses]


# gift, (min, exact, max)
NUMBERS = [
    ("Bits in a byte? {#8}", ("8", "8", "8")),
    ("Pi? {#3.14:0.005}", ("3.135", "3.14", "3.145")),
    ("Half? {#0.5}", ("0.5", "0.5", "0.5")),
    ("Days? {#3..7}", ("3", None, "7")),
    ("Days? {#7..3}", ("3", None, "7")),
    ("Cold? {#-20..-5}", ("-20", None, "-5")),
    ("Year? {#=2001:0#Exactly. =%50%2001:1#Close.}", ("2001", "2001", "2001")),
    ("Hour? {#=60#Right. ~#Sixty.}", ("60", "60", "60")),
]


@pytest.mark.parametrize(("gift", "bounds"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_numerical_bounds(gift, bounds):
    quiz, _losses = convert(gift)
    (question,) = quiz.questions()
    assert question.type == NUM
    low, exact, high = (None if b is None else Decimal(b) for b in bounds)
    assert (question.numerical.min, question.numerical.exact, question.numerical.max) == (low, exact, high)


def test_numerical_feedback_and_partial_answers():
    quiz, losses = convert("Year? {#=2001:0#Exactly. =%50%2001:1#Close. ~#Check the treaty.}")
    (question,) = quiz.questions()
    assert (question.correct_feedback, question.incorrect_feedback) == ("Exactly.", "Check the treaty.")
    assert [loss.message for loss in losses] == ["the partial-credit answer '2001:1' (50%) has no native form; dropped"]


@pytest.mark.parametrize(
    ("gift", "fragment"),
    [
        ("Zero? {#0}", "no full-credit number"),
        ("Around zero? {#-1..0}", "no full-credit number"),
        ("Words? {#ten}", "no full-credit number"),
        ("Two ranges? {#=2 =-2}", "accepts one range; kept the first"),
        ("Wrong value? {#=5 ~4#Close.}", "feedback for the wrong answer '4'"),
    ],
)
def test_numerical_losses(gift, fragment):
    _native, losses = gift_to_native(gift)
    assert any(fragment in loss.message for loss in losses), [str(loss) for loss in losses]


def test_feedback_goes_where_moodle_shows_it():
    quiz, losses = convert(
        "::Q:: Pick {=a#Yes. ~b#No. ####Because.}\n\n::T:: True? {T#Shown when wrong.#Shown when right.}\n\n"
        "::F:: False? {F#Shown when wrong.#Shown when right.}\n\n::S:: Name {=x#Good. =y#Good.}"
    )
    pick, true, false, short = quiz.questions()
    assert [(c.text, c.feedback) for c in pick.choices] == [("a", "Yes."), ("b", "No.")]
    assert pick.feedback == "Because."
    assert [(c.text, c.correct, c.feedback) for c in true.choices] == [
        ("True", True, "Shown when right."), ("False", False, "Shown when wrong.")]  # fmt: skip
    assert [(c.text, c.correct, c.feedback) for c in false.choices] == [
        ("True", False, "Shown when wrong."), ("False", True, "Shown when right.")]  # fmt: skip
    assert short.correct_feedback == "Good."
    assert losses == []


def test_titles_comments_and_escapes():
    gift = ("// title: Evidence \\: basics\n// a comment\n::Seal\\: rules:: Which symbol? "
            "{=\\= ~\\~ ~\\# ~\\{\\}} // trailing comment\n\n// between\nA \\: B {T}")  # fmt: skip
    quiz, losses = convert(gift)
    first, second = quiz.questions()
    assert quiz.title == "Evidence \\: basics"  # a comment is not GIFT text, so it is not unescaped
    assert (first.title, first.text) == ("Seal: rules", "Which symbol?")
    assert [c.text for c in first.choices] == ["=", "~", "#", "{}"]
    assert second.text == "A : B"
    assert losses == []


def test_default_title_and_newline_escape():
    quiz, _losses = convert("Line one\\nline two {T}")
    assert quiz.title == DEFAULT_TITLE
    assert quiz.questions()[0].text == "Line one\nline two"


@pytest.mark.parametrize(
    ("gift", "text", "fragment"),
    [
        ("[markdown]Is **this** bold?\n- a list {T}", "Is **this** bold?\n- a list", None),
        ("[html]<p>Is <b>this</b> bold?</p>{T}", "<p>Is <b>this</b> bold?</p>", "HTML tags are kept"),
        ("Is <b>this</b> bold? {T}", "Is <b>this</b> bold?", "HTML tags are kept"),
        ("[html]Plain words only {T}", "Plain words only", None),
        ("[plain]Is a*b [x] literal? {T}", "Is a\\*b \\[x\\] literal?", None),
        ("[moodle]Several\n   lines   here {T}", "Several lines here", None),
    ],
)
def test_format_tags(gift, text, fragment):
    quiz, losses = convert(gift)
    assert quiz.questions()[0].text == text
    assert [fragment in loss.message for loss in losses] == ([True] if fragment else [])


@pytest.mark.parametrize(
    ("gift", "fragment"),
    [
        ("$CATEGORY: $course$/Evidence\n\nKept? {T}", "categories are not kept"),
        ("::M:: Match {=a -> 1 =b}\n\nKept? {T}", "a matching line has no '->'"),
        ("::M:: Match {=a -> 1 = -> 2}\n\nKept? {T}", "at least two prompts"),
        ("::D:: Only words here.\n\nKept? {T}", "it became a 'Text:' region"),
        ("Broken { =a ~b\n\nKept? {T}", "exactly one answer block"),
        ("Two {=a ~b} blocks {=c ~d}\n\nKept? {T}", "exactly one answer block"),
        ("::Unclosed title {T}\n\nKept? {T}", "no closing '::'"),
        ("{=a ~b}\n\nKept? {T}", "no question text"),
        ("None right? {~a ~b}\n\nKept? {T}", "none is right"),
        ("Partial only? {=%50%a ~b}\n\nKept? {T}", "no choice earns full credit"),
        ("One choice? {~%100%a}\n\nKept? {T}", "at least two"),
        ("Kept? {F}\n\nKept? {T}", "repeats an earlier question"),
        ("Same? {=a ~a}\n\nKept? {T}", "has two choices alike"),
    ],
)
def test_what_cannot_be_carried_is_reported(gift, fragment):
    quiz, losses = convert(gift)
    assert any(fragment in loss.message for loss in losses), [str(loss) for loss in losses]
    assert quiz.questions()[-1].text == "Kept?"


def test_description_becomes_a_text_region_and_keeps_order():
    quiz, _losses = convert("::Intro:: The next part is on seals.\n\n::Part two::\n\nSeals matter. {T}")
    region, heading, question = quiz.items
    assert (region.title, region.text) == ("Intro", "The next part is on seals.")
    assert (heading.title, heading.text) == ("Part two", None)
    assert question.text == "Seals matter."


def test_loss_names_line_and_title():
    _native, losses = gift_to_native("// header\n\n\n::Match it:: M {=a -> 1 =b}\n")
    (loss,) = losses
    assert (loss.line, loss.title) == (4, "Match it")
    assert str(loss) == ('line 4: "Match it": a matching line has no \'->\' (write \'=prompt -> answer\'), and Moodle '
                         "refuses such a question too; skipped")  # fmt: skip


def test_untitled_losses_name_the_start_of_the_question():
    _native, losses = gift_to_native("Which weights apply here today? {~%70%a ~%30%b}")
    assert losses[0].title == "Which weights apply here today?"


def pairs(q: spec.Question) -> list[tuple[str | None, str]]:
    return [(p.prompt, p.answer) for p in q.pairs]


# gift, pairs (prompt, answer; None: an answer that matches no prompt), loss fragment (None: no loss at all)
MATCHING = [
    ("Match {=a -> 1 =b -> 2}", [("a", "1"), ("b", "2")], None),
    ("Capitals? {=Canada->Ottawa =Italy->Rome}", [("Canada", "Ottawa"), ("Italy", "Rome")], None),
    ("Match {=a -> 1 =b -> 2 = -> 3}", [("a", "1"), ("b", "2"), (None, "3")], None),
    ("Match {=a -> 1 =b -> 1 =c -> 2}", [("a", "1"), ("b", "1"), ("c", "2")], None),  # two prompts, one answer
    ("Match {a -> 1 =b -> 2}", [("a", "1"), ("b", "2")], None),  # Moodle: text before the first '=' is a pair
    ("Match {=a -> 1 -> x =b -> 2}", [("a", "1 -> x"), ("b", "2")], None),  # split at the first arrow
    ("Match {=a \\= b -> 1 \\# \\{ =c -> 2}", [("a = b", "1 # {"), ("c", "2")], None),
    ("Match {=[markdown]**a** -> 1 =b -> 2}", [("**a**", "1"), ("b", "2")], None),
    ("Match {=a -> 1 =b -> 2 = -> 1 = -> 3 = -> 3}", [("a", "1"), ("b", "2"), (None, "3")], None),  # each once
    ("Match {=a -> 1 =b -> 2 = -> }", [("a", "1"), ("b", "2")], None),
    ("Match {=a -> 1#Yes. =b -> 2}", [("a", "1"), ("b", "2")], "matching pairs take no feedback"),
    ("Match {=a -> 1 =b -> =c -> 3}", [("a", "1"), ("c", "3")], "the prompt 'b' has no answer"),
    ("Match {=a -> 1 =a -> 2 =c -> 3}", [("a", "1"), ("c", "3")], "the prompt 'a' repeats an earlier one"),
]


@pytest.mark.parametrize(("gift", "expected", "loss"), MATCHING, ids=[row[0] for row in MATCHING])
def test_matching_is_carried_as_native_pairs(gift, expected, loss):
    quiz, losses = convert(gift)
    (question,) = quiz.questions()
    assert question.type == spec.MATCHING
    assert pairs(question) == expected
    if loss is None:
        assert losses == []
    else:
        assert any(loss in item.message for item in losses), [str(item) for item in losses]


def test_matching_keeps_title_and_general_feedback_as_native_lines():
    native, losses = gift_to_native("::Networks:: Match each address. {\n\t=bc1q -> Bitcoin\n\t=0x74 -> Ethereum\n"
                                    "\t= -> Tron\n\t####Prefixes tell.\n}\n")  # fmt: skip
    assert losses == []
    assert native.endswith("Title: Networks\n1.  Match each address.\n... Prefixes tell.\n<>  bc1q -> Bitcoin\n"
                           "<>  0x74 -> Ethereum\n<>  -> Tron\n")  # fmt: skip
    quiz, _problems = parse_quiz(native, "converted.md")
    assert (quiz.questions()[0].title, quiz.questions()[0].feedback) == ("Networks", "Prefixes tell.")
