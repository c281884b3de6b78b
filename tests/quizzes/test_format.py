"""The quiz file parser: settings, body constructs, and every problem with its file line."""

from datetime import datetime
from decimal import Decimal

import pytest

from lms.content.problems import Problem
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

HEAD = "Quiz title: T\n"
SINGLE = "1. Q?\n*a) A\nb) B\n"


def parse_ok(text: str) -> spec.Quiz:
    quiz, problems = parse_quiz(text, "q.md")
    assert problems == [], [str(p) for p in problems]
    assert quiz is not None
    return quiz


def lines_and_messages(text: str) -> list[tuple[int, str]]:
    quiz, problems = parse_quiz(text, "q.md")
    assert quiz is None
    assert all(isinstance(p, Problem) and p.path == "q.md" for p in problems)
    return [(p.line, p.message) for p in problems]


FM = "---\npass_percent: 80\nmax_attempts: 2\n---\n"  # the body starts on file line 5


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # front matter shifts every body line; the lines below are file lines
        (FM + HEAD + "1. Q?\na) A\nb) B\n", 6, "no choice is marked correct; mark the right one like '*a)'"),
        (FM + HEAD + "1. Q?\n*a) A\n*b) B\n", 6, "exactly one correct choice"),
        (FM + HEAD + "1. Q?\n*a) A\n", 6, "at least two choices"),
        (FM + HEAD + "1. Q?\n[ ] A\n[ ] B\n", 6, "mark the right one like '[*]'"),
        (FM + HEAD + "1. Q?\n", 6, "the question has no answers"),
        (FM + HEAD + "1. Q?\n*a) A\nb) B\nc) A\n", 9, "repeats the one on line 7"),
        (FM + HEAD + "1. Q?\n*a) A\nb) B\n2.   Q?\n*a) C\nb) D\n", 9, "this question repeats the one on line 6"),
        (FM + HEAD + "Points: 0.3\n" + SINGLE, 6, "'Points:' must be a positive whole or half number"),
        (FM + HEAD + "Points: 2\nPoints: 3\n" + SINGLE, 7, "already has 'Points:' on line 6"),
        (FM + HEAD + "Points: 2\nTitle: X\n" + SINGLE, 7, "'Title:' must come before 'Points:'"),
        (FM + HEAD + "Title: X\n\n" + SINGLE, 7, "expected the question that 'Title:' on line 6 belongs to"),
        (FM + HEAD + SINGLE + "Title: X\n", 9, "'Title:' or 'Points:' with no question after it"),
        (FM + HEAD + "1. Q?\n= 3\n= 4\n", 8, "already has a numerical answer ('=' line) on line 7"),
        (
            FM + HEAD + "1. Q?\n*a) A\n[ ] B\nb) C\n",
            8,
            "already has single-choice answers ('a)' and '*a)' lines) from line 7",
        ),
        (FM + HEAD + "1. Q?\n___\n___\n", 8, "already has an essay response"),
        (FM + HEAD + "1. Q?\n___\n... Late.\n", 8, "general feedback ('...') must come right after the question text"),
        (FM + HEAD + "1. Q?\n= 4\n+ Late.\n", 8, "must come before the question's answers; move it above line 7"),
        (FM + HEAD + "1. Q?\n... One.\n... Two.\n*a) A\nb) B\n", 8, "already has general feedback ('...') on line 7"),
        (
            FM + HEAD + "1. Q?\n*a) A\n... One.\n... Two.\nb) B\n",
            9,
            "the answer on line 7 already has feedback on line 8",
        ),
        (FM + HEAD + "1. Q?\n*   yes\n... Nice.\n", 8, "short answers cannot have feedback of their own"),
        (FM + HEAD + "1. Q?\n- Wrong.\n___\n", 8, "an essay question cannot have '+' or '-' feedback"),
        (FM + HEAD + "1. Q?\n^^^\n", 7, "file-upload questions ('^^^') are not supported"),
        (FM + HEAD + "1. Q?\n= 2.5\n", 7, "'2.5' is not a numerical answer this format accepts"),
        (FM + HEAD + "1. Q?\n= [3, 1]\n", 7, "smaller number second"),
        (FM + HEAD + "1. Q?\n= 3 +- -1\n", 7, "cannot be negative"),
        (FM + HEAD + "1. Q?\n= [0, 1]\n", 7, "at least 0.0001 away from zero"),
        (FM + HEAD + "1. Q?\n= inf +- 1\n", 7, "must be a finite number"),
        (FM + HEAD + "... Orphan.\n" + SINGLE, 6, "'...' feedback needs a question above it"),
        (FM + HEAD + "GROUP\n*a) Orphan\n" + SINGLE + "END_GROUP\n", 7, "a choice needs a question above it"),
        (FM + HEAD + "GROUP\npick: 2\n" + SINGLE + "END_GROUP\n", 6, "the group draws 2 question(s) but holds only 1"),
        (FM + HEAD + "GROUP\n" + SINGLE + "pick: 1\nEND_GROUP\n", 10, "'pick:' must come right after GROUP"),
        (FM + HEAD + "GROUP\npoints per question: 0\n" + SINGLE + "END_GROUP\n", 7, "must be a positive whole number"),
        (FM + HEAD + "GROUP\n" + SINGLE + "Points: 2\n2. R?\n*a) A\nb) B\nEND_GROUP\n", 11, "the same points"),
        (FM + HEAD + "GROUP\nGROUP\n" + SINGLE + "END_GROUP\n", 7, "the GROUP on line 6 is still open"),
        (FM + HEAD + SINGLE + "END_GROUP\n", 9, "END_GROUP without a GROUP line"),
        (FM + HEAD + "GROUP\n" + SINGLE, 6, "this GROUP is never closed"),
        (FM + HEAD + "pick: 1\n" + SINGLE, 6, "'pick:' belongs right after a GROUP line"),
        (FM + HEAD + "GROUP\n" + SINGLE + "Text: no\nEND_GROUP\n", 10, "'Text:' cannot sit inside a GROUP"),
        (FM + "shuffle answers: true\nQuiz title: Late\n" + SINGLE, 6, "must come before the quiz options"),
        (FM + HEAD + "Quiz title: Again\n" + SINGLE, 6, "'Quiz title:' is already given on line 5"),
        (FM + "Quiz description: D\nQuiz title: T\n" + SINGLE, 6, "'Quiz title:' must come before 'Quiz description:'"),
        (FM + HEAD + SINGLE + "Quiz description: Late\n", 9, "must come before the first question or text"),
        (FM + HEAD + SINGLE + "one question at a time: true\n", 9, "must come before the first question"),
        (FM + HEAD + "shuffle answers: yes\n" + SINGLE, 6, "'shuffle answers:' must be true or false (it is 'yes')"),
        (FM + HEAD + "can't go back: true\n" + SINGLE, 6, "needs 'one question at a time: true'"),
        (FM + HEAD + "feedback is solution: true\n1. Q?\n! S\n*a) A\nb) B\n", 8, "'!' solutions are off"),
        (FM + "Quiz title: T\n wrapped\n" + SINGLE, 6, "indent continuation lines by at least 2 spaces"),
        (FM + HEAD + "```{.python .run}\nprint(1)\n```\n" + SINGLE, 6, "executable code blocks"),
        (FM + HEAD + "1. Q?\n```python\nx\n```\n= 1\n", 7, "a code block cannot start at column 0"),
        (FM + HEAD + "```{.sh .run}\necho\n", 6, "the code block is never closed"),
        (FM + HEAD + SINGLE + "```\n", 9, "a closing ``` fence without an opening one"),
        (FM + HEAD + "COMMENT x\nEND_COMMENT\n" + SINGLE, 6, "'COMMENT' must be alone on its line"),
        (FM + HEAD + "COMMENT\n" + SINGLE, 6, "'COMMENT' is never closed"),
        (FM + HEAD + "END_COMMENT\n" + SINGLE, 6, "'END_COMMENT' without a 'COMMENT' line"),
        (FM + HEAD + "COMMENT\nEND_COMMENT!\n" + SINGLE, 7, "'END_COMMENT' must be alone on its line"),
        (FM + HEAD + "*a)Choice\n" + SINGLE, 6, "put a space between '*a)' and the text after it"),
        (FM + HEAD + "Title:\n" + SINGLE, 6, "'Title:' needs its text on the same line"),
        (FM + HEAD + SINGLE + "Stray words\n", 9, "unexpected text 'Stray words'"),
        (FM + HEAD, 5, "the quiz has no questions"),
        (FM + HEAD + "Text: Only reading.\n", 5, "the quiz has no questions"),
    ],
)
def test_problem_and_its_file_line(text, line, words):
    found = lines_and_messages(text)
    assert any(at == line and words in message for at, message in found), found


