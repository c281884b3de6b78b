"""H5: a streaming export completes and is audited while officers write (SQLite too)."""

from __future__ import annotations

import csv
import io
import re
import threading

import pytest
from sqlalchemy import insert, select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from lms.cohorts.models import CohortMember
from lms.extensions import db
from tests.quizzes.conftest import COURSE, attempt_page, started_attempt

OFFICERS = 10_000

pytestmark = pytest.mark.slow


def _enrol_many(app, cohort_id: int, count: int) -> None:
    """`count` officers in the cohort, inserted in bulk (the export reads them like any others)."""
    from datetime import datetime

    with app.app_context():
        now = datetime(2026, 12, 1, 8, 0)
        rows = [
            {"email": f"bulk{n}@police.example", "name": f"Bulk Officer {n}", "agency": "Bulk Agency",
             "country": "KE", "role": "officer", "active": True, "session_version": 1, "created_at": now}
            for n in range(count)
        ]  # fmt: skip
        db.session.execute(insert(User), rows)
        ids = db.session.scalars(select(User.id).where(User.email.like("bulk%"))).all()
        db.session.execute(
            insert(CohortMember), [{"cohort_id": cohort_id, "user_id": i, "enrolled_at": now} for i in ids]
        )
        db.session.commit()


def test_h5_export_completes_and_is_audited_while_officers_autosave(app, make_user, make_cohort, login):
    coordinator, officer = make_user("coordinator"), make_user()
    cohort_id = make_cohort(coordinators=[coordinator], members=[officer])
    _enrol_many(app, cohort_id, OFFICERS)

    officer_client = app.test_client()
    login(officer, target=officer_client)
    attempt_id = started_attempt(officer_client, "basics-quiz")
    html = attempt_page(officer_client, "basics-quiz", attempt_id).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    save_url = f"/quizzes/{COURSE}/basics-quiz/attempts/{attempt_id}/save"

    coordinator_client = app.test_client()
    login(coordinator, target=coordinator_client)
    response = coordinator_client.get(f"/cohorts/{cohort_id}/export.csv", buffered=False)
    assert response.status_code == 200
    body = response.iter_encoded()
    received = [next(body), next(body)]  # the header and a first row: the export holds its read transaction

    saves = []

    def autosave():
        for revision in range(5):
            data = {"csrf_token": token, "present": "4", "revision": str(revision), "q4": f"answer {revision}"}
            saves.append(officer_client.post(save_url, data=data).status_code)

    writer = threading.Thread(target=autosave)
    writer.start()
    writer.join(timeout=60)
    assert saves == [200] * 5  # the officer's writes were not held up by the export either
    received.extend(body)
    response.close()

    rows = list(csv.reader(io.StringIO(b"".join(received).decode("utf-8"))))
    assert len(rows) == OFFICERS + 2  # header, the bulk officers and the real one
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "grades.export")).all()
        assert len(events) == 1
        assert f'"rows": {OFFICERS + 1}' in events[0].detail
