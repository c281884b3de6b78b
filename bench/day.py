"""An officer's whole day as a browser without JavaScript would live it, many officers at once.

Sign in, then for each of the 7 modules: open it, mark it read, open its quiz, start, answer
every question right and submit (following each redirect to the page it leads to); then the
final assessment and the dashboard with the certificate. The answers come from the attempt's
layout in the database and the quiz file, so every quiz is passed and the next module opens.
The same sequence of requests (methods and body sizes) is then replayed against the floor.
"""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import sqlalchemy as sa

from lms.demo import sample_answers
from lms.quizzes.format import parse_quiz
from lms.quizzes.layout import load

from .answers import form_fields, present
from .client import TOKEN, Browser

COURSE = "crypto-crime-essentials"
REVISION = re.compile(r'name="revision"[^>]*value="(\d+)"')


@lru_cache(maxsize=64)
def _quiz(source: str):
    return parse_quiz(source)[0]


class Key:
    """Reads an attempt's layout and quiz version (the load client's answer key)."""

    def __init__(self, database_url: str):
        self.engine = sa.create_engine(database_url)
        self.lock = threading.Lock()

    def answers(self, attempt_id: int) -> tuple[tuple, dict]:
        with self.engine.connect() as conn:
            layout, source = conn.execute(sa.text("SELECT a.layout, v.source FROM attempt a JOIN quiz_version v ON "
                                                  "v.id = a.version_id WHERE a.id = :id"), {"id": attempt_id}).one()  # fmt: skip
        layout = load(json.loads(layout))
        import random

        return layout, sample_answers(_quiz(source), layout, 1.0, random.Random(attempt_id))

    def close(self) -> None:
        self.engine.dispose()


def take_quiz(browser: Browser, key: Key, quiz: str) -> None:
    status, text, _location = browser.get(f"/quizzes/{COURSE}/{quiz}/")
    token = TOKEN.search(text).group(1)
    status, _text, location = browser.post(f"/quizzes/{COURSE}/{quiz}/start", {"csrf_token": token})
    match = re.search(r"/attempts/(\d+)$", location)
    if status != 302 or not match:
        raise RuntimeError(f"could not start {quiz}: {status} {location}")
    attempt_id = int(match.group(1))
    status, text, _location = browser.follow(status, "", location)
    revision = REVISION.search(text).group(1)
    layout, stored = key.answers(attempt_id)
    form = [("csrf_token", TOKEN.search(text).group(1)), ("action", "submit"), ("present", present(layout)),
            ("revision", revision), ("page", "0"), *form_fields(layout, stored)]  # fmt: skip
    status, text, location = browser.post(f"/quizzes/{COURSE}/{quiz}/attempts/{attempt_id}", form)
    if status != 302 or not location.endswith("/review"):
        raise RuntimeError(f"submitting {quiz} answered {status} {location}")
    browser.follow(status, text, location)


def officer_day(base: str, key: Key, course, email: str, password: str) -> Browser:
    browser = Browser(base)
    browser.login(email, password)
    for module in course.modules:
        status, text, _location = browser.get(f"/courses/{COURSE}/{module.slug}")
        if status != 200:
            raise RuntimeError(f"{module.slug} answered {status} for {email}")
        status, text, location = browser.post(f"/progress/{COURSE}/{module.slug}/read",
                                              {"csrf_token": TOKEN.search(text).group(1)})  # fmt: skip
        browser.follow(status, text, location)
        if module.quiz:
            take_quiz(browser, key, module.quiz)
    if course.final_assessment:
        take_quiz(browser, key, course.final_assessment)
    status, text, _location = browser.get("/progress/")
    if "certificate-note" not in text:
        raise RuntimeError(f"{email} finished the day without a certificate link on the dashboard")
    return browser


def run_day(base: str, database_url: str, course, emails: list[str], password: str, threads: int) -> dict:
    key = Key(database_url)
    browsers: list[Browser] = []
    errors: list[str] = []

    def one(email: str) -> None:
        try:
            browsers.append(officer_day(base, key, course, email, password))
        except Exception as exc:  # a failed day is reported, not hidden
            errors.append(f"{email}: {exc}")

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, emails))
    elapsed = time.perf_counter() - started
    key.close()
    requests = sum(b.requests for b in browsers)
    return {"officers": len(browsers), "errors": errors, "seconds": elapsed, "requests": requests,
            "per_minute": len(browsers) / elapsed * 60, "requests_per_officer": requests / max(1, len(browsers)),
            "sequence": browsers[0].sizes if browsers else []}  # fmt: skip


def replay_floor(base: str, sequence: list[tuple[str, int]], officers: int, threads: int) -> dict:
    """The same requests (methods and response sizes) against the floor: officers per minute there."""

    def one(_n: int) -> None:
        browser = Browser(base)
        for method, size in sequence:
            status, _text, _location = browser.request(
                method, f"/bytes/{size}", {"a": "b"} if method == "POST" else None
            )
            if status != 200:
                raise RuntimeError(f"floor answered {status}")

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(officers)))
    elapsed = time.perf_counter() - started
    return {"officers": officers, "seconds": elapsed, "per_minute": officers / elapsed * 60}
