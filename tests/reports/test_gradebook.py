"""Gradebook rows are typed; the export's column order is defined once and read by name."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from lms.progress.grades import CourseResult, result
from lms.progress.rules import CourseState, ModuleState, Status, Step, course_state
from lms.reports.gradebook import (
    Issued,
    ModuleColumn,
    Officer,
    Summary,
    columns,
    header,
    progress_key,
    ranks,
    row,
    values,
)

MODULES = [ModuleColumn("intro", "Intro", None), ModuleColumn("wallets", "Wallets", "wallets-quiz")]
OFFICER = Officer(7, "Ana Silva", "ana@example.org", "Polícia Federal", "BR")


def outcome(read: set[str], grades: dict[str, Fraction | None], passed: set[str]):
    state = course_state([Step("intro", None), Step("wallets", "wallets-quiz")], read, passed, True, "final")
    return result(state, ["wallets-quiz"], "final", grades, 40, 60, 70)


def test_columns_name_every_value_in_order():
    done = outcome(
        {"intro", "wallets"}, {"wallets-quiz": Fraction(90), "final": Fraction(85)}, {"wallets-quiz", "final"}
    )
    issued = Issued("AAAA-BBBB-CCCC", datetime(2026, 11, 30, 14, 5))
    r = row(OFFICER, "Brasília 2026", MODULES, "final", done, issued)
    cols = columns(MODULES, has_final=True)
    assert dict(zip(header(cols), values(cols, r), strict=True)) == {
        "officer_id": 7, "name": "Ana Silva", "email": "ana@example.org", "agency": "Polícia Federal",
        "country": "BR", "cohort": "Brasília 2026", "intro_status": "complete", "wallets_status": "complete",
        "wallets_quiz_percent": Decimal("90.00"), "final_assessment_percent": Decimal("85.00"),
        "course_grade": Decimal("87.00"), "completed": "yes", "completed_at": "2026-11-30T14:05:00Z",
        "certificate_code": "AAAA-BBBB-CCCC", "attempt_languages": "",
    }  # fmt: skip
    assert r.modules[0].has_quiz is False and r.modules[0].quiz_percent is None
    assert r.completed and r.completed_at == datetime(2026, 11, 30, 14, 5)


def test_a_revoked_certificate_is_not_a_completion():
    done = outcome(
        {"intro", "wallets"}, {"wallets-quiz": Fraction(90), "final": Fraction(85)}, {"wallets-quiz", "final"}
    )
    r = row(OFFICER, "C", MODULES, "final", done, Issued("AAAA-BBBB-CCCC", datetime(2026, 11, 30), revoked=True))
    cols = columns(MODULES, has_final=True)
    exported = dict(zip(header(cols), values(cols, r), strict=True))
    assert not r.completed and r.completed_at is None and r.certificate_code == ""
    assert (exported["completed"], exported["completed_at"], exported["certificate_code"]) == ("no", "", "")


def test_summary_counts_modules_finals_and_completions_by_day():
    started = row(OFFICER, "C", MODULES, "final", outcome({"intro"}, {}, set()), None)
    done = row(OFFICER, "C", MODULES, "final",
               outcome({"intro", "wallets"}, {"wallets-quiz": Fraction(80), "final": Fraction(75)}, {"wallets-quiz", "final"}),
               Issued("X", datetime(2026, 12, 1, 9)))  # fmt: skip
    summary = Summary(module_done=[0, 0])
    for r in (started, done, done):
        summary.add(r)
    assert (summary.total, summary.module_done, summary.finals) == (3, [3, 2], [75.0, 75.0])
    assert summary.running_completions() == [("2026-12-01", 2)]


def test_a_grade_reads_the_same_on_the_certificate_and_the_pages(app):
    """Issue 15, point 17: "100%" on the PDF and on the dashboard, never "100.00%" on one of them."""
    from lms.formats import percent
    from lms.reports.certificate_pdf import percent_text

    with app.test_request_context():
        for stored, shown in [("100.00", "100%"), ("87.50", "87.5%"), ("66.67", "66.67%"), ("0.00", "0%")]:
            assert percent_text(Decimal(stored)) == shown == percent(Decimal(stored))


def _outcome(statuses: str, grade: str) -> CourseResult:
    """A course result with module statuses given by letters: n(ot started), r(ead), p(assed), c(omplete)."""
    names = {"n": Status.NOT_STARTED, "r": Status.READ, "p": Status.PASSED, "c": Status.COMPLETE}
    modules = tuple(ModuleState(f"m{i}", names[s], False) for i, s in enumerate(statuses))
    state = CourseState(modules, 0, len(modules), False, False, None, False)
    return CourseResult(state, {}, Fraction(grade), False)


def test_grade_rank_is_the_shown_grade_best_first():
    outcomes = {1: ("nn", "0"), 2: ("cc", "90"), 4: ("rn", "0"), 5: ("pp", "55.5"), 6: ("pp", "2/3")}
    rank = {k: ranks(_outcome(*v), False)[0] for k, v in outcomes.items()}
    assert sorted(rank, key=lambda k: (rank[k], k)) == [2, 5, 6, 1, 4]
    assert rank[6] == -67  # 0.666… is shown, and ranked, as 0.67


def test_progress_rank_orders_certificate_then_modules_complete_then_steps():
    outcomes = {1: ("rrr", False), 2: ("ccn", False), 3: ("ccc", True), 4: ("ppc", False), 5: ("ccc", False),
                6: ("nnn", False)}  # fmt: skip
    rank = {k: ranks(_outcome(statuses, "0"), completed)[1] for k, (statuses, completed) in outcomes.items()}
    assert sorted(rank, key=rank.__getitem__) == [3, 5, 2, 4, 1, 6]
    keys = {k: progress_key(completed, [m.status.value for m in _outcome(statuses, "0").state.modules])
            for k, (statuses, completed) in outcomes.items()}  # fmt: skip
    for a in outcomes:  # the packed integer keeps the tuple's order
        for b in outcomes:
            assert (keys[a] > keys[b]) == (rank[a] < rank[b])
