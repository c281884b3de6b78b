"""Quiz pages: intro, start, the attempt (autosave and plain form posts), its summary, submit, review."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_decimal_symbol
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock
from ..auth.forms import EmptyForm, token_checked
from ..catalog import service as content
from ..database import write_transaction
from ..extensions import db
from ..formats import number, time_of_day, when
from ..progress import certificates
from ..progress import service as progress
from ..progress.rules import Status
from ..quizzes import answers, service
from ..quizzes.models import AttemptState
from ..quizzes.numbers import AMBIGUOUS, Reading
from .images import image_response
from .quiz_pages import attempt_view, review_view, summary_view

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")

REFUSALS = {
    "no_attempts_left": lambda r: _("You have used every attempt at this quiz."),
    "cooldown": lambda r: _("You can start another attempt at %(time)s.", time=when(r.until)),
    "not_open": lambda r: _("This quiz opens at %(time)s.", time=when(r.until)),
    "closed": lambda r: _("This quiz closed at %(time)s.", time=when(r.until)),
}


def off_page_message() -> str:
    return _(
        "That answer was not saved: this quiz shows one question at a time and you cannot go back, "
        "so only the question you are on can be answered. Reload the page to see it."
    )


def decimal_mark() -> str:
    """The decimal mark of the page's language ("," in German), by which typed numbers are read."""
    return get_decimal_symbol(get_locale() or "en")


def not_a_number_message(reading: Reading) -> str:
    """What to type instead, in the reader's notation: "1,500" is refused as two possible numbers."""
    if reading.problem == AMBIGUOUS and reading.could_be:
        thousands, fraction = reading.could_be
        shown = number(fraction)  # "1,5" for 1.500 in German; "1,234" stays ambiguous, so "1,2340"
        return _(
            "This could be %(thousands)s or %(fraction)s. Type %(thousands)s without a separator, or write the "
            "decimal with a different number of digits (such as %(example)s). This answer was not saved.",
            thousands=str(thousands),
            fraction=shown,
            example=shown if fraction.normalize() != fraction else shown + "0",
        )
    return _(
        "Type a number here, such as 42 or %(example)s (digits only, no words or units). This answer was not saved.",
        example=number(Decimal("3.5")),
    )


def quiz_or_404(course_slug: str, quiz_slug: str):
    entry = content.catalog().quiz(course_slug, quiz_slug)
    if entry is None:
        abort(404)
    return entry


def locked(entry) -> bool:
    """A module's quiz opens with its module; the final once every module is complete."""
    state = progress.course_state_for(current_user.id, content.course_or_404(entry.course_slug))
    if entry.is_final:
        return state.final_locked
    module = state.module(entry.module_slug)
    return module is None or module.locked


def own_attempt(entry, attempt_id: int, *, lock: bool = False):
    attempt = service.attempt_for(current_user.id, attempt_id, lock=lock)
    if attempt is None or (attempt.course_slug, attempt.quiz_slug) != (entry.course_slug, entry.slug):
        abort(404)  # someone else's attempt looks exactly like a missing one (security.md B1)
    return attempt


def current_status(entry):
    """The officer's status on the quiz, after finalising an open attempt whose time is up."""
    status = service.status(current_user.id, entry)
    if status.in_progress and service.rules.is_overdue(
        status.in_progress.deadline_at, service.grace_seconds(), clock.now()
    ):
        with write_transaction(db.session):
            attempt = service.attempt_for(current_user.id, status.in_progress.id, lock=True)
            assert attempt is not None  # the officer's own attempt, just read by service.status
            service.finalise_if_overdue(attempt)
        status = service.status(current_user.id, entry)
    return status


@bp.route("/<course>/<quiz>/")
@login_required
def intro(course: str, quiz: str):
    entry = quiz_or_404(course, quiz)
    status = current_status(entry)
    refusal = REFUSALS[status.refusal.code](status.refusal) if status.refusal else None
    shown = (
        content.catalog().quiz_in(course, quiz, content.content_locale()) or entry
    )  # its text in the reader's language
    return render_template("quizzes/intro.html", entry=entry, shown=shown, status=status, refusal=refusal, locked=locked(entry),
                           course=content.course_or_404(course), form=EmptyForm())  # fmt: skip