def test_every_problem_is_collected_in_line_order():
    text = "---\npass_percent: 120\ncolour: blue\n---\n" + HEAD + "Points: 0\n1. Q?\na) A\nb) B\n2. R?\n= 0\n"
    found = lines_and_messages(text)
    assert [line for line, _ in found] == [2, 3, 6, 7, 11]
    assert "'pass_percent' must be from 0 to 100 (it is 120)" in found[0][1]
    assert "unknown setting 'colour'" in found[1][1]


def test_broken_yaml_still_checks_the_body():
    found = lines_and_messages("---\npass_percent: [80\n---\n" + HEAD + "1. Q?\n")
    assert found[0][0] == 3 and "not valid YAML" in found[0][1]
    assert (5, found[1][1]) == found[1] and "no answers" in found[1][1]


def test_unclosed_front_matter_is_one_problem():
    assert lines_and_messages("---\npass_percent: 80\n" + HEAD + SINGLE) == [
        (1, "the front matter opened with '---' is never closed; add a '---' line after it")
    ]


def test_settings_defaults():
    assert parse_ok(HEAD + SINGLE).settings == spec.Settings(
        pass_percent=70, max_attempts=None, cooldown_minutes=0, time_limit_minutes=None, opens_at=None,
        closes_at=None, grading="highest", shuffle_questions=False, multiple_answers_scoring="all_or_nothing",
        show_correct_answers="after_pass", feedback_bands=(),
    )  # fmt: skip


