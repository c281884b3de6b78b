"""Demo data for development: a living cohort for the demo coordinator (flask lms demo).

Sample officers work through the course to different points through the real services:
modules marked read, quizzes started, answered, submitted and graded (some failed and
retaken), certificates issued. A seeded random generator makes every run the same; times are
spread over the past days: each step runs under `clock.at(moment)`, so every row it writes
(answers, attempts, certificates, audit records) carries that moment.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from . import clock
from .auth.models import User
from .auth.roles import Role
from .catalog.build import Course
from .cohorts import service as cohorts
from .cohorts.models import Cohort
from .extensions import db
from .progress import certificates
from .progress import service as progress
from .quizzes import service as quizzes
from .quizzes import spec
from .quizzes.layout import Slot, question_at

COHORT_NAME = "Demo cohort: regional workshop"
SAMPLE_OFFICERS = [
    ("Amina Njoroge", "KE", "Kenya National Police Service"), ("Brian Otieno", "KE", "Kenya National Police Service"),
    ("Grace Wanjiku", "KE", "Directorate of Criminal Investigations"), ("Lucas Almeida", "BR", "Polícia Federal"),
    ("Mariana Costa", "BR", "Polícia Civil de São Paulo"), ("Rafael Souza", "BR", "Polícia Federal"),
    ("Kim Min-jun", "KR", "Korean National Police Agency"), ("Lee Seo-yeon", "KR", "Korean National Police Agency"),
    ("Park Ji-ho", "KR", "Seoul Metropolitan Police"), ("Sofia Martínez", "AR", "Policía Federal Argentina"),
    ("Diego Fernández", "AR", "Policía de la Ciudad"), ("Emma de Vries", "NL", "Politie Nederland"),
    ("Daan Jansen", "NL", "FIOD"), ("Léa Dubois", "FR", "Police nationale"), ("Hugo Lambert", "FR", "Gendarmerie nationale"),
    ("Jonas Weber", "DE", "Bundeskriminalamt"), ("Lena Fischer", "DE", "Landeskriminalamt Berlin"),
    ("Maria Santos", "PH", "Philippine National Police"), ("Jose Reyes", "PH", "National Bureau of Investigation"),
    ("Olivia Brown", "GB", "National Crime Agency"), ("Samuel Clarke", "GB", "Metropolitan Police Service"),
    ("Noa Levi", "IL", "Israel Police"), ("Erik Lindqvist", "SE", "Polismyndigheten"),
    ("Chloe Tremblay", "CA", "Royal Canadian Mounted Police"), ("Ava Singh", "CA", "Ontario Provincial Police"),
]  # fmt: skip


def sample_answer(question: spec.Question, right: bool, rng: random.Random) -> dict | None:
    """A response in stored form: right, or plausibly wrong (None for an essay)."""
    correct = [i for i, c in enumerate(question.choices) if c.correct]
    wrong = [i for i in range(len(question.choices)) if i not in correct]
    if question.type in (spec.MULTIPLE_CHOICE, spec.TRUE_FALSE):
        return {"choice": correct[0] if right or not wrong else rng.choice(wrong)}
    if question.type == spec.MULTIPLE_ANSWERS:
        return {"choices": correct if right or len(correct) < 2 else correct[1:]}
    if question.type == spec.NUMERICAL:
        bounds = question.numerical
        assert bounds is not None  # the reader gives every numerical question its bounds
        value = bounds.exact if bounds.exact is not None else bounds.min
        return {"text": str(value if right else value * 2 + 1)}
    if question.type == spec.SHORT_ANSWER:
        return {"text": question.choices[0].text if right else "not sure"}
    if question.type == spec.MATCHING:
        key = list(question.key())
        return {"matches": key if right or len(key) < 2 else key[1:] + key[:1]}
    if question.type == spec.ORDERING:
        places = list(range(len(question.choices)))
        return {"places": places if right else places[1:] + places[:1]}
    return None  # essays are left for an instructor


def sample_answers(quiz: spec.Quiz, layout: tuple[Slot, ...], skill: float, rng: random.Random) -> dict[int, dict]:
    """Slot index -> stored response for an attempt's layout, each right with probability `skill`.

    The demo cohort and the benchmarks' officers answer with it."""
    found = {}
    for index, slot in enumerate(layout):
        if slot.text:
            continue
        question, _points = question_at(quiz, slot)
        response = sample_answer(question, rng.random() < skill, rng)
        if response is not None:
            found[index] = response
    return found