@bp.route("/<course>/<quiz>/start", methods=["POST"])
@login_required
def start(course: str, quiz: str):
    entry = quiz_or_404(course, quiz)
    if not token_checked():
        abort(400)
    if locked(entry):
        flash(_("This quiz opens once the modules before it are complete."), "warning")
        return redirect(url_for(".intro", course=course, quiz=quiz))
    try:
        locale = content.content_locale()
        translation = content.catalog().quiz_in(course, quiz, locale)
        attempt = service.start_attempt(current_user.id, entry, translation, locale)
    except service.Refused as refused:
        db.session.rollback()
        flash(REFUSALS[refused.refusal.code](refused.refusal), "warning")
        return redirect(url_for(".intro", course=course, quiz=quiz))
    db.session.commit()
    return redirect(url_for(".attempt", course=course, quiz=quiz, attempt_id=attempt.id))


def open_attempt(entry, attempt_id: int):
    """The officer's attempt if it is still open; otherwise None, after submitting it if its time is up."""
    record = own_attempt(entry, attempt_id)
    if record.state == AttemptState.IN_PROGRESS and service.rules.is_overdue(
        record.deadline_at, service.grace_seconds(), clock.now()
    ):
        with write_transaction(db.session):
            service.finalise_if_overdue(own_attempt(entry, attempt_id, lock=True))
        flash(_("Time was up. Your saved answers were submitted."), "info")
        record = own_attempt(entry, attempt_id)
    return record if record.state == AttemptState.IN_PROGRESS else None


@bp.route("/<course>/<quiz>/attempts/<int:attempt_id>")
@login_required
def attempt(course: str, quiz: str, attempt_id: int):
    entry = quiz_or_404(course, quiz)
    record = open_attempt(entry, attempt_id)
    if record is None:
        return redirect(url_for(".review", course=course, quiz=quiz, attempt_id=attempt_id))
    page = request.args.get("page", type=int)
    return render_template("quizzes/attempt.html", **attempt_view(entry, record, page), form=EmptyForm())


@bp.route("/<course>/<quiz>/attempts/<int:attempt_id>/summary")
@login_required
def summary(course: str, quiz: str, attempt_id: int):
    """Moodle's "summary of attempt": each question answered or not, then one button that submits."""
    entry = quiz_or_404(course, quiz)
    record = open_attempt(entry, attempt_id)
    if record is None:
        return redirect(url_for(".review", course=course, quiz=quiz, attempt_id=attempt_id))
    status = service.status(current_user.id, entry)
    return render_template("quizzes/summary.html", **summary_view(entry, record), status=status, form=EmptyForm())


def _responses(record, quiz_spec, layout):
    """The slots this post covers and their responses; 400 for anything a page cannot send."""
    try:
        slots = [int(s) for s in request.form.get("present", "").split(",") if s.strip()]
        revision = int(request.form.get("revision", ""))
        values = {slot: request.form.getlist(answers.field_name(slot)) for slot in slots}
        return answers.parse(quiz_spec, layout, slots, values), revision
    except (ValueError, answers.BadAnswer) as exc:
        abort(400, description=str(exc))


@bp.route("/<course>/<quiz>/attempts/<int:attempt_id>", methods=["POST"])
@login_required
def save_form(course: str, quiz: str, attempt_id: int):
    """The attempt form without JavaScript: save, move between pages, or submit."""
    entry = quiz_or_404(course, quiz)
    if not token_checked():
        abort(400)
    record = own_attempt(entry, attempt_id, lock=True)
    action = request.form.get("action", "save")
    if record.state != AttemptState.IN_PROGRESS:
        return redirect(url_for(".review", course=course, quiz=quiz, attempt_id=attempt_id))
    quiz_spec, layout = service.spec_of(record), service.layout_of(record)
    responses, revision = _responses(record, quiz_spec, layout)
    responses, unreadable = answers.read_numbers(quiz_spec, layout, responses, decimal_mark())
    if action in ("submit", "finish"):
        record.answers  # noqa: B018 - loaded once, for the save and the grading that follows
    try:
        service.save(record, responses, revision)
    except service.Stale:
        db.session.rollback()
        return render_template("quizzes/conflict.html", entry=entry, attempt_id=attempt_id), 409
    except service.Closed:
        db.session.commit()
        flash(_("Time was up. Your answers saved before the deadline were submitted."), "info")
        return redirect(url_for(".review", course=course, quiz=quiz, attempt_id=attempt_id))
    except service.OffPage:
        db.session.rollback()
        flash(off_page_message(), "error")
        return redirect(url_for(".attempt", course=course, quiz=quiz, attempt_id=attempt_id))
    if unreadable:  # the other answers are saved; this page asks again for the numbers
        db.session.commit()
        view = attempt_view(entry, record, request.form.get("page", type=int))
        view["errors"] = {slot: not_a_number_message(reading) for slot, (_typed, reading) in unreadable.items()}
        view["typed"] = {slot: typed for slot, (typed, _reading) in unreadable.items()}
        return render_template("quizzes/attempt.html", **view, form=EmptyForm()), 422
    target_page = service.move(record, action, request.form.get("page", type=int))
    if action == "finish" and not (record.deadline_at and clock.now() >= record.deadline_at):
        db.session.commit()
        return redirect(url_for(".summary", course=course, quiz=quiz, attempt_id=attempt_id))
    if action in ("submit", "finish"):
        service.submit(record)
        certificates.issue_if_complete(current_user.id, content.course_or_404(course))
        db.session.commit()
        return redirect(url_for(".review", course=course, quiz=quiz, attempt_id=attempt_id))
    db.session.commit()
    if action in ("next", "previous"):
        return redirect(url_for(".attempt", course=course, quiz=quiz, attempt_id=attempt_id, page=target_page))
    flash(_("Your answers are saved."), "success")
    return redirect(url_for(".attempt", course=course, quiz=quiz, attempt_id=attempt_id, page=target_page))


