"""Cut a text2qti quiz body into tokens: one per marker line, with its continuation lines joined.

This mirrors text2qti 0.8.0's line reader (`text2qti/quiz.py`): the same markers, tried in the
same order at column 0, the same rules for indented continuation lines and paragraphs, and the
same comments. Meaning (which marker may follow which) is left to `format.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..i18n import N_, Message

# Marker name -> pattern, in text2qti's order: the first that matches a line wins.
MARKERS = {
    "question": r"\d+\.",
    "mctf_correct_choice": r"\*[a-zA-Z]\)",
    "mctf_incorrect_choice": r"[a-zA-Z]\)",
    "multans_correct_choice": r"\[\*\]",
    "multans_incorrect_choice": r"\[ ?\]",
    "shortans_correct_choice": r"\*",
    "feedback": r"\.\.\.",
    "correct_feedback": r"\+",
    "incorrect_feedback": r"\-",
    "solution": r"!",
    "essay": r"___+",
    "upload": r"\^\^\^+",
    "numerical": r"=",
    "question_title": r"[Tt]itle:",
    "question_points": r"[Pp]oints:",
    "text_title": r"[Tt]ext [Tt]itle:",
    "text": r"[Tt]ext:",
    "quiz_title": r"[Qq]uiz [Tt]itle:",
    "quiz_description": r"[Qq]uiz description:",
    "start_group": r"GROUP",
    "end_group": r"END_GROUP",
    "group_pick": r"[Pp]ick:",
    "group_solutions_pick": r"[Ss]olutions pick:",
    "group_points_per_question": r"[Pp]oints per question:",
    "start_code": r"```+\s*\S.*",
    "end_code": r"```+",
    "quiz_shuffle_answers": r"[Ss]huffle answers:",
    "quiz_show_correct_answers": r"[Ss]how correct answers:",
    "quiz_one_question_at_a_time": r"[Oo]ne question at a time:",
    "quiz_cant_go_back": r"[Cc]an't go back:",
    "quiz_feedback_is_solution": r"[Ff]eedback is solution:",
    "quiz_solutions_sample_groups": r"[Ss]olutions sample groups:",
    "quiz_solutions_randomize_groups": r"[Ss]olutions randomize groups:",
    # LETP's extensions (text2qti reads these lines as errors): matching pairs and ordering items
    "match_pair": r"<>",
    "order_item": r"\d+\)",
}
NO_CONTENT = {"essay", "upload", "start_group", "end_group", "start_code", "end_code"}
SINGLE_LINE = {
    "question_points", "group_pick", "group_solutions_pick", "group_points_per_question", "numerical",
    "shortans_correct_choice", "quiz_shuffle_answers", "quiz_show_correct_answers",
    "quiz_one_question_at_a_time", "quiz_cant_go_back", "quiz_feedback_is_solution",
    "quiz_solutions_sample_groups", "quiz_solutions_randomize_groups",
}  # fmt: skip
MULTI_LINE = {name for name in MARKERS if name not in NO_CONTENT and name not in SINGLE_LINE}
MULTI_PARAGRAPH = {name for name in MULTI_LINE if "title" not in name}  # titles end at a blank line

START = re.compile(
    "|".join(
        rf"(?P<{name}>{pattern}\s*)$" if name in NO_CONTENT else rf"(?P<{name}>{pattern}[ \t]+(?=\S))"
        for name, pattern in MARKERS.items()
    )
)
MISSING_CONTENT = re.compile("|".join(rf"(?P<{n}>{p}[ \t]*$)" for n, p in MARKERS.items() if n not in NO_CONTENT))
MISSING_SPACE = re.compile("|".join(rf"(?P<{n}>{p}(?=\S))" for n, p in MARKERS.items() if n not in NO_CONTENT))
RUN_INFO = re.compile(
    r"\{\s*\.(?P<lang>[a-zA-Z](?:[a-zA-Z0-9]+|[\._\-]+[a-zA-Z0-9]+)*)\s+\.run"
    r"""(?:\s+executable=(?P<executable>[~\w/\.\-]+|"[^\\\"\']+"))?\s*\}$"""
)
LINE_COMMENT = "%"
START_COMMENT = "COMMENT"
END_COMMENT = "END_COMMENT"


@dataclass(frozen=True)
class Token:
    """A marker (`kind` is a MARKERS name) or a "blank" line; for an "unknown" line or another
    "problem" (a bad comment or code block), `text` is the message (an lms.i18n.Message)."""

    kind: str
    text: str
    line: int
    marker: str = ""  # the marker as written, where it carries meaning ("2)" of an ordering item)


def scan(body: str, first_line: int = 1) -> Iterator[Token]:
    """Yield the body's tokens; `first_line` is the file line of the body's first line."""
    lines = [line.removesuffix("\r") for line in body.split("\n")]
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the empty "line" after the final newline is not a line of the file
    i = 0
    while i < len(lines):
        line, number = lines[i], first_line + i
        match = START.match(line)
        if match is None:
            i, tokens = _other(lines, i, first_line)
            yield from tokens
            continue
        kind = match.lastgroup or ""
        if kind == "start_code":
            i, tokens = _code_block(lines, i, first_line)
            yield from tokens
            continue
        if kind not in MULTI_LINE:
            yield Token(kind, line[match.end() :].strip(), number)
            i += 1
            continue
        text_lines, i, problems = _gather(lines, i, kind, match.end(), first_line)
        yield from problems
        yield Token(kind, "\n".join(text_lines), number, match.group().strip())


def _gather(lines: list[str], i: int, kind: str, end: int, first_line: int) -> tuple[list[str], int, list[Token]]:
    """Collect a marker's text and its indented continuation lines, dedented (text2qti's rules).

    After `1.` or `a)` continuation lines line up with the text after the marker; after a
    `Name:` marker the first continuation line sets the indent (2 spaces or a tab at least).
    Blank lines continue a paragraph marker when more indented text follows; titles stop.
    """
    first = lines[i]
    text_lines = [first[end:].strip()]
    indent = None if MARKERS[kind].endswith(":") else " " * len(first[:end].expandtabs(4))
    problems = []
    i += 1
    while i < len(lines):
        line = lines[i]
        if not line or line.isspace():
            if kind not in MULTI_PARAGRAPH:
                break
            text_lines.append("")
        else:
            expanded = line.expandtabs(4)
            if indent is None:
                if not line.startswith((" ", "\t")):
                    break
                indent = " " * (len(expanded) - len(expanded.lstrip(" ")))
                if len(indent) < 2:
                    message = N_(
                        "indent continuation lines by at least 2 spaces (or 1 tab) so they read as part of the text above"
                    )
                    problems.append(Token("problem", message, first_line + i))
            elif not expanded.startswith(indent):
                break
            text_lines.append(expanded[len(indent) :].rstrip())
        i += 1
    while text_lines and not text_lines[-1]:
        text_lines.pop()  # trailing blank lines are consumed, not kept
    return text_lines, i, problems


def _code_block(lines: list[str], i: int, first_line: int) -> tuple[int, list[Token]]:
    """A fence at column 0: text2qti runs it as code or refuses it; LETP refuses both, then skips it."""
    line = lines[i]
    fence = "`" * (len(line) - len(line.lstrip("`")))
    if RUN_INFO.match(line.lstrip("`").strip()):
        message = N_(
            "executable code blocks (like '```{.python .run}') are not supported: the platform never runs code "
            "from quiz files; paste the code's output into the quiz instead"
        )
    else:
        message = N_(
            "a code block cannot start at column 0, where the quiz format takes it for code to run (and the "
            "platform never runs code); indent '%(fence)s' and the code under the question, choice or Text: it "
            "belongs to, lined up with that text",
            fence=fence,
        )
    tokens = [Token("problem", message, first_line + i)]
    for k in range(i + 1, len(lines)):
        candidate = lines[k]
        if candidate.startswith(fence) and candidate[len(fence) :] == candidate.lstrip("`"):
            if candidate.lstrip("`").strip():
                break
            return k + 1, tokens
    never_closed = N_("the code block is never closed; end it with a line of %(fence)s alone", fence=fence)
    tokens.append(Token("problem", never_closed, first_line + i))
    return len(lines), tokens


def _other(lines: list[str], i: int, first_line: int) -> tuple[int, list[Token]]:
    """A line that starts no marker: a comment, a blank line, or an error."""
    line, number = lines[i], first_line + i
    if line.startswith(LINE_COMMENT):
        return i + 1, []
    if line.startswith(END_COMMENT):
        message = N_("'END_COMMENT' without a 'COMMENT' line before it; add 'COMMENT' or remove this line")
        return i + 1, [Token("problem", message, number)]
    if line.startswith(START_COMMENT):
        tokens = []
        if line.strip() != START_COMMENT:
            tokens.append(Token("problem", N_("'COMMENT' must be alone on its line; put the comment below it"), number))
        for k in range(i + 1, len(lines)):
            if lines[k].startswith(END_COMMENT):
                if lines[k].strip() != END_COMMENT:
                    message = N_("'END_COMMENT' must be alone on its line; move the text above it")
                    tokens.append(Token("problem", message, first_line + k))
                return k + 1, tokens
        tokens.append(Token("problem", N_("'COMMENT' is never closed; add an 'END_COMMENT' line"), number))
        return len(lines), tokens
    if not line or line.isspace():
        return i + 1, [Token("blank", "", number)]
    return i + 1, [Token("unknown", unknown_line_message(line), number)]


def unknown_line_message(line: str) -> Message:
    match = MISSING_SPACE.match(line)
    if match:
        marker = match.group().strip()
        return N_("put a space between '%(marker)s' and the text after it", marker=marker)
    match = MISSING_CONTENT.match(line)
    if match:
        marker = match.group().strip()
        return N_("'%(marker)s' needs its text on the same line, after a space", marker=marker)
    shown = line if len(line) <= 60 else line[:57] + "..."
    return N_(
        "unexpected text '%(text)s': a line at column 0 must start with a quiz marker "
        "(like '1.', 'a)', '*a)', '[ ]', '[*]', '*', '=', '...', '+', '-', '___', 'Title:', 'Points:', 'Text:', 'GROUP'), "
        "and a wrapped line must be indented to line up with the text above it",
        text=shown.strip(),
    )