def _take(user_id: int, entry, skill: float, rng: random.Random) -> bool:
    attempt = quizzes.start_attempt(user_id, entry)
    responses = sample_answers(entry.spec, quizzes.layout_of(attempt), skill, rng)
    if quizzes.writable_slots(attempt) is None:
        quizzes.save(attempt, responses, attempt.revision)
    else:  # "can't go back": one page at a time, as the officer would
        for _page in quizzes.pages_of(attempt):
            writable = quizzes.writable_slots(attempt)
            assert writable is not None  # a "can't go back" quiz with pages: its one writable slot
            here = {slot: responses[slot] for slot in writable if slot in responses}
            quizzes.save(attempt, here, attempt.revision)
            quizzes.move(attempt, "next", None)
    with clock.at(clock.now() + timedelta(minutes=rng.randint(6, 14))):
        quizzes.submit(attempt)
    return bool(attempt.passed)


def work_through(
    user: User, course: Course, catalog, steps: int, skill: float, rng: random.Random, at: datetime
) -> None:
    """Do the first `steps` steps of the course (modules, then the final) as an officer would."""
    moment = at
    for module in course.modules[:steps]:
        moment += timedelta(minutes=module.minutes + rng.randint(-5, 15))
        with clock.at(moment):
            progress.mark_read(user.id, course.slug, module.slug)
        if module.quiz:
            for _try in range(3):
                moment += timedelta(minutes=30)  # past the quiz time and any cooldown
                with clock.at(moment):
                    passed = _take(user.id, catalog.quiz(course.slug, module.quiz), skill, rng)
                if passed:
                    break
                skill = min(0.97, skill + 0.15)
    if steps > len(course.modules) and course.final_assessment:
        moment += timedelta(minutes=20)
        with clock.at(moment):
            _take(user.id, catalog.quiz(course.slug, course.final_assessment), skill, rng)
    with clock.at(moment):
        certificates.issue_if_complete(user.id, course)


def create_demo_cohort(course: Course, catalog, coordinator: User, demo_officer: User) -> Cohort | None:
    """The demo cohort with its officers' progress; None if it exists already (idempotent)."""
    if db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME)) is not None:
        return None
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not a secret
    today = clock.now().date()
    cohort = cohorts.create_cohort(name=COHORT_NAME, country="KE", course_slug=course.slug, location="Nairobi",
                                   starts=today - timedelta(days=6), ends=today + timedelta(days=1))  # fmt: skip
    cohorts.set_coordinator(cohort, coordinator, True)
    cohorts.enrol(cohort, demo_officer)
    total_steps = len(course.modules) + (1 if course.final_assessment else 0)
    for n, (name, country, agency) in enumerate(SAMPLE_OFFICERS):
        email = f"{name.split()[0].lower()}.{n:02d}@demo.letp.test"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, agency=agency, country=country, role=Role.OFFICER)
            db.session.add(user)
            db.session.flush()
        cohorts.enrol(cohort, user)
        steps = min(total_steps, n % (total_steps + 2))  # from nothing done to everything done
        start = datetime.combine(today - timedelta(days=rng.randint(1, 6)), datetime.min.time()) + timedelta(hours=8)
        work_through(user, course, catalog, steps, rng.uniform(0.55, 0.95), rng, start)
    return cohort
