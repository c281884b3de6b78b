"""LETP's endpoints against the floor: wrk at 16 connections, floor and LETP runs interleaved."""

from __future__ import annotations

import re
import statistics
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import wrk
from .client import Browser
from .seed import LoadPeople
from .wrk import Line

COURSE = "crypto-crime-essentials"
REVISION = re.compile(r'name="revision"[^>]*value="(\d+)"')


@dataclass
class Comparison:
    name: str
    target: float
    size: int  # bytes of LETP's response body, which the floor answers with too
    letp: list[wrk.Result] = field(default_factory=list)
    floor: list[wrk.Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [a.rps / b.rps for a, b in zip(self.letp, self.floor, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def valid(self) -> bool:
        return all(r.valid for r in self.letp + self.floor)

    def as_dict(self) -> dict:
        def med(results, attr):
            return statistics.median(getattr(r, attr) for r in results)

        return {"name": self.name, "target": self.target, "size": self.size, "ratio": self.ratio,
                "ratios": self.ratios, "valid": self.valid, "notes": self.notes,
                "letp_rps": med(self.letp, "rps"), "floor_rps": med(self.floor, "rps"),
                "letp_p50_ms": med(self.letp, "p50_ms"), "letp_p95_ms": med(self.letp, "p95_ms"),
                "floor_p50_ms": med(self.floor, "p50_ms"), "floor_p95_ms": med(self.floor, "p95_ms"),
                "letp_bad": sum(r.bad + r.socket_errors for r in self.letp),
                "floor_bad": sum(r.bad + r.socket_errors for r in self.floor),
                "letp_requests": sum(r.requests for r in self.letp)}  # fmt: skip


def sign_in(base: str, email: str, password: str, token_page: str) -> tuple[str, str]:
    """(Cookie header, CSRF token) of a fresh session, obtained over HTTP as a browser would."""
    browser = Browser(base)
    browser.login(email, password, follow=False)
    token = browser.token(token_page)
    return browser.cookie_header(), token


def compare(comparison: Comparison, tmp: Path, letp_url: str, letp_lines: Callable[[int], list[Line]], letp_mode: str,
            letp_expect: int, floor_url: str, floor_lines: list[Line], floor_mode: str, runs: int, seconds: float) -> Comparison:  # fmt: skip
    """Warm both up, then alternate floor and LETP `runs` times. letp_lines(i) feeds run i (0 is the warm-up)."""
    slug = comparison.name.split()[0].lower()
    floor_file = wrk.write_lines(tmp / f"floor-{slug}.tsv", floor_lines)

    def letp_file(i: int) -> Path:
        return wrk.write_lines(tmp / f"letp-{slug}-{i}.tsv", letp_lines(i))

    wrk.run(floor_url, floor_mode, 200, floor_file, max(2.0, seconds / 2))
    warm = wrk.run(letp_url, letp_mode, letp_expect, letp_file(0), max(2.0, seconds / 2))
    if not warm.valid:
        comparison.notes.append(f"warm-up had {warm.bad} unexpected statuses and {warm.socket_errors} socket errors")
    for i in range(runs):
        comparison.floor.append(wrk.run(floor_url, floor_mode, 200, floor_file, seconds))
        comparison.letp.append(wrk.run(letp_url, letp_mode, letp_expect, letp_file(i + 1), seconds))
    return comparison


def body_size(base: str, cookie: str, method: str, path: str, form=None) -> tuple[int, int]:
    browser = Browser(base)
    browser.cookies = dict(part.split("=", 1) for part in cookie.split("; "))
    status, text, _location = browser.request(method, path, form)
    return status, len(text.encode())


def get_page(name: str, target: float, path: str, cookies: list[str], ctx) -> Comparison:
    status, size = body_size(ctx.letp, cookies[0], "GET", path)
    assert status == 200, f"{name}: {path} answered {status}"
    lines = [Line(t + 1, "GET", path, cookies[t]) for t in range(wrk.CONNECTIONS)]
    floor = [Line(t + 1, "GET", f"/bytes/{size}") for t in range(wrk.CONNECTIONS)]
    return compare(Comparison(name, target, size), ctx.tmp, ctx.letp, lambda _i: lines, "fixed", 200, ctx.floor, floor,
                   "fixed", ctx.runs, ctx.seconds)  # fmt: skip


@dataclass
class Context:
    letp: str
    floor: str
    tmp: Path
    runs: int
    seconds: float
    password: str
    people: LoadPeople


def sessions(ctx: Context, emails: list[str], token_pages: list[str]) -> list[tuple[str, str]]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda pair: sign_in(ctx.letp, pair[0], ctx.password, pair[1]),
                             zip(emails, token_pages, strict=True)))  # fmt: skip


def module_page(ctx: Context, module_slug: str) -> Comparison:
    signed = sessions(ctx, ctx.people.halfway, ["/progress/"] * len(ctx.people.halfway))
    return get_page("Module page", 0.5, f"/courses/{COURSE}/{module_slug}", [c for c, _t in signed], ctx)


def dashboard(ctx: Context) -> Comparison:
    signed = sessions(ctx, ctx.people.halfway, ["/progress/"] * len(ctx.people.halfway))
    return get_page("Dashboard (officer half-way)", 0.4, "/progress/", [c for c, _t in signed], ctx)


def attempt_path(quiz: str, attempt_id: int) -> str:
    return f"/quizzes/{COURSE}/{quiz}/attempts/{attempt_id}"


def autosave(ctx: Context) -> Comparison:
    quiz = ctx.people.quiz
    people = ctx.people.autosave
    signed = sessions(ctx, [e for e, _a, _f in people], [attempt_path(quiz, a) for _e, a, _f in people])
    lines, sample = [], None
    for t, ((_email, attempt_id, fields), (cookie, token)) in enumerate(zip(people, signed, strict=True)):
        first = next(name for name, value in fields if name.startswith("q") and "-" in value)
        body = urllib.parse.urlencode({"csrf_token": token, "present": first[1:]}) + f"&revision=%REV%&{first}=%VAL%"
        values = "|".join(f"{first[1:]}-{p}" for p in (0, 1))
        lines.append(Line(t + 1, "POST", attempt_path(quiz, attempt_id) + "/save", cookie, body, values, revision=1))
        sample = sample or (cookie, attempt_path(quiz, attempt_id) + "/save", body, values)
    # The size of a real answer: one save at the current revision, then wrk goes on from the next one.
    cookie, path, body, values = sample
    form = urllib.parse.parse_qsl(body.replace("%REV%", "1").replace("%VAL%", values.split("|")[0]))
    status, size = body_size(ctx.letp, cookie, "POST", path, form)
    assert status == 200, f"autosave answered {status}"
    floor = [Line(ln.thread, "POST", f"/bytes/{size}", "", ln.body, ln.values) for ln in lines]

    def current(_run: int) -> list[Line]:
        """Each wrk run starts from the revision the previous one left (read from the attempt page)."""
        fresh = []
        for ln in lines:
            browser = Browser(ctx.letp)
            browser.cookies = dict(part.split("=", 1) for part in ln.cookie.split("; "))
            _status, text, _location = browser.get(ln.path.removesuffix("/save"))
            revision = int(REVISION.search(text).group(1))
            fresh.append(Line(ln.thread, ln.method, ln.path, ln.cookie, ln.body, ln.values, revision))
        return fresh

    return compare(Comparison("Autosave of one answer", 0.3, size), ctx.tmp, ctx.letp, current, "autosave", 200,
                   ctx.floor, floor, "autosave", ctx.runs, ctx.seconds)  # fmt: skip


def submit(ctx: Context) -> Comparison:
    quiz = ctx.people.quiz
    people = ctx.people.submit
    signed = sessions(ctx, [e for e, _a, _f in people], [attempt_path(quiz, a) for _e, a, _f in people])
    entries = []
    for (_email, attempt_id, fields), (cookie, token) in zip(people, signed, strict=True):
        body = urllib.parse.urlencode([("csrf_token", token), ("action", "submit"), *fields])
        entries.append((attempt_path(quiz, attempt_id), cookie, body))
    # One share of the pool per wrk run (the warm-up and each measured run), spread over its threads.
    shares = ctx.runs + 1
    per_run = (len(entries) - 1) // shares  # the last entry is kept apart to measure the response size
    runs = []
    for r in range(shares):
        chunk = entries[r * per_run : (r + 1) * per_run]
        runs.append([Line(i % wrk.CONNECTIONS + 1, "POST", p, c, b) for i, (p, c, b) in enumerate(chunk)])
    path, cookie, body = entries[-1]
    browser = Browser(ctx.letp)
    browser.cookies = dict(part.split("=", 1) for part in cookie.split("; "))
    status, text, _location = browser.request("POST", path, urllib.parse.parse_qsl(body))
    assert status == 302, f"submit answered {status}"
    size = len(text.encode())
    floor = [Line(t + 1, "POST", f"/bytes/{size}", "", entries[0][2]) for t in range(wrk.CONNECTIONS)]
    result = compare(Comparison("Submit and grade (15 questions)", 0.2, size), ctx.tmp, ctx.letp, runs.__getitem__, "walk", 302,
                     ctx.floor, floor, "fixed", ctx.runs, ctx.seconds)  # fmt: skip
    result.notes.append(f"{per_run} fresh attempts per run, {per_run // wrk.CONNECTIONS} per connection; "
                        f"used per run: {', '.join(str(r.walked) for r in result.letp)}")  # fmt: skip
    return result
