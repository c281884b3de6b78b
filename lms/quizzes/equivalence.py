"""A translated quiz is the same quiz as its source in every way that grading can see. Pure.

Only text may differ: question, choice, feedback and region text, titles (a true/false question may
become a two-choice question in the language's own words), and the accepted answers of short-answer
questions (they are words in the quiz's language, so they may differ, and at least
one must be there). Everything else must match item by item, in order: the kinds of items, question
types, points, the number of choices and which of them are correct, numerical answers and their
margins, groups with their pick counts and points, whether each kind of feedback is given, the quiz
settings (feedback bands by their thresholds) and the text2qti options. Each difference is reported
at the translation's line, naming the item, so that an officer's grade means the same in every
language.
"""

from __future__ import annotations

from dataclasses import fields

from ..content.problems import Problem
from ..i18n import N_, Message
from . import spec

FEEDBACKS = ("feedback", "correct_feedback", "incorrect_feedback")


def differences(source: spec.Quiz, translation: spec.Quiz, path: str, source_path: str) -> list[Problem]:
    """Every way `translation` (the file at `path`) differs from `source` beyond its text."""
    found: list[Problem] = []
    for name in (f.name for f in fields(spec.Settings)):
        theirs, ours = getattr(source.settings, name), getattr(translation.settings, name)
        if name == "feedback_bands":
            theirs, ours = [b.min_percent for b in theirs], [b.min_percent for b in ours]
        if theirs != ours:
            found.append(Problem(path, 1, N_("the setting '%(name)s' differs from %(source)s; only text may differ "
                                             "in a translation", name=name, source=source_path)))  # fmt: skip
    for name in (f.name for f in fields(spec.Options)):
        if getattr(source.options, name) != getattr(translation.options, name):
            found.append(Problem(path, 1, N_("the option '%(name)s' differs from %(source)s; only text may differ "
                                             "in a translation", name=name.replace("_", " "), source=source_path)))  # fmt: skip
    if len(source.items) != len(translation.items):
        found.append(Problem(path, _line(translation.items[-1]) if translation.items else 1,
                             N_("the translation has %(have)s items (questions, groups and text regions) where "
                                "%(source)s has %(want)s; translate each one, in the same order",
                                have=len(translation.items), source=source_path, want=len(source.items))))  # fmt: skip
    number = 0
    for theirs, ours in zip(source.items, translation.items, strict=False):
        if type(theirs) is not type(ours):
            found.append(Problem(path, _line(ours), N_("this is %(have)s where %(source)s has %(want)s at the same "
                                                       "place; keep the items in the source's order", have=_kind(ours),
                                                       source=source_path, want=_kind(theirs))))  # fmt: skip
            break  # everything after is out of step; one message says what to fix first
        if isinstance(theirs, spec.Question) and isinstance(ours, spec.Question):
            number += 1
            found.extend(_question(theirs, ours, path, number))
        elif isinstance(theirs, spec.Group) and isinstance(ours, spec.Group):
            found.extend(_group(theirs, ours, path, number))
            number += len(theirs.questions)
    return sorted(found)


def _group(source: spec.Group, translation: spec.Group, path: str, before: int) -> list[Problem]:
    found = []
    if source.pick != translation.pick or source.points_per_question != translation.points_per_question:
        found.append(Problem(path, translation.line, N_("this group draws %(have)s question(s) of %(have_points)s "
                                                        "points where the source draws %(want)s of %(want_points)s",
                                                        have=translation.pick, want=source.pick,
                                                        have_points=translation.points_per_question,
                                                        want_points=source.points_per_question)))  # fmt: skip
    if len(source.questions) != len(translation.questions):
        found.append(Problem(path, translation.line, N_("this group holds %(have)s question(s) where the source's "
                                                        "holds %(want)s", have=len(translation.questions),
                                                        want=len(source.questions))))  # fmt: skip
    for offset, (theirs, ours) in enumerate(zip(source.questions, translation.questions, strict=False), start=1):
        found.extend(_question(theirs, ours, path, before + offset))
    return found