def test_settings_are_converted():
    settings = parse_ok(
        "---\npass_percent: 0\nmax_attempts: 1\ncooldown_minutes: 0\ntime_limit_minutes: 1440\n"
        "opens_at: 2026-12-01T08:00:00+02:00\ncloses_at: '2026-12-01T09:30:00'\ngrading: first\n"
        "shuffle_questions: true\nmultiple_answers_scoring: partial\nshow_correct_answers: never\n"
        "feedback_bands:\n  - {min_percent: 50, text: ' Half. '}\n  - {min_percent: 92.5, text: Top}\n"
        "  - {min_percent: 0, text: Low}\n---\n" + HEAD + SINGLE
    ).settings
    assert settings == spec.Settings(
        pass_percent=0,
        max_attempts=1,
        cooldown_minutes=0,
        time_limit_minutes=1440,
        opens_at=datetime(2026, 12, 1, 6, 0),  # +02:00 becomes naive UTC
        closes_at=datetime(2026, 12, 1, 9, 30),  # naive is taken as UTC
        grading="first",
        shuffle_questions=True,
        multiple_answers_scoring="partial",
        show_correct_answers="never",
        feedback_bands=(
            spec.FeedbackBand(Decimal("92.5"), "Top"),
            spec.FeedbackBand(Decimal(50), "Half."),
            spec.FeedbackBand(Decimal(0), "Low"),
        ),
    )


