"""Counting the SQL statements a request sends, and making officers with more or less history."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lms.extensions import db
from tests.conftest import csrf_token

COURSE = "quiz-course"


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` collects every statement sent in the block.

    BEGIN is left out: SQLite's is sent by LETP's own hook, PostgreSQL's by the driver unseen,
    and leaving it out gives both databases the same numbers.
    """
    with app.app_context():
        engine = db.engine

    @contextmanager
    def counting():
        statements: list[str] = []

        def listener(_conn, _cursor, statement, _parameters, _context, _executemany):
            if not statement.lstrip().upper().startswith("BEGIN"):
                statements.append(statement)

        event.listen(engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", listener)

    return counting


@pytest.fixture
def give_history(app):
    """Modules read and graded attempts for an officer, through the real services."""

    def give(user, *, reads: int, attempts: int) -> None:
        from lms.catalog import service as content
        from lms.progress import service as progress
        from lms.quizzes import service as quizzes

        with app.app_context():
            course = content.catalog().course(COURSE)
            for module in course.modules[:reads]:
                progress.mark_read(user.id, COURSE, module.slug)
            entry = content.catalog().quiz(COURSE, "essay-quiz")  # no attempt limit, no cooldown
            for _ in range(attempts):
                attempt = quizzes.start_attempt(user.id, entry)
                quizzes.save(attempt, {0: {"choice": 0}}, attempt.revision)
                quizzes.submit(attempt)
            db.session.commit()

    return give


@pytest.fixture
def waiting_essay(app, make_user):
    """A new officer's submitted essay-quiz attempt, waiting for its mark; returns the essay answer's id."""

    def submit(text: str) -> int:
        from lms.catalog import service as content
        from lms.quizzes import service as quizzes
        from lms.quizzes.models import Answer

        user = make_user()
        with app.app_context():
            attempt = quizzes.start_attempt(user.id, content.catalog().quiz(COURSE, "essay-quiz"))
            quizzes.save(attempt, {0: {"choice": 0}, 1: {"text": text}}, attempt.revision)
            quizzes.submit(attempt)
            db.session.commit()
            return db.session.scalar(db.select(Answer.id).where(Answer.attempt_id == attempt.id, Answer.slot == 1))

    return submit


def signed_in(app, login, user):
    client = app.test_client()
    login(user, target=client)
    return client


def form_of(client, path: str) -> dict:
    """The hidden fields of the attempt form on `path` (token, revision, present)."""
    import re

    html = client.get(path).get_data(as_text=True)
    fields = dict(re.findall(r'name="(csrf_token|revision|present)"[^>]*value="([^"]*)"', html))
    fields.setdefault("csrf_token", csrf_token(client, path))
    return fields