def _question(source: spec.Question, translation: spec.Question, path: str, number: int) -> list[Problem]:
    def problem(message: Message) -> Problem:
        return Problem(path, translation.line, N_("question %(number)s: %(problem)s", number=number, problem=message))

    if source.type != translation.type and not _same_kind(source, translation):
        return [problem(N_("it is a %(have)s question where the source's is a %(want)s question; keep its type",
                           have=_type(translation.type), want=_type(source.type)))]  # fmt: skip
    found = []
    if source.points != translation.points:
        found.append(problem(N_("it is worth %(have)s points where the source's is worth %(want)s",
                                have=translation.points, want=source.points)))  # fmt: skip
    if source.type == spec.SHORT_ANSWER:
        if not translation.choices:
            found.append(problem(N_("it accepts no answer; give at least one accepted answer in this language")))
    elif len(source.choices) != len(translation.choices):
        found.append(problem(N_("it has %(have)s choices where the source's has %(want)s",
                                have=len(translation.choices), want=len(source.choices))))  # fmt: skip
    else:
        for position, (theirs, ours) in enumerate(zip(source.choices, translation.choices, strict=True), start=1):
            if theirs.correct != ours.correct:
                found.append(problem(N_("choice %(position)s is marked %(have)s where the source's is %(want)s; the "
                                        "same choices must be correct, in the same order", position=position,
                                        have=_marked(ours.correct), want=_marked(theirs.correct))))  # fmt: skip
            if (theirs.feedback is None) != (ours.feedback is None):
                found.append(problem(N_("choice %(position)s has feedback in only one of the two files; translate "
                                        "it or leave it out in both", position=position)))  # fmt: skip
    if source.type == spec.MATCHING and _matching_shape(source) != _matching_shape(translation):
        found.append(problem(N_("its matching lines differ from the source's in number, in which are answers "
                                "that match no prompt, or in which prompts share an answer; keep them line for "
                                "line")))  # fmt: skip
    if source.numerical != translation.numerical:
        found.append(problem(N_("its numerical answer differs from the source's; numbers and margins must match")))
    for name in FEEDBACKS:
        if (getattr(source, name) is None) != (getattr(translation, name) is None):
            found.append(problem(N_("its %(kind)s is given in only one of the two files; translate it or leave it out "
                                    "in both", kind=_feedback(name))))  # fmt: skip
    return found


def _matching_shape(question: spec.Question) -> tuple[tuple[bool, ...], tuple[int, ...]]:
    """What grading sees of a matching question: which lines are prompts, and the key."""
    return tuple(p.prompt is not None for p in question.pairs), question.key()


def _same_kind(source: spec.Question, translation: spec.Question) -> bool:
    """A true/false question translated with the language's own words ("Verdadero", "Falso") reads
    as single-choice, with the same two choices and the same one correct: graded alike."""
    kinds = {source.type, translation.type}
    return kinds == {spec.TRUE_FALSE, spec.MULTIPLE_CHOICE} and len(source.choices) == len(translation.choices) == 2


def _line(item: spec.Item) -> int:
    return item.line or 1


def _kind(item: spec.Item) -> Message:
    if isinstance(item, spec.Question):
        return N_("a question")
    if isinstance(item, spec.Group):
        return N_("a group")
    return N_("a text region")


def _type(kind: str) -> Message:
    return {
        spec.MULTIPLE_CHOICE: N_("single-choice"),
        spec.TRUE_FALSE: N_("true/false"),
        spec.MULTIPLE_ANSWERS: N_("multiple-answer"),
        spec.NUMERICAL: N_("numerical"),
        spec.SHORT_ANSWER: N_("short-answer"),
        spec.ESSAY: N_("essay"),
        spec.MATCHING: N_("matching"),
        spec.ORDERING: N_("ordering"),
    }[kind]


def _marked(correct: bool) -> Message:
    return N_("correct") if correct else N_("wrong")


def _feedback(name: str) -> Message:
    return {
        "feedback": N_("general feedback ('...')"),
        "correct_feedback": N_("'+' feedback (shown when right)"),
        "incorrect_feedback": N_("'-' feedback (shown when wrong)"),
    }[name]