@pytest.mark.parametrize(
    ("yaml", "words"),
    [
        ("pass_percent: 101", "'pass_percent' must be from 0 to 100 (it is 101)"),
        ("pass_percent: true", "'pass_percent' must be a whole number from 0 to 100"),
        ("pass_percent: 70.5", "'pass_percent' must be a whole number from 0 to 100"),
        ("max_attempts: 0", "'max_attempts' must be at least 1 (it is 0)"),
        ("max_attempts: many", "'max_attempts' must be a whole number of at least 1"),
        ("cooldown_minutes: -5", "'cooldown_minutes' must be at least 0 (it is -5)"),
        ("time_limit_minutes: 1441", "'time_limit_minutes' must be from 1 to 1440 (it is 1441)"),
        ("time_limit_minutes: 0", "'time_limit_minutes' must be from 1 to 1440 (it is 0)"),
        ("opens_at: next week", "'opens_at' must be a date and time like 2026-12-01T08:00:00Z"),
        ("opens_at: 2026-12-01", "'opens_at' needs a time as well as a date"),
        ("closes_at: '2026-12-01'", "'closes_at' needs a time as well as a date"),
        ("opens_at: 5", "'opens_at' must be a date and time"),
        ("grading: best", "'grading' must be one of: highest, latest, first, average"),
        ("shuffle_questions: yes please", "'shuffle_questions' must be true or false"),
        ("multiple_answers_scoring: some", "must be one of: all_or_nothing, partial"),
        ("show_correct_answers: always", "must be one of: after_submit, after_pass, after_last_attempt, never"),
        ("feedback_bands: Good", "'feedback_bands' must be a list of items"),
        ("feedback_bands: [Good]", "item 1 must be a mapping"),
        ("feedback_bands: [{min_percent: 101, text: A}]", "item 1 needs min_percent, a number from 0 to 100"),
        ("feedback_bands: [{min_percent: true, text: A}]", "item 1 needs min_percent"),
        ("feedback_bands: [{min_percent: 5, text: '  '}]", "item 1 needs text"),
        ("feedback_bands: [{min_percent: 5, text: A, colour: red}]", "item 1 has unknown key 'colour'"),
        ("feedback_bands: [{min_percent: 5, text: A}, {min_percent: 5.0, text: B}]", "two items with min_percent 5"),
        ("attempts: 3", "unknown setting 'attempts'; the allowed settings are: pass_percent, max_attempts"),
    ],
)
def test_bad_setting_is_reported_on_its_line(yaml, words):
    found = lines_and_messages(f"---\ngrading: highest\n{yaml}\n---\n{HEAD}{SINGLE}")
    assert len(found) == 1 and found[0][0] == 3 and words in found[0][1], found


def test_window_must_close_after_it_opens():
    text = "---\nopens_at: 2026-12-01T10:00:00Z\ncloses_at: 2026-12-01T12:00:00+02:00\n---\n" + HEAD + SINGLE
    assert lines_and_messages(text) == [(3, "'closes_at' must be after 'opens_at'")]


@pytest.mark.parametrize(
    ("front_matter", "body_option", "expected"),
    [
        (None, None, "after_pass"),
        (None, "show correct answers: true\n", "after_pass"),
        (None, "show correct answers: False\n", "never"),
        ("after_submit", "show correct answers: false\n", "after_submit"),
        ("after_last_attempt", None, "after_last_attempt"),
        ("never", "show correct answers: true\n", "never"),
    ],
)
def test_show_correct_answers_front_matter_wins_over_body(front_matter, body_option, expected):
    text = (f"---\nshow_correct_answers: {front_matter}\n---\n" if front_matter else "") + HEAD
    quiz = parse_ok(text + (body_option or "") + SINGLE)
    assert quiz.settings.show_correct_answers == expected
    assert quiz.options.show_correct_answers == (body_option is None or "true" in body_option)


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ("*a) true\nb) false\n", spec.TRUE_FALSE),
        ("a) True\n*b) False\n", spec.TRUE_FALSE),
        ("*a) true\nb) False\n", spec.TRUE_FALSE),
        ("*a) TRUE\nb) FALSE\n", spec.MULTIPLE_CHOICE),  # text2qti only knows true/True/false/False
        ("*a) true\nb) false\nc) unsure\n", spec.MULTIPLE_CHOICE),
        ("*a) true\nb) no\n", spec.MULTIPLE_CHOICE),
        ("*a) yes\nb) no\n", spec.MULTIPLE_CHOICE),
        ("[*] true\n[ ] false\n", spec.MULTIPLE_ANSWERS),
    ],
)
def test_true_false_is_inferred_as_text2qti_does(choices, expected):
    assert parse_ok(HEAD + "1. Q?\n" + choices).items[0].type == expected


