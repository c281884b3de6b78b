"""Seed a database fast with bulk inserts, shaped as the real services would leave it.

Attempt rows are made by LETP's own code: `build_layout` picks the questions and choice order
from a seed and `quizzes.service.grade` scores them, on a few templates per quiz that the
officers then share (with their own ids and times). Reads, allowances, attempts, answers and
certificates follow the rules the services apply (a module's quiz after its reading, a retake
after a failed attempt, a certificate once the course is complete). Audit records are not
seeded: no page or export measured here reads them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from lms.demo import sample_answers
from lms.extensions import db
from lms.progress.certificates import new_code
from lms.progress.grades import result
from lms.progress.service import state_of
from lms.quizzes import service as quizzes
from lms.quizzes.layout import build_layout, dump, load
from lms.quizzes.models import Answer, Attempt, AttemptState, QuizVersion

from .answers import form_fields, present

AGENCIES = ["National Police", "Financial Crime Unit", "Cyber Crime Centre", "Customs Service", "Regional Police",
            "Border Guard", "Anti-Corruption Office", "Gendarmerie"]  # fmt: skip
GIVEN = ["Amina", "Brian", "Grace", "Lucas", "Mariana", "Min-jun", "Sofia", "Emma", "Léa", "Jonas", "Maria", "Olivia",
         "Noa", "Erik", "Chloe", "Ava", "Chidi", "Priya", "Diego", "Hugo"]  # fmt: skip
FAMILY = ["Njoroge", "Otieno", "Almeida", "Costa", "Kim", "Martínez", "de Vries", "Dubois", "Weber", "Santos", "Brown",
          "Levi", "Lindqvist", "Tremblay", "Singh", "Okafor", "Sharma", "Reyes", "Lambert", "Fischer"]  # fmt: skip
COUNTRIES = ["KE", "BR", "KR", "AR", "NL", "FR", "DE", "PH", "GB", "IL", "SE", "CA", "NG", "IN", "MX", "ID"]
BATCH = 20_000
START = datetime(2026, 11, 2, 8, 0)


@dataclass
class Template:
    """One graded (or saved) attempt of a quiz: what every officer sharing it gets."""

    seed: int
    layout: str
    answers: list[dict]  # slot, response, score
    state: str
    score: object
    possible: object
    percent: object
    passed: bool | None


@dataclass
class Seeder:
    app: Flask
    course_slug: str = "crypto-crime-essentials"
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    buffers: dict[str, list[dict]] = field(default_factory=dict)
    next_id: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        from lms.catalog import service as content

        with self.app.app_context():
            self.catalog = content.catalog()
            self.course = self.catalog.course(self.course_slug)
            self.entries = self.catalog.quizzes_of(self.course_slug)
            self.versions = {slug: quizzes.version_for(entry).id for slug, entry in self.entries.items()}
            db.session.commit()
            self.tables = db.metadata.tables
            self.engine = db.engine
            for name in ("user", "cohort", "module_read", "quiz_allowance", "attempt", "answer", "certificate"):
                top = db.session.scalar(sa.select(sa.func.max(self.tables[name].c.id)))
                self.next_id[name] = (top or 0) + 1
        self.templates = {slug: self._templates(slug) for slug in self.entries}

    # --- templates made by LETP's own layout and grading code ---------------------------------

    def template(self, slug: str, skill: float, *, graded: bool = True) -> Template:
        entry = self.entries[slug]
        seed = self.rng.getrandbits(31)
        layout = build_layout(entry.spec, seed)
        stored = sample_answers(entry.spec, layout, skill, self.rng)
        attempt = Attempt(version=QuizVersion(source=entry.source), layout=json.dumps(dump(layout)),
                          answers=[Answer(slot=s, response=json.dumps(r)) for s, r in sorted(stored.items())])  # fmt: skip
        if graded:
            quizzes.grade(attempt)
        rows = [{"slot": a.slot, "response": a.response, "score": a.score} for a in attempt.answers]
        return Template(seed, attempt.layout, rows, attempt.state if graded else AttemptState.IN_PROGRESS, attempt.score,
                        attempt.possible, attempt.percent, attempt.passed)  # fmt: skip

    def _templates(self, slug: str) -> dict[str, list[Template]]:
        tries = [self.template(slug, self.rng.uniform(0.55, 0.95)) for _ in range(12)]
        return {"try": tries, "pass": [self.template(slug, 1.0) for _ in range(4)]}

    # --- buffered bulk inserts ----------------------------------------------------------------

    def take_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, **row) -> None:
        self.buffers.setdefault(table, []).append(row)
        if len(self.buffers[table]) >= BATCH:
            self.flush()

    def flush(self) -> None:
        order = ["user", "cohort", "cohort_member", "cohort_coordinator", "module_read", "quiz_allowance", "attempt",
                 "answer", "certificate"]  # fmt: skip
        with self.engine.begin() as conn:
            for name in order:
                rows = self.buffers.pop(name, None)
                if rows:
                    conn.execute(self.tables[name].insert(), rows)

    def finish(self) -> None:
        from lms.cohorts import facets

        self.flush()
        with self.engine.begin() as conn:  # bulk inserts bypass the ORM hook that keeps these
            facets.rebuild(conn)
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as conn:
                for name in self.next_id:
                    conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                                         f"(SELECT COALESCE(MAX(id), 1) FROM \"{name}\"))")  # fmt: skip
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")

    # --- people -------------------------------------------------------------------------------

    def user(self, email: str, name: str, password_hash: str, role: str = "officer") -> int:
        user_id = self.take_id("user")
        self.add("user", id=user_id, email=email, name=name, agency=self.rng.choice(AGENCIES),
                 country=self.rng.choice(COUNTRIES), role=role, active=True, password_hash=password_hash,
                 session_version=1, created_at=START, last_login_at=None)  # fmt: skip
        return user_id

    def cohort(self, name: str, coordinator_id: int | None) -> int:
        cohort_id = self.take_id("cohort")
        self.add("cohort", id=cohort_id, name=name, country="KE", location="Nairobi", course_slug=self.course_slug,
                 starts_on=START.date(), ends_on=None, closed_at=None, created_at=START)  # fmt: skip
        if coordinator_id is not None:
            self.add("cohort_coordinator", cohort_id=cohort_id, user_id=coordinator_id)
        return cohort_id

    def enrol(self, cohort_id: int, user_id: int) -> None:
        self.add("cohort_member", cohort_id=cohort_id, user_id=user_id, enrolled_at=START)

    # --- progress through the day ---------------------------------------------------------------

    def attempt(self, user_id: int, slug: str, number: int, template: Template, at: datetime) -> int:
        attempt_id = self.take_id("attempt")
        graded = template.state != AttemptState.IN_PROGRESS
        limit = self.entries[slug].spec.settings.time_limit_minutes
        self.add("attempt", id=attempt_id, user_id=user_id, course_slug=self.course_slug, quiz_slug=slug,
                 version_id=self.versions[slug], number=number, seed=template.seed, layout=template.layout,
                 state=template.state, revision=1 if template.answers else 0, page=0, started_at=at,
                 deadline_at=at + timedelta(minutes=limit) if limit else None,
                 submitted_at=at + timedelta(minutes=9) if graded else None, finalised_by="officer" if graded else None,
                 score=template.score, possible=template.possible, percent=template.percent, passed=template.passed)  # fmt: skip
        for a in template.answers:
            self.add("answer", id=self.take_id("answer"), attempt_id=attempt_id, slot=a["slot"], response=a["response"],
                     saved_at=at + timedelta(minutes=8), score=a["score"] if graded else None, comment="",
                     marked_by_id=None, marked_at=None)  # fmt: skip
        return attempt_id

    def allowance(self, user_id: int, slug: str) -> None:
        self.add("quiz_allowance", id=self.take_id("quiz_allowance"), user_id=user_id, course_slug=self.course_slug,
                 quiz_slug=slug, extra_attempts=0, extra_minutes=0)  # fmt: skip

    def take_until_passed(self, user_id: int, slug: str, at: datetime) -> tuple[list[Template], datetime]:
        self.allowance(user_id, slug)
        taken = []
        for number in range(1, (self.entries[slug].spec.settings.max_attempts or 3) + 1):
            pool = self.templates[slug]["try" if number == 1 else "pass"]
            template = self.rng.choice(pool)
            self.attempt(user_id, slug, number, template, at)
            taken.append(template)
            at += timedelta(minutes=30)
            if template.passed:
                break
        return taken, at

    def work_through(self, user_id: int, steps: int, at: datetime) -> None:
        """The first `steps` steps of the course: module i read and its quiz passed, then the final."""
        reads, graded = set(), {}
        for module in self.course.modules[:steps]:
            at += timedelta(minutes=module.minutes)
            self.add("module_read", id=self.take_id("module_read"), user_id=user_id, course_slug=self.course_slug,
                     module_slug=module.slug, read_at=at)  # fmt: skip
            reads.add(module.slug)
            if module.quiz:
                graded[module.quiz], at = self.take_until_passed(user_id, module.quiz, at)
        final = self.course.final_assessment
        if steps > len(self.course.modules) and final:
            graded[final], at = self.take_until_passed(user_id, final, at)
        self.certify_if_complete(user_id, reads, graded, at)

    def certify_if_complete(self, user_id: int, reads: set[str], graded: dict[str, list[Template]], at) -> None:
        grades, passed = {}, set()
        for slug, entry in self.entries.items():
            grades[slug], ok = quizzes.graded_result(entry.spec.settings, graded.get(slug, []))
            if ok:
                passed.add(slug)
        course = self.course
        outcome = result(state_of(course, reads, frozenset(passed)), [m.quiz for m in course.modules if m.quiz],
                         course.final_assessment, grades, course.module_weight, course.final_weight,
                         course.pass_percent)  # fmt: skip
        if outcome.complete:
            from lms.quizzes.grading import rounded

            self.add("certificate", id=self.take_id("certificate"), user_id=user_id, course_slug=self.course_slug,
                     code=new_code(), grade=rounded(outcome.grade), issued_at=at, revoked_at=None,
                     revoked_by_id=None, revoke_reason="")  # fmt: skip

    def open_attempt(self, user_id: int, slug: str, skill: float = 1.0) -> tuple[int, list[tuple[str, str]]]:
        """An attempt in progress with every answer saved (as autosave leaves it), and its form fields."""
        self.allowance(user_id, slug)
        template = self.template(slug, skill, graded=False)
        layout = load(json.loads(template.layout))
        stored = {a["slot"]: json.loads(a["response"]) for a in template.answers}
        fields = [("present", present(layout)), ("revision", "1"), ("page", "0"), *form_fields(layout, stored)]
        return self.attempt(user_id, slug, 1, template, datetime(2026, 11, 24, 9, 0)), fields


def cohort_of_officers(seeder: Seeder, count: int, password_hash: str, name: str = "Scale cohort") -> tuple[int, int]:
    """A cohort of `count` officers at every point of the day (as lms/demo.py spreads them), and its coordinator."""
    coordinator = seeder.user(f"coordinator@{name.split()[0].lower()}.bench.test", "Bench Coordinator", password_hash,
                              role="coordinator")  # fmt: skip
    cohort_id = seeder.cohort(name, coordinator)
    total_steps = len(seeder.course.modules) + (1 if seeder.course.final_assessment else 0)
    for n in range(count):
        name_of = f"{seeder.rng.choice(GIVEN)} {seeder.rng.choice(FAMILY)}"
        user_id = seeder.user(f"officer{n}@scale.bench.test", name_of, password_hash)
        seeder.enrol(cohort_id, user_id)
        seeder.work_through(user_id, min(total_steps, n % (total_steps + 2)), START + timedelta(hours=n % 200))
    return cohort_id, coordinator


@dataclass
class LoadPeople:
    """The officers the load benchmarks sign in as (a cohort of their own, apart from the scale cohort)."""

    halfway: list[str] = field(default_factory=list)  # modules 1-3 complete, module 4 read
    autosave: list[tuple[str, int, list]] = field(default_factory=list)  # (e-mail, attempt in progress, its fields)
    submit: list[tuple[str, int, list]] = field(default_factory=list)
    day: list[str] = field(default_factory=list)  # nothing done yet
    quiz: str = "blockchain-fundamentals-quiz"


def load_people(seeder: Seeder, *, connections: int, submit_pool: int, day_officers: int, light_hash: str,
                real_hash: str) -> LoadPeople:  # fmt: skip
    people = LoadPeople()
    cohort_id = seeder.cohort("Load cohort", None)

    def officer(kind: str, n: int, password_hash: str) -> tuple[str, int]:
        email = f"{kind}{n}@load.bench.test"
        user_id = seeder.user(email, f"{kind.title()} Officer {n}", password_hash)
        seeder.enrol(cohort_id, user_id)
        return email, user_id

    fourth = seeder.course.modules[3]
    for n in range(connections):
        email, user_id = officer("halfway", n, light_hash)
        seeder.work_through(user_id, 3, START)
        seeder.add("module_read", id=seeder.take_id("module_read"), user_id=user_id, course_slug=seeder.course_slug,
                   module_slug=fourth.slug, read_at=START + timedelta(hours=4))  # fmt: skip
        people.halfway.append(email)
    for n in range(connections):
        email, user_id = officer("autosave", n, light_hash)
        people.autosave.append((email, *seeder.open_attempt(user_id, people.quiz)))
    for n in range(submit_pool):
        email, user_id = officer("submit", n, light_hash)
        people.submit.append((email, *seeder.open_attempt(user_id, people.quiz)))
    for n in range(day_officers):
        people.day.append(officer("day", n, real_hash)[0])
    return people
