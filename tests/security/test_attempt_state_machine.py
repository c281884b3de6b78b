"""The attempt lifecycle as a state machine (Hypothesis): whatever the order of starts, saves,
passing time, submits and finalisations, the invariants hold.

- each attempt is graded at most once (one submit-or-finalise audit record) and never reopens;
- a score is never above what the attempt could earn;
- no answer is stored after the deadline plus grace;
- at most one attempt is in progress, numbers are unique, and no more attempts than allowed.
"""

import contextlib
import json
from datetime import datetime, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import delete, select

import lms.clock
from lms.audit.models import AuditEvent
from lms.catalog import service as content
from lms.extensions import db
from lms.quizzes import answers, service
from lms.quizzes.layout import question_at
from lms.quizzes.models import Answer, Attempt, AttemptState, QuizAllowance


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_attempt_lifecycle_invariants(app, make_user, monkeypatch):
    user = make_user()
    now = {"t": datetime(2026, 12, 1, 9, 0, 0)}
    monkeypatch.setattr(lms.clock, "now", lambda: now["t"])

    class Lifecycle(RuleBasedStateMachine):
        @initialize()
        def clean(self):
            with app.app_context():
                for model in (Answer, Attempt, QuizAllowance, AuditEvent):
                    db.session.execute(delete(model))
                db.session.commit()
            now["t"] = datetime(2026, 12, 1, 9, 0, 0)

        def entry(self):
            return content.catalog().quiz("quiz-course", "final")

        @rule()
        def start(self):
            with app.app_context(), app.test_request_context(method="POST"):
                try:
                    service.start_attempt(user.id, self.entry())
                    db.session.commit()
                except service.Refused:
                    db.session.rollback()

        @rule(value=st.sampled_from(["2016", "210000", "7", "", "1e3"]), pick_choice=st.integers(0, 2))
        def save(self, value, pick_choice):
            with app.app_context(), app.test_request_context(method="POST"):
                attempt = db.session.scalar(select(Attempt).where(Attempt.state == AttemptState.IN_PROGRESS))
                if attempt is None:
                    return
                quiz, layout = service.spec_of(attempt), service.layout_of(attempt)
                responses = {}
                for index, slot in enumerate(layout):
                    question, _points = question_at(quiz, slot)
                    values = [answers.choice_value(index, pick_choice)] if question.choices else [value]
                    responses.update(answers.parse(quiz, layout, [index], {index: values}))
                with contextlib.suppress(service.Closed, service.Stale):  # refusals are outcomes, not errors
                    service.save(attempt, responses, attempt.revision)
                db.session.commit()

        @rule(minutes=st.integers(1, 40))
        def time_passes(self, minutes):
            now["t"] += timedelta(minutes=minutes)

        @rule()
        def submit(self):
            with app.app_context(), app.test_request_context(method="POST"):
                for attempt in db.session.scalars(select(Attempt)):
                    service.submit(attempt)
                db.session.commit()

        @rule()
        def finalise_overdue(self):
            with app.app_context(), app.test_request_context(method="POST"):
                service.finalise_overdue()
                db.session.commit()

        @invariant()
        def holds(self):
            with app.app_context():
                attempts = db.session.scalars(select(Attempt)).all()
                closed = [e.target for e in db.session.scalars(select(AuditEvent).where(
                    AuditEvent.action.in_(["attempt.submit", "attempt.finalise"])))]  # fmt: skip
                assert len(closed) == len(set(closed)), "an attempt was graded twice"
                assert sum(a.state == AttemptState.IN_PROGRESS for a in attempts) <= 1
                assert len({a.number for a in attempts}) == len(attempts) <= 2
                grace = timedelta(seconds=app.config["QUIZ_GRACE_SECONDS"])
                for a in attempts:
                    if a.state == AttemptState.GRADED:
                        assert f"attempt:{a.id}" in closed
                        assert 0 <= a.score <= a.possible
                    for answer in a.answers:
                        assert a.deadline_at is None or answer.saved_at <= a.deadline_at + grace
                        assert json.loads(answer.response)

    Lifecycle.TestCase.settings = settings(max_examples=25, stateful_step_count=15, deadline=None)
    Lifecycle.TestCase().runTest()