@pytest.mark.parametrize(
    ("answer", "low", "exact", "high"),
    [
        ("42", "42", "42", "42"),
        ("-7", "-7", "-7", "-7"),
        ("1_000", "1000", "1000", "1000"),
        ("3.1 +- 0.1", "3.0", "3.1", "3.2"),  # exact in Decimal, where text2qti's float gives 3.0000000000000004
        ("10 +- 0", "10", "10", "10"),
        ("200 +- 5%", "190", "200", "210"),
        ("-40 +- 2.5%", "-41", "-40", "-39"),
        ("1e3 +- 1", "999", "1000", "1001"),
        ("[1.5, 2.5]", "1.5", None, "2.5"),
        ("[-10,-2]", "-10", None, "-2"),
        ("[7, 7]", "7", None, "7"),
    ],
)
def test_numerical_forms(answer, low, exact, high):
    question = parse_ok(HEAD + f"1. How many?\n= {answer}\n").items[0]
    assert question.type == spec.NUMERICAL
    bounds = question.numerical
    assert (bounds.min, bounds.exact, bounds.max) == (
        Decimal(low),
        None if exact is None else Decimal(exact),
        Decimal(high),
    )


@pytest.mark.parametrize(
    ("points", "expected"),
    [(None, Decimal(1)), ("1", Decimal(1)), ("2", Decimal(2)), ("1.5", Decimal("1.5")), ("0.5", Decimal("0.5"))],
)
def test_points_are_positive_half_integers(points, expected):
    text = HEAD + (f"Points: {points}\n" if points else "") + SINGLE
    assert parse_ok(text).items[0].points == expected


@pytest.mark.parametrize("points", ["0", "-1", "1.25", "two", "2.0", "nan", "inf"])
def test_bad_points_are_refused(points):
    found = lines_and_messages(HEAD + f"Points: {points}\n" + SINGLE)
    assert found == [(2, f"'Points:' must be a positive whole or half number, like 1, 2 or 1.5 (it is '{points}')")]


def test_group_points_count_once():
    quiz = parse_ok(
        HEAD + "Points: 2\n1. Outside?\n*a) A\nb) B\n"
        "GROUP\npick: 2\npoints per question: 3\n"
        "Points: 5\n2. In one?\n*a) A\nb) B\nPoints: 5\n3. In two?\n*a) A\nb) B\nPoints: 5\n4. In three?\n*a) A\nb) B\n"
        "END_GROUP\nGROUP\n5. Default pick?\n= 5\n6. Other?\n= 6\nEND_GROUP\n"
    )
    first, second = quiz.items[1], quiz.items[2]
    assert (first.pick, first.points_per_question, len(first.questions)) == (2, Decimal(3), 3)
    assert (second.pick, second.points_per_question, len(second.questions)) == (1, Decimal(1), 2)
    assert [q.points for q in first.questions] == [Decimal(5)] * 3  # kept as written, for text2qti export
    assert quiz.questions_possible == Decimal(2) + 2 * 3 + 1 * 1
    assert [q.line for q in quiz.questions()] == [3, 10, 14, 18, 23, 25]


def test_raw_markdown_is_dedented_and_line_numbers_point_at_the_question():
    quiz = parse_ok(
        "\ufeffQuiz title: Raw\n% comment\nTitle: Named\n10.  First line\n\n     ```\n     code\n     ```\n"
        "*z)  Wrapped\n     choice\n...  Choice\n     feedback\nA)   Other\n"
    )
    question = quiz.items[0]
    assert question.line == 4 and question.title == "Named"
    assert question.text == "First line\n\n```\ncode\n```"
    assert question.choices == (
        spec.Choice("Wrapped\nchoice", True, "Choice\nfeedback"),
        spec.Choice("Other", False, None),
    )


