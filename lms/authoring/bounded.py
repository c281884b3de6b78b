"""Checking a pasted draft at a bounded cost (security.md H11). No Flask, no database.

Python-Markdown is recursive and some of its patterns are far worse than linear: 300 nested
list levels overflow the stack, and 8,000 characters of `[a` alone take seconds. So a draft is
bounded twice: its size and nesting are checked before any parser sees it, and the check itself
runs in a child process (from a fork server, safe beside threads) that the kernel stops after
CPU_SECONDS of CPU time, and that the worker stops waiting for after WALL_SECONDS.
The published content is not run this way: it is read once at start-up from files in git.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from typing import Any

from ..content.problems import Problem
from ..i18n import N_
from . import drafts

MAX_CHARACTERS = 200_000  # five times the longest module of the shipped course
MAX_XML_CHARACTERS = 1_000_000  # a Moodle XML file, its images inside: as much as an upload may hold
MAX_NESTING = 16  # list or quotation levels; the shipped course uses 3
INDENT_PER_LEVEL = 4  # Python-Markdown nests a list four columns deeper
CPU_SECONDS = 2
WALL_SECONDS = 5

TOO_SLOW = N_(
    "checking this draft took more than %(seconds)s seconds, so it was stopped; some Markdown (long runs of "
    "'[', '<' or '*' without their closing pair) is very slow to read: find such a run and close or remove it",
    seconds=CPU_SECONDS,
)
TOO_DEEP = N_("the draft nests too deeply to be read; flatten its lists and quotations")


def bound_problems(text: str, maximum: int = MAX_CHARACTERS) -> list[Problem]:
    """What makes a draft too large or too deep to check; [] when it may go to the parser."""
    if len(text) > maximum:
        return [Problem(drafts.NAME, 1, N_("the draft has %(length)s characters, more than the %(maximum)s checked at "
                                           "once; split it into smaller files", length=format(len(text), ","),
                                           maximum=format(maximum, ",")))]  # fmt: skip
    if maximum == MAX_XML_CHARACTERS:
        return []  # XML's indentation is no Markdown nesting; the quiz it becomes is checked in the child
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.expandtabs(INDENT_PER_LEVEL).lstrip(" ")
        indent = len(line.expandtabs(INDENT_PER_LEVEL)) - len(stripped)
        quotes = len(stripped) - len(stripped.lstrip("> "))
        if indent > MAX_NESTING * INDENT_PER_LEVEL or stripped[:quotes].count(">") > MAX_NESTING:
            return [Problem(drafts.NAME, number, N_("nests lists or quotations more than %(levels)s levels deep; flatten "
                                                    "this part (Markdown this deep cannot be read)",
                                                    levels=MAX_NESTING))]  # fmt: skip
    return []


def _child(check: Callable[[str], drafts.Draft], text: str, sender, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        sender.send(("ok", check(text)))
    except RecursionError:
        sender.send(("problem", TOO_DEEP))
    finally:
        sender.close()


CHECKS = {"module": drafts.check_module, "quiz": drafts.check_quiz, "moodle_xml": drafts.check_moodle_xml}


def check(kind: str, text: str) -> drafts.Draft:
    """drafts.check_module, check_quiz or check_moodle_xml on `text`, bounded in size, nesting and CPU time."""
    problems = bound_problems(text, MAX_XML_CHARACTERS if kind == "moodle_xml" else MAX_CHARACTERS)
    if problems:
        return drafts.Draft(problems)
    function = CHECKS[kind]
    context = multiprocessing.get_context("forkserver")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, text, sender, CPU_SECONDS), daemon=True)
    process.start()
    sender.close()
    try:
        outcome = receiver.recv() if receiver.poll(WALL_SECONDS) else ("problem", TOO_SLOW)
    except EOFError:  # the child ended without an answer: the kernel stopped it at its CPU limit
        outcome = ("problem", TOO_SLOW)
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
        process.close()
    value: Any  # the Draft when `kind_of` is "ok", else the problem's message
    kind_of, value = outcome
    return value if kind_of == "ok" else drafts.Draft([Problem(drafts.NAME, 1, value)])