@bp.route("/<course>/<quiz>/attempts/<int:attempt_id>/save", methods=["POST"])
@login_required
def autosave(course: str, quiz: str, attempt_id: int):
    """Autosave of one or more answers from the page's script; answers JSON."""
    entry = quiz_or_404(course, quiz)
    if not token_checked():
        return jsonify(error="csrf", message=_("This page has expired. Reload it to go on.")), 400
    record = own_attempt(entry, attempt_id, lock=True)
    if record.state != AttemptState.IN_PROGRESS:
        return jsonify(error="closed", review=url_for(".review", course=course, quiz=quiz, attempt_id=attempt_id)), 409
    quiz_spec, layout = service.spec_of(record), service.layout_of(record)
    responses, revision = _responses(record, quiz_spec, layout)
    responses, unreadable = answers.read_numbers(quiz_spec, layout, responses, decimal_mark())
    if unreadable:  # nothing saved: the script sends one question at a time
        _slot, (_typed, reading) = min(unreadable.items())
        return jsonify(error="number", slots=sorted(unreadable), message=not_a_number_message(reading)), 422
    try:
        new_revision = service.save(record, responses, revision)
    except service.Stale:
        db.session.rollback()
        return jsonify(
            error="stale",
            message=_("These answers were changed in another tab or window. Reload the page to see the latest ones."),
        ), 409
    except service.Closed:
        db.session.commit()
        return jsonify(error="closed", review=url_for(".review", course=course, quiz=quiz, attempt_id=attempt_id)), 409
    except service.OffPage:
        db.session.rollback()
        return jsonify(error="page", message=off_page_message()), 400
    db.session.commit()
    return jsonify(revision=new_revision, saved_at=time_of_day(clock.now()))


@bp.route("/<course>/<quiz>/attempts/<int:attempt_id>/review")
@login_required
def review(course: str, quiz: str, attempt_id: int):
    entry = quiz_or_404(course, quiz)
    record = own_attempt(entry, attempt_id)
    if record.state == AttemptState.IN_PROGRESS:
        return redirect(url_for(".attempt", course=course, quiz=quiz, attempt_id=attempt_id))
    status = current_status(entry)
    visible = service.answers_visible(record, status)
    if service.showing_needs_record(record, status):
        with write_transaction(db.session):  # the key's first showing is a fact grants depend on (H2)
            status, visible = service.show_answers(current_user.id, entry, record)
    return render_template("quizzes/review.html", **review_view(entry, record, status, visible),
                           next_step=next_step(entry, record))  # fmt: skip


def next_step(entry, record) -> tuple[str, object] | None:
    """After a pass, where to go on: the certificate, this module (to mark it read), the next
    module, or the final assessment; None when there is nothing to offer."""
    if not record.passed:
        return None
    course = content.course_or_404(entry.course_slug)
    if entry.is_final:
        certificate = certificates.for_officer(current_user.id, course.slug)
        return ("certificate", course) if certificate is not None and certificate.stands else None
    state = progress.course_state_for(current_user.id, course)
    here = state.module(entry.module_slug)
    if here is not None and here.status != Status.COMPLETE:
        return ("read", course.module(entry.module_slug))
    _before, after = course.neighbours(entry.module_slug)
    after_state = state.module(after.slug) if after else None
    if after is not None and after_state is not None and not after_state.locked:
        return ("module", after)
    if after is None and course.final_assessment and not state.final_locked:
        return ("final", course.final_assessment)
    return None


@bp.route("/<course>/assets/<path:filename>")
@login_required
def asset(course: str, filename: str):
    return image_response(content.catalog().quiz_assets.get((course, filename)))