def test_windows_line_endings_are_read_like_unix_ones():
    unix = HEAD + "1. Q?\n   more\n*a) A\nb) B\n\nText: t\n"
    assert parse_ok(unix.replace("\n", "\r\n")) == parse_ok(unix)


def test_solution_options_and_solutions_are_accepted_and_ignored():
    quiz = parse_ok(
        HEAD + "feedback is solution: false\nsolutions sample groups: true\nsolutions randomize groups: false\n"
        "GROUP\nsolutions pick: 2\n1. Q?\n! Because.\n*a) A\nb) B\n2. R?\n*a) A\nb) B\nEND_GROUP\n"
    )
    assert quiz.options == spec.Options()
    assert quiz.items[0].questions[0].feedback is None


def test_to_json_shape():
    text = (
        "---\npass_percent: 80\nopens_at: 2026-12-01T08:00:00Z\n"
        "feedback_bands:\n  - {min_percent: 0, text: Retry.}\n  - {min_percent: 90.5, text: Great.}\n---\n"
        "Quiz title: Custody\nQuiz description: Short.\nshow correct answers: false\n"
        "Text title: Scene\nText: Read this.\n"
        "Title: Seal\nPoints: 1.5\n1. Which seal?\n... General.\n+ Yes.\n- No.\n*a) Numbered\n... Right.\nb) Tape\n"
        "GROUP\npick: 1\npoints per question: 2\n2. Blocks per hour?\n= 6 +- 50%\n3. Range?\n= [1, 2]\nEND_GROUP\n"
        "4. Tick.\n[*] A\n[ ] B\n5. Name.\n*   KYC\n6. Explain.\n___\n7. Right?\n*a) true\nb) false\n"
    )
    empty = {"title": None, "feedback": None, "correct_feedback": None, "incorrect_feedback": None}

    def question(type_, text, points=1, choices=(), numerical=None, **fields):
        choice_list = [{"text": t, "correct": c, "feedback": f} for t, c, f in choices]
        return {"kind": "question", "type": type_, **empty, **fields, "points": points, "text": text,
                "choices": choice_list, "pairs": [], "numerical": numerical}  # fmt: skip

    assert spec.to_json(parse_ok(text)) == {
        "title": "Custody",
        "settings": {
            "pass_percent": 80,
            "max_attempts": None,
            "cooldown_minutes": 0,
            "time_limit_minutes": None,
            "opens_at": "2026-12-01T08:00:00Z",
            "closes_at": None,
            "grading": "highest",
            "shuffle_questions": False,
            "multiple_answers_scoring": "all_or_nothing",
            "show_correct_answers": "never",
            "feedback_bands": [{"min_percent": 90.5, "text": "Great."}, {"min_percent": 0, "text": "Retry."}],
        },
        "items": [
            {"kind": "text", "title": "Scene", "text": "Read this."},
            question(
                spec.MULTIPLE_CHOICE,
                "Which seal?",
                1.5,
                [("Numbered", True, "Right."), ("Tape", False, None)],
                title="Seal",
                feedback="General.",
                correct_feedback="Yes.",
                incorrect_feedback="No.",
            ),
            {
                "kind": "group",
                "pick": 1,
                "points_per_question": 2,
                "questions": [
                    question(spec.NUMERICAL, "Blocks per hour?", numerical={"min": 3, "exact": 6, "max": 9}),
                    question(spec.NUMERICAL, "Range?", numerical={"min": 1, "exact": None, "max": 2}),
                ],
            },
            question(spec.MULTIPLE_ANSWERS, "Tick.", choices=[("A", True, None), ("B", False, None)]),
            question(spec.SHORT_ANSWER, "Name.", choices=[("KYC", True, None)]),
            question(spec.ESSAY, "Explain."),
            question(spec.TRUE_FALSE, "Right?", choices=[("true", True, None), ("false", False, None)]),
        ],
    }
