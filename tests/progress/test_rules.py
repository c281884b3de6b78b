"""Completion rules (pure, table-driven)."""

import pytest

from lms.progress.rules import Status, Step, course_state, module_status


@pytest.mark.parametrize(
    ("read", "quiz", "passed", "expected"),
    [
        (False, None, set(), Status.NOT_STARTED),
        (True, None, set(), Status.COMPLETE),
        (False, "q1", set(), Status.NOT_STARTED),
        (True, "q1", set(), Status.READ),
        (False, "q1", {"q1"}, Status.PASSED),
        (True, "q1", {"q1"}, Status.COMPLETE),
        (True, "q1", {"q2"}, Status.READ),
    ],
)
def test_module_status(read, quiz, passed, expected):
    assert module_status(read, quiz, passed) == expected


STEPS = [Step("a", "qa"), Step("b", None), Step("c", "qc")]


@pytest.mark.parametrize(
    (
        "read",
        "passed",
        "sequential",
        "final",
        "statuses",
        "locked",
        "percent",
        "next_module",
        "next_is_final",
        "final_locked",
    ),
    [
        (set(), set(), True, None, ["not_started"] * 3, [False, True, True], 0, "a", False, False),
        ({"a"}, set(), True, None, ["read", "not_started", "not_started"], [False, True, True], 0, "a", False, False),
        (
            {"a"},
            {"qa"},
            True,
            None,
            ["complete", "not_started", "not_started"],
            [False, False, True],
            33,
            "b",
            False,
            False,
        ),
        (
            {"a", "b"},
            {"qa"},
            True,
            "fin",
            ["complete", "complete", "not_started"],
            [False, False, False],
            50,
            "c",
            False,
            True,
        ),
        ({"a", "b", "c"}, {"qa", "qc"}, True, "fin", ["complete"] * 3, [False] * 3, 75, None, True, False),
        ({"a", "b", "c"}, {"qa", "qc", "fin"}, True, "fin", ["complete"] * 3, [False] * 3, 100, None, False, False),
        ({"c"}, {"qc"}, False, "fin", ["not_started", "not_started", "complete"], [False] * 3, 25, "a", False, False),
        (
            set(),
            {"qc"},
            True,
            None,
            ["not_started", "not_started", "passed"],
            [False, True, True],
            0,
            "a",
            False,
            False,
        ),
    ],
)
def test_course_state(
    read, passed, sequential, final, statuses, locked, percent, next_module, next_is_final, final_locked
):
    state = course_state(STEPS, read, passed, sequential, final)
    assert [m.status.value for m in state.modules] == statuses
    assert [m.locked for m in state.modules] == locked
    assert state.percent == percent
    assert state.next_module == next_module
    assert state.next_is_final is next_is_final
    assert state.final_locked is final_locked


def test_all_steps_done_and_started():
    assert course_state(STEPS, {"a", "b", "c"}, {"qa", "qc"}, True, None).all_steps_done
    assert not course_state(STEPS, set(), set(), True, None).started
    assert course_state(STEPS, {"a"}, set(), True, None).started


def test_empty_course_is_zero_percent():
    assert course_state([], set(), set(), True, None).percent == 0
