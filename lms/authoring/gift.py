"""Moodle GIFT text to a native LETP quiz file (text2qti body); what has no native form is a Loss.

Pure: GIFT text in, native text and losses out. Where Moodle's reader and gift-pegjs differ, Moodle
wins: true/false feedback reads `{T#shown when wrong#shown when right}`. Matching questions
(`{=prompt -> answer …}`) become LETP's `<> prompt -> answer` lines, a pair without a prompt
(`= -> answer`) an answer that matches no prompt. Questions that cannot be carried (no full-credit
answer, a matching line without '->', unreadable blocks) are skipped, each with a Loss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .native import native_lines, native_numerical

DEFAULT_TITLE = "Imported quiz"
BLANK = "_____"
_ESCAPED = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005", "~": "\ue006"}
_PROTECT = re.compile(r"\\([\\:#={}~n])")
_RELEASE = str.maketrans({v: k for k, v in _ESCAPED.items()} | {"\ue007": "\n"})
_FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_TITLE_COMMENT = re.compile(r"^\s*//\s*title\s*:(.*)$", re.IGNORECASE)
_PLAIN_SPECIAL = re.compile(r"([\\`*_\[\]<>$|])")  # Markdown meaning to neutralise in [plain] text
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass(frozen=True)
class Loss:
    """Something a conversion could not carry over: which question, its line, and what happened."""

    title: str
    line: int
    message: str

    def __str__(self) -> str:
        return f'line {self.line}: "{self.title}": {self.message}'


@dataclass
class _Question:
    kind: str  # "single" | "multiple" | "short" | "numerical" | "essay" | "matching"
    text: str
    title: str | None
    choices: list[tuple[str, bool, str | None]] = field(default_factory=list)  # text, correct, feedback
    numerical: str | None = None
    pairs: list[tuple[str | None, str]] = field(default_factory=list)  # a matching question's prompt, answer
    feedback: str | None = None
    correct_feedback: str | None = None
    incorrect_feedback: str | None = None


def gift_to_native(text: str) -> tuple[str, list[Loss]]:
    """The native quiz text and every loss, in file order; titled by a `// title: …` comment if any."""
    reader = _Reader()
    for block in _blocks(text.removeprefix("\ufeff")):
        reader.read_block(block)
    head = [f"Quiz title: {reader.quiz_title or DEFAULT_TITLE}", ""]
    return "\n".join(head + reader.out).rstrip("\n") + "\n", reader.losses


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Questions are separated by blank lines; each block keeps its lines' numbers."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _protect(text: str) -> str:
    """Swap escaped control characters for private-use stand-ins, so splitting ignores them."""
    return _PROTECT.sub(lambda m: "\ue007" if m.group(1) == "n" else _ESCAPED[m.group(1)], text)


def _release(text: str) -> str:
    return text.translate(_RELEASE)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Reader:
    def __init__(self) -> None:
        self.quiz_title: str | None = None
        self.out: list[str] = []
        self.losses: list[Loss] = []
        self.number = 0
        self.html_reported = False
        self.seen: set[str] = set()  # question texts written, as parse_quiz compares them

    def loss(self, title: str, line: int, message: str) -> None:
        self.losses.append(Loss(title, line, message))

    def read_block(self, block: list[tuple[int, str]]) -> None:
        content = []
        for number, line in block:
            if line.strip().startswith("//"):
                found = _TITLE_COMMENT.match(line)
                if found and self.quiz_title is None and found.group(1).strip():
                    self.quiz_title = _one_line(found.group(1))
            else:
                content.append((number, line))
        if content and content[0][1].strip().startswith("$CATEGORY:"):
            number, line = content.pop(0)
            category = line.strip().removeprefix("$CATEGORY:").strip()
            self.loss(category, number, "categories are not kept: a native quiz is one file; its questions follow")
        if content:
            self.read_question(content[0][0], _protect("\n".join(line for _n, line in content)).strip())

    def read_question(self, line: int, raw: str) -> None:
        title = None
        if raw.startswith("::"):
            end = raw.find("::", 2)
            if end < 0:
                self.loss(_one_line(_release(raw))[:40], line, "the title has no closing '::'; question skipped")
                return
            title, raw = _one_line(_release(raw[2:end])), raw[end + 2 :].strip()
        name = title or _one_line(_release(_FORMAT.sub("", raw).split("{", 1)[0]))[:40] or "untitled"
        self.html_reported = False
        start, end = raw.find("{"), raw.find("}")
        if start < 0 and end < 0:
            self.description(name, line, title, raw)
            return
        if start < 0 or end < start or "{" in raw[start + 1 :] or "}" in raw[end + 1 :]:
            self.loss(name, line, "needs exactly one answer block '{…}' (escape literal braces as \\{ \\}); skipped")
            return
        before, answers, after = raw[:start], raw[start + 1 : end], raw[end + 1 :].strip()
        text_format, stem = self.text(before, "moodle", name, line)
        if after and not after.startswith("//"):
            stem = (stem + " " if stem else "") + BLANK + " " + self.text(after, text_format, name, line)[1]
            self.loss(name, line, f"missing-word question: the answer block became a blank '{BLANK}' in the text")
        if not stem.strip():
            self.loss(name, line, "has no question text; skipped")
            return
        question = self.answers(_Question("", stem, title), answers, text_format, name, line)
        if question is not None:
            self.write(question, name, line)

    def text(self, raw: str, default: str, name: str, line: int) -> tuple[str, str]:
        """A text field in its format (`[markdown]` …), as Markdown for the native file."""
        found = _FORMAT.match(raw)
        text_format = found.group(1) if found else default
        raw = raw[found.end() :] if found else raw
        if text_format in ("html", "markdown"):
            body = "\n".join(part.rstrip() for part in raw.strip().split("\n"))
        else:
            body = _one_line(raw)
        body = _release(body)
        if text_format == "plain":
            body = _PLAIN_SPECIAL.sub(r"\\\1", body)
        if text_format in ("html", "moodle") and _HTML_TAG.search(body) and not self.html_reported:
            self.html_reported = True
            self.loss(name, line, "HTML tags are kept as written in the Markdown; check that they render as intended")
        return text_format, body

    def description(self, name: str, line: int, title: str | None, raw: str) -> None:
        text = self.text(raw, "moodle", name, line)[1]
        if not (title or text):
            return
        head = [f"Text title: {title}"] if title else []
        self.out.extend(head + (native_lines("Text:", text) if text else []) + [""])
        self.loss(name, line, "a description (no answer block) is not a question; it became a 'Text:' region")

    def answers(self, q: _Question, raw: str, fmt: str, name: str, line: int) -> _Question | None:
        body, _sep, general = raw.rpartition("####") if "####" in raw else (raw, "", "")  # Moodle: the last
        body = body.strip()
        if general.strip():
            q.feedback = self.text(general, fmt, name, line)[1]
        if not body:
            q.kind = "essay"
            return q
        if body.startswith("#"):
            return self.numerical(q, body[1:].strip(), fmt, name, line)
        if "~" in body:
            return self.choices(q, _pieces(body), fmt, name, line)
        if "=" in body and "->" in body:  # Moodle: only matching has both
            return self.matching(q, body, fmt, name, line)
        head, *feedback = body.split("#", 2)
        if head.strip() in _TRUE_FALSE:
            is_true = _TRUE_FALSE[head.strip()]
            wrong, right = [self.text(f, fmt, name, line)[1] or None for f in [*feedback, "", ""]][:2]
            on_true, on_false = (right, wrong) if is_true else (wrong, right)
            q.kind, q.choices = "single", [("True", is_true, on_true), ("False", not is_true, on_false)]
            return q
        pieces: list[_Piece] | None = _pieces(body) if body.startswith("=") else [("=", None, body)]
        return self.short_answer(q, pieces, fmt, name, line)

    def choices(self, q: _Question, pieces: list[_Piece] | None, fmt: str, name: str, line: int) -> _Question | None:
        empty = [p for p in pieces or [] if p[0] == "~" and p[1] is None and not p[2].strip()]
        if pieces is not None and empty:  # `{~=have been ~was}`: Moodle reads a `~` with nothing after it as no choice
            pieces = [p for p in pieces if p not in empty]
            self.loss(name, line, "'~=' read as Moodle reads it: the empty '~' is no choice, and the '=' choice after "
                      "it is the right one")  # fmt: skip
        if pieces is None or len(pieces) < 2:
            self.loss(name, line, "a choice question needs at least two '=' or '~' choices; skipped")
            return None
        texts = [self.split_feedback(text, fmt, name, line) for _m, _w, text in pieces]
        if any(not text for text, _f in texts):
            self.loss(name, line, "a choice has no text; skipped")
            return None
        if any(marker == "=" for marker, _w, _t in pieces):
            q.kind, right, partial = "single", None, []
            for index, (marker, weight, _t) in enumerate(pieces):
                full = marker == "=" and weight in (None, 100)
                if (marker == "=" and not full) or (marker == "~" and weight not in (None, 0)):
                    partial.append(f"'{texts[index][0]}' ({weight}%)")
                if full and right is not None:
                    partial.append(f"'{texts[index][0]}' (a second full-credit answer)")
                right = index if full and right is None else right
            if right is None:
                self.loss(name, line, "no choice earns full credit, and a native question needs one; skipped")
                return None
            if partial:
                self.loss(name, line, "partial credit has no native form; now wrong choices: " + ", ".join(partial))
            q.choices = [(t, i == right, f) for i, (t, f) in enumerate(texts)]
            return q
        weights = [weight or Decimal(0) for _m, weight, _t in pieces]
        if not any(w > 0 for w in weights):
            self.loss(name, line, "no choice has a positive weight, so none is right; skipped")
            return None
        positive, other = {w for w in weights if w > 0}, {w for w in weights if w <= 0}
        positive_total = sum((w for w in weights if w > 0), Decimal(0))
        if len(positive) > 1 or abs(positive_total - 100) > Decimal("0.1") or len(other) > 1:
            listed = ", ".join(f"'{t}' {w}%" for (t, _f), w in zip(texts, weights, strict=True))
            self.loss(name, line, "weights other than equal shares of 100% became right (positive) and wrong "
                      f"choices, scored by the quiz's multiple_answers_scoring: {listed}")  # fmt: skip
        q.kind = "multiple"
        q.choices = [(t, w > 0, f) for (t, f), w in zip(texts, weights, strict=True)]
        return q

    def matching(self, q: _Question, body: str, fmt: str, name: str, line: int) -> _Question | None:
        # As Moodle reads it: split at '=' (text before the first '=' is a pair too), then at the first '->'.
        pieces = [piece.strip() for piece in body.split("=")]
        pieces = pieces[1:] if not pieces[0] else pieces
        if any("->" not in piece for piece in pieces):
            self.loss(name, line, "a matching line has no '->' (write '=prompt -> answer'), and Moodle refuses such "
                      "a question too; skipped")  # fmt: skip
            return None
        for piece in pieces:
            raw_prompt, _arrow, raw_answer = piece.partition("->")
            self.add_pair(q, raw_prompt, raw_answer, fmt, name, line)
        # Moodle lists each answer once, so an answer that matches no prompt and repeats another adds nothing.
        seen = {_one_line(answer) for prompt, answer in q.pairs if prompt is not None}
        for pair in [pair for pair in q.pairs if pair[0] is None]:
            if _one_line(pair[1]) in seen:
                q.pairs.remove(pair)
            seen.add(_one_line(pair[1]))
        if sum(prompt is not None for prompt, _a in q.pairs) < 2:
            self.loss(name, line, "a matching question needs at least two prompts with an answer; skipped")
            return None
        q.kind = "matching"
        return q

    def add_pair(self, q: _Question, raw_prompt: str, raw_answer: str, fmt: str, name: str, line: int) -> None:
        """One `prompt -> answer` as native text; without a prompt, an answer that matches none."""
        raw_answer, _sep, feedback = raw_answer.partition("#")
        prompt = self.text(raw_prompt, fmt, name, line)[1] or None  # holds no '->': Moodle splits at the first
        answer = _one_line(_release(raw_answer))  # Moodle reads answers as plain text, without a format
        if feedback.strip():
            self.loss(name, line, f"matching pairs take no feedback (Moodle would show it as part of the answer "
                      f"'{answer}'); dropped: '{_one_line(_release(feedback))}'")  # fmt: skip
        if prompt is not None and not answer:
            self.loss(name, line, f"the prompt '{_one_line(prompt)}' has no answer after '->'; pair dropped")
        elif prompt is not None and _one_line(prompt) in (_one_line(p) for p, _a in q.pairs if p is not None):
            self.loss(name, line, f"the prompt '{_one_line(prompt)}' repeats an earlier one, which a native quiz "
                      f"refuses; its pair '-> {answer}' dropped")  # fmt: skip
        elif answer and (prompt, answer) not in q.pairs:
            q.pairs.append((prompt, answer))

    def short_answer(
        self, q: _Question, pieces: list[_Piece] | None, fmt: str, name: str, line: int
    ) -> _Question | None:
        kept: list[tuple[str, str | None, Decimal | None]] = []  # answer, feedback, weight
        dropped: list[tuple[str, str | None, Decimal | None]] = []
        for _marker, weight, raw in pieces or []:
            text, feedback = self.split_feedback(raw, fmt, name, line)
            if _one_line(text) == "*" and weight in (None, 0) and feedback:  # Moodle's catch-all `=%0%*#…`
                q.incorrect_feedback = feedback  # shown for any other answer: the native '-' feedback
                continue
            if weight not in (None, 100):
                dropped.append((_one_line(text), feedback, weight))
            elif _one_line(text) not in (t for t, _f, _w in kept):  # a repeated answer adds nothing
                kept.append((_one_line(text), feedback, weight))
        if dropped:
            listed = ", ".join(f"'{t}' ({w}%)" for t, _f, w in dropped)
            self.loss(name, line, f"partial-credit answers have no native form; dropped: {listed}")
        if not kept or not all(text for text, _f, _w in kept):
            self.loss(name, line, "no full-credit answer with text; skipped")
            return None
        feedbacks = {f for _t, f, _w in kept}
        if len(feedbacks) == 1:
            q.correct_feedback = feedbacks.pop()
        else:
            self.loss(name, line, "per-answer feedback differs between answers, and native short answers take "
                      "only question feedback; dropped")  # fmt: skip
        q.kind, q.choices = "short", [(t, True, None) for t, _f, _w in kept]
        return q

    def numerical(self, q: _Question, body: str, fmt: str, name: str, line: int) -> _Question | None:
        # `{#3:2 ~#Completely wrong}`: the value before the first `~` is the right answer, as Moodle reads it.
        pieces = (
            _pieces(body if body[:1] in ("=", "~") else "=" + body)
            if "~" in body or body[:1] == "="
            else [("=", None, body)]
        )
        right = []
        for marker, weight, raw in pieces or []:
            value, feedback = self.split_feedback(raw, fmt, name, line)
            if marker == "~" and not value and feedback:
                q.incorrect_feedback = feedback
            elif marker == "~":
                self.loss(name, line, f"feedback for the wrong answer '{value}' has no native form; dropped")
            elif weight not in (None, 100):
                self.loss(name, line, f"the partial-credit answer '{value}' ({weight}%) has no native form; dropped")
            else:
                right.append((value, feedback))
        if len(right) > 1:
            self.loss(name, line, "a native numerical question accepts one range; kept the first of "
                      + ", ".join(f"'{v}'" for v, _f in right))  # fmt: skip
        answer = native_numerical(right[0][0]) if right else None
        if answer is None:
            self.loss(
                name, line, "no full-credit number (like 3, 3.5:0.1 or 1..5) that a native quiz can take; skipped"
            )
            return None
        q.kind, q.numerical, q.correct_feedback = "numerical", answer, right[0][1]
        return q

    def split_feedback(self, raw: str, fmt: str, name: str, line: int) -> tuple[str, str | None]:
        text, _sep, feedback = raw.partition("#")
        feedback_text = self.text(feedback, fmt, name, line)[1] if feedback.strip() else None
        return self.text(text, fmt, name, line)[1], feedback_text

    def write(self, q: _Question, name: str, line: int) -> None:
        choices = [_one_line(text) for text, _c, _f in q.choices]
        if _one_line(q.text) in self.seen or len(set(choices)) < len(choices):
            what = "repeats an earlier question" if _one_line(q.text) in self.seen else "has two choices alike"
            self.loss(name, line, f"{what}, which a native quiz refuses; skipped")
            return
        self.seen.add(_one_line(q.text))
        self.number += 1
        lines = [f"Title: {q.title}"] if q.title else []
        lines += native_lines(f"{self.number}.", q.text)
        for marker, text in (("...", q.feedback), ("+", q.correct_feedback), ("-", q.incorrect_feedback)):
            lines += native_lines(marker, text) if text else []
        for index, (text, correct, feedback) in enumerate(q.choices):
            marker = {"single": ("*" if correct else "") + chr(ord("a") + index) + ")",
                      "multiple": "[*]" if correct else "[ ]"}.get(q.kind, "*")  # fmt: skip
            lines += native_lines(marker, text) + (native_lines("...", feedback) if feedback else [])
        for prompt, answer in q.pairs:
            lines += native_lines("<>", f"{prompt or ''} -> {answer}".lstrip())
        if q.kind == "numerical":
            lines += native_lines("=", q.numerical or "")
        elif q.kind == "essay":
            lines.append("___")
        self.out.extend([*lines, ""])


_Piece = tuple[str, Decimal | None, str]  # marker '=' or '~', weight in percent, raw text with feedback


def _pieces(body: str) -> list[_Piece] | None:
    """Split `=a ~%50%b#fb …` into its choices; None when text comes before the first marker."""
    first = min((i for i in (body.find("="), body.find("~")) if i >= 0), default=-1)
    if first < 0 or body[:first].strip():
        return None
    pieces: list[_Piece] = []
    for marker, rest in re.findall(r"([=~])([^=~]*)", body[first:]):
        weight = _WEIGHT.match(rest)
        pieces.append((marker, Decimal(weight.group(1)) if weight else None, rest[weight.end() :] if weight else rest))
    return pieces
