"""Each Moodle question type read into the native question it becomes; the rest are Losses. Pure.

Each reader follows gift.py's rules for the same cases: partial credit in a single-choice question,
answers beyond the first right one, and differing per-answer feedback have no native form.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lms.quizzes.drafts import same_text

from .moodle_text import Context, FieldReader
from .native import native_lines


@dataclass
class Converted:
    kind: str  # "single" | "multiple" | "short" | "numerical" | "essay" | "matching" | "ordering"
    text: str
    choices: list[tuple[str, bool, str | None]] = field(default_factory=list)  # text, correct, feedback
    pairs: list[tuple[str | None, str]] = field(default_factory=list)
    numerical: str | None = None
    feedback: str | None = None
    correct_feedback: str | None = None
    incorrect_feedback: str | None = None


# A matching line splits at the first '->' with white space (or the line start) before it and white space
# after; a prompt that holds such an arrow writes it '-\>'.
_ARROW = re.compile(r"(?:^|(?<=\s))->(?=\s)")
_Choice = tuple[str, str | None, Decimal]  # text, feedback, fraction in percent


class TypeReader(FieldReader):
    """One method per Moodle question type (named as Moodle names it): the question, or None if skipped."""

    def combined_feedback(self, element: ET.Element, question: Converted, ctx: Context) -> Converted:
        question.correct_feedback = self.field(element.find("correctfeedback"), ctx, "right-answer feedback") or None
        wrong = self.field(element.find("incorrectfeedback"), ctx, "wrong-answer feedback")
        question.incorrect_feedback = wrong or None
        return question

    def answers(self, element: ET.Element, ctx: Context) -> list[tuple[Decimal, ET.Element]] | None:
        found = []
        for answer in element.findall("answer"):
            try:
                fraction = Decimal(answer.get("fraction", "0"))
            except InvalidOperation:
                self.loss(ctx.label, ctx.line, f"an answer's fraction '{answer.get('fraction')}' is not a number; "
                          "question skipped")  # fmt: skip
                return None
            found.append((fraction, answer))
        return found

    def choice(self, answer: ET.Element, ctx: Context) -> tuple[str, str | None]:
        return self.field(answer, ctx, "choice"), self.field(answer.find("feedback"), ctx, "choice feedback") or None

    def multichoice(self, element: ET.Element, q: Converted, ctx: Context) -> Converted | None:
        answers = self.answers(element, ctx)
        if answers is None:
            return None
        single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
        choices: list[_Choice] = [(*self.choice(answer, ctx), fraction) for fraction, answer in answers]
        if single:
            chosen = self.single_choice(q, choices, ctx)
            return self.combined_feedback(element, chosen, ctx) if chosen else None
        positive: list[Decimal] = [f for _t, _f, f in choices if f > 0]
        other = {f for _t, _f, f in choices if f <= 0}
        if not positive:
            self.loss(ctx.label, ctx.line, "no choice has a positive fraction, so none is right; skipped")
            return None
        if len(set(positive)) > 1 or abs(sum(positive, Decimal(0)) - 100) > Decimal("0.1") or len(other) > 1:
            listed = ", ".join(f"'{t}' {f.normalize():f}%" for t, _fb, f in choices)
            self.loss(ctx.label, ctx.line, "fractions other than equal shares of 100% became right (positive) and "
                      f"wrong choices, scored by the quiz's multiple_answers_scoring: {listed}")  # fmt: skip
        q.kind, q.choices = "multiple", [(t, f > 0, fb) for t, fb, f in choices]
        return self.combined_feedback(element, q, ctx)

    def single_choice(self, q: Converted, choices: list[_Choice], ctx: Context) -> Converted | None:
        right, partial = None, []
        for index, (text, _feedback, fraction) in enumerate(choices):
            if fraction == 100 and right is None:
                right = index
            elif fraction != 0:
                partial.append(f"'{text}' ({fraction.normalize():f}%)")
        if right is None:
            self.loss(ctx.label, ctx.line, "no choice earns full credit, and a native question needs one; skipped")
            return None
        if partial:
            self.loss(
                ctx.label, ctx.line, "partial credit has no native form; now wrong choices: " + ", ".join(partial)
            )
        q.kind, q.choices = "single", [(t, i == right, fb) for i, (t, fb, _f) in enumerate(choices)]
        return q

    def truefalse(self, element: ET.Element, q: Converted, ctx: Context) -> Converted | None:
        answers = self.answers(element, ctx) or []
        by_word = {self.answer_text(a).lower(): (f, a) for f, a in answers}
        if set(by_word) != {"true", "false"} or sum(f == 100 for f, _a in by_word.values()) != 1:
            self.loss(ctx.label, ctx.line, "a true/false question needs the answers 'true' and 'false', one of them "
                      "at 100%; skipped")  # fmt: skip
            return None
        feedback = {w: self.field(a.find("feedback"), ctx, "choice feedback") or None for w, (_f, a) in by_word.items()}
        is_true = by_word["true"][0] == 100
        q.kind, q.choices = "single", [("True", is_true, feedback["true"]), ("False", not is_true, feedback["false"])]
        return q

    def shortanswer(self, element: ET.Element, q: Converted, ctx: Context) -> Converted | None:
        kept: list[tuple[str, str | None]] = []
        dropped, wildcards = [], []
        for fraction, answer in self.answers(element, ctx) or []:
            text, feedback = self.answer_text(answer), self.field(answer.find("feedback"), ctx, "answer feedback")
            if text == "*" and fraction == 0:  # Moodle's catch-all: shown for any other answer
                q.incorrect_feedback = feedback or q.incorrect_feedback
            elif fraction != 100:
                dropped.append(f"'{text}' ({fraction.normalize():f}%)")
            elif text:
                wildcards += [text] if re.search(r"(?<!\\)\*", text) else []
                if same_text(text.replace("\\*", "*")) not in (same_text(t) for t, _f in kept):
                    kept.append((text.replace("\\*", "*"), feedback or None))
        if dropped:
            self.loss(ctx.label, ctx.line, "partial-credit answers have no native form; dropped: " + ", ".join(dropped))
        if wildcards:
            self.loss(ctx.label, ctx.line, "'*' is a wildcard in Moodle and a plain character here, so these answers "
                      "now match only a literal '*': " + ", ".join(f"'{w}'" for w in wildcards))  # fmt: skip
        if not kept:
            self.loss(ctx.label, ctx.line, "no full-credit answer with text; skipped")
            return None
        feedbacks = {f for _t, f in kept}
        if len(feedbacks) > 1:
            self.loss(ctx.label, ctx.line, "per-answer feedback differs between answers, and native short answers "
                      "take only question feedback; dropped")  # fmt: skip
        q.correct_feedback = feedbacks.pop() if len(feedbacks) == 1 else None
        q.kind, q.choices = "short", [(t, True, None) for t, _f in kept]
        return q

    def numerical(self, element: ET.Element, q: Converted, ctx: Context) -> Converted | None:
        right: list[tuple[ET.Element, str | None]] = []
        for fraction, answer in self.answers(element, ctx) or []:
            text, feedback = self.answer_text(answer), self.field(answer.find("feedback"), ctx, "answer feedback")
            if text == "*" and fraction == 0:
                q.incorrect_feedback = feedback or q.incorrect_feedback
            elif fraction != 100:
                self.loss(ctx.label, ctx.line, f"the partial-credit answer '{text}' ({fraction.normalize():f}%) has "
                          "no native form; dropped")  # fmt: skip
            else:
                right.append((answer, feedback or None))
        if len(right) > 1:
            listed = ", ".join(f"'{self.answer_text(a)}'" for a, _f in right)
            self.loss(ctx.label, ctx.line, f"a native numerical question accepts one range; kept the first of {listed}")
        value = native_number(self.answer_text(right[0][0]), right[0][0].findtext("tolerance")) if right else None
        if value is None:
            self.loss(ctx.label, ctx.line, "no full-credit answer that is a number (with its tolerance); skipped")
            return None
        q.kind, q.numerical, q.correct_feedback = "numerical", value, right[0][1]
        return q

    def essay(self, element: ET.Element, q: Converted, ctx: Context) -> Converted:
        q.kind = "essay"
        return q

    def matching(self, element: ET.Element, q: Converted, ctx: Context) -> Converted | None:
        for sub in element.findall("subquestion"):
            prompt = self.field(sub, ctx, "matching prompt")
            answer = " ".join((sub.findtext("answer/text") or "").split())
            if not answer:
                self.loss(ctx.label, ctx.line, f"the prompt '{prompt}' has no answer; dropped")
                continue
            q.pairs.append((_ARROW.sub(r"-\\>", prompt) or None, answer))
        q.kind = "matching"
        return self.combined_feedback(element, q, ctx)

    def ordering(self, element: ET.Element, q: Converted, ctx: Context) -> Converted:
        q.kind = "ordering"
        q.choices = [(self.field(answer, ctx, "item"), True, None) for answer in element.findall("answer")]
        return self.combined_feedback(element, q, ctx)

    # -- writing


def native_number(answer: str, tolerance: str | None) -> str | None:
    """A Moodle answer and tolerance as the native `=` value: `42`, `3.5 +- 0.1`; None if not numbers."""
    try:
        value, margin = Decimal(answer.replace(",", ".")), abs(Decimal((tolerance or "0").strip() or "0"))
    except InvalidOperation:
        return None
    if not (value.is_finite() and margin.is_finite()):
        return None
    if margin == 0 and value == value.to_integral_value():
        return _plain(value)
    return f"{_plain(value)} +- {_plain(margin)}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def question_lines(number: int, q: Converted) -> list[str]:
    lines = native_lines(f"{number}.", q.text)
    for marker, text in (("...", q.feedback), ("+", q.correct_feedback), ("-", q.incorrect_feedback)):
        lines += native_lines(marker, text) if text else []
    for index, (text, correct, feedback) in enumerate(q.choices):
        marker = {"single": ("*" if correct else "") + chr(ord("a") + index) + ")",
                  "multiple": "[*]" if correct else "[ ]", "ordering": f"{index + 1})"}.get(q.kind, "*")  # fmt: skip
        lines += native_lines(marker, text) + (native_lines("...", feedback) if feedback else [])
    lines += [line for prompt, answer in q.pairs for line in native_lines("<>", f"{prompt or ''} -> {answer}".lstrip())]
    if q.kind == "numerical":
        lines += native_lines("=", q.numerical or "")
    elif q.kind == "essay":
        lines.append("___")
    return lines
