"""Coordinator pages for people: bulk import, members, one officer's record, moves, grants and resets."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ..audit import service as audit
from ..auth import links
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.models import User
from ..auth.roles import Role
from ..auth.service import find_by_email
from ..catalog import service as content
from ..extensions import db
from ..progress import certificates
from ..progress.service import course_result
from ..quizzes import allowances
from ..quizzes import service as quizzes
from ..quizzes.models import Attempt, AttemptState
from . import invitations, service
from .csv_import import RowProblem, parse_officers_csv
from .forms import AddMemberForm, GrantForm, ImportForm, MoveForm
from .models import Cohort

bp = Blueprint("enrolment", __name__, url_prefix="/cohorts")
COORDINATORS = (Role.COORDINATOR,)  # admins pass every role check


@bp.route("/<int:cohort_id>/import", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def import_officers(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    form = ImportForm()
    problems: list[RowProblem] = []
    if form.validate_on_submit():
        rows, problems = parse_officers_csv(form.file.data.read())
        problems = [p.translate(_) for p in problems]  # the parser is pure: its messages are lms.i18n.Messages
        if not problems:
            allowed = list(db.session.scalars(service.visible_cohorts(current_user)))
            targets, problems = service.resolve_import(rows, cohort, allowed, actor=current_user)
            if problems:
                db.session.commit()  # the refusal's audit record; nothing is imported
        if not problems:
            outcome = service.import_officers(rows, targets, invite=form.send_invitations.data)
            db.session.commit()  # the officers, their links and their invitations: all or nothing
            pending = service.pending_links(current_user, [u.id for u in outcome.created])
            return render_template("cohorts/import_result.html", cohort=cohort, outcome=outcome,
                                   links={uid: links.token_for(link) for uid, link in pending.items()})  # fmt: skip
    return render_template("cohorts/import.html", cohort=cohort, form=form, problems=problems)


@bp.route("/<int:cohort_id>/members", methods=["POST"])
@role_required(*COORDINATORS)
def add_member(cohort_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    form = AddMemberForm()
    user = find_by_email(form.email.data or "") if form.validate_on_submit() else None
    refusal = "unknown" if user is None else service.enrol_refusals(current_user, [user]).get(user.id)
    if refusal or user is None:  # (an unknown e-mail always has the refusal "unknown")
        # One answer for an unknown e-mail, a staff account and an officer out of reach, so the
        # form tells nobody which e-mails exist or whose they are (security.md H1).
        audit.record("cohort.add_member", target=f"cohort:{cohort.id}", outcome="refused", reason=refusal,
                             **({"user": user.id} if user is not None else {}))  # fmt: skip
        db.session.commit()
        flash(_("That e-mail cannot be added from here. New officers join through a CSV import; "
                "an officer who is in another cohort is moved there by an admin."), "error")  # fmt: skip
    elif service.enrol(cohort, user):
        audit.record("cohort.add_member", target=f"cohort:{cohort.id}", user=user.id)
        db.session.commit()
        flash(_("%(name)s is now in this cohort.", name=user.name), "success")
    else:
        flash(_("%(name)s is already in this cohort.", name=user.name), "info")
    return redirect(url_for("cohort_report.dashboard", cohort_id=cohort.id))


@bp.route("/<int:cohort_id>/members/<int:user_id>/remove", methods=["POST"])
@role_required(*COORDINATORS)
def remove_member(cohort_id: int, user_id: int):
    """First post: a page that says what removal does; the post from that page (confirm=1) removes."""
    cohort = service.cohort_or_404(current_user, cohort_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("cohort_report.dashboard", cohort_id=cohort.id))
    if request.form.get("confirm") != "1":
        user = member_or_404(cohort, user_id)
        return confirm_page(cohort, _("Remove %(name)s from this cohort?", name=user.name), [
            _("%(name)s leaves “%(cohort)s” and its dashboard and exports.", name=user.name, cohort=cohort.name),
            _("Their training record stays: modules read, attempts and any certificate are kept, and come back "
              "if they are added again."),
        ], url_for(".remove_member", cohort_id=cohort.id, user_id=user.id), _("Remove from this cohort"),
            url_for(".officer", cohort_id=cohort.id, user_id=user.id))  # fmt: skip
    if service.remove(cohort, user_id):
        db.session.commit()
        flash(_("The officer was taken out of this cohort; their training record is kept."), "success")
    return redirect(url_for("cohort_report.dashboard", cohort_id=cohort.id))


def granted_message(name: str, quiz: str, attempts: int, minutes: int) -> str:
    """What was granted, in words: only the parts that are not zero."""
    parts = [ngettext("%(num)s extra attempt", "%(num)s extra attempts", attempts)] if attempts else []
    if minutes:
        parts.append(ngettext("%(num)s extra minute", "%(num)s extra minutes", minutes))
    if not parts:
        return _("Nothing was granted: both numbers were 0.")
    what = _("%(first)s and %(second)s", first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0]
    message = _("Granted to %(name)s on %(quiz)s: %(what)s.", name=name, quiz=quiz, what=what)
    if minutes:
        message += " " + _("Extra minutes apply to attempts started from now on.")
    return message


@bp.route("/<int:cohort_id>/officers/<int:user_id>/send-link", methods=["POST"])
@role_required(*COORDINATORS)
def send_link(cohort_id: int, user_id: int):
    """E-mail the officer a fresh invitation (no password yet) or a password-recovery link."""
    cohort = service.cohort_or_404(current_user, cohort_id)
    user = member_or_404(cohort, user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    back = redirect(url_for("enrolment.officer", cohort_id=cohort.id, user_id=user.id))
    if not user.active:
        flash(_("%(name)s's account is deactivated; an admin can activate it first.", name=user.name), "error")
        return back
    sent = invitations.send_new_link(user, cohort)
    audit.record("officer.link_sent", target=f"user:{user.id}", cohort=cohort.id, kind=sent)
    db.session.commit()
    if sent == invitations.KIND:
        flash(_("A new invitation is on its way to %(email)s. Once the officer sets a password, every older link "
                "stops working.", email=user.email), "success")  # fmt: skip
    else:
        flash(_("A password-recovery link is on its way to %(email)s. It works for %(minutes)s minutes.",
                email=user.email, minutes=current_app.config["PASSWORD_RESET_MINUTES"]), "success")  # fmt: skip
    return back


def confirm_page(cohort: Cohort, title: str, lines: list[str], action: str, button: str, cancel: str):
    return render_template("cohorts/confirm.html", cohort=cohort, title=title, lines=lines, action=action,
                           button=button, cancel=cancel, form=EmptyForm())  # fmt: skip


def member_or_404(cohort, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not service.is_member(cohort, user_id):
        abort(404)
    return user


@bp.route("/<int:cohort_id>/officers/<int:user_id>")
@role_required(*COORDINATORS)
def officer(cohort_id: int, user_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    user = member_or_404(cohort, user_id)
    course = content.course_or_404(cohort.course_slug)
    attempts = list(db.session.scalars(select(Attempt).where(Attempt.user_id == user.id, Attempt.course_slug == cohort.course_slug)
                                       .order_by(Attempt.quiz_slug, Attempt.number)))  # fmt: skip
    quizzes_here = content.catalog().quizzes_of(cohort.course_slug)
    grant = GrantForm()
    grant.quiz.choices = [(slug, q.spec.title) for slug, q in quizzes_here.items()]
    move = move_form(cohort) if current_user.role == Role.ADMIN else None
    pending_link = service.pending_links(current_user, [user.id]).get(user.id)
    outcome = course_result(user.id, course)
    return render_template("cohorts/officer.html", cohort=cohort, user=user, course=course, attempts=attempts,
                           outcome=outcome, quizzes=quizzes_here, grant=grant,
                           modules=list(zip(course.modules, outcome.state.modules, strict=True)),
                           certificate=certificates.for_officer(user.id, course.slug),
                           allowances=allowances.granted(user.id, course.slug),
                           form=EmptyForm(), move=move, pending_link=pending_link,
                           pending_token=links.token_for(pending_link) if pending_link else None)  # fmt: skip


def move_form(cohort: Cohort) -> MoveForm:
    """The move form, offering every other open cohort."""
    form = MoveForm()
    others = service.visible_cohorts(current_user).where(Cohort.id != cohort.id, Cohort.closed_at.is_(None))
    form.target.choices = [(c.id, c.name) for c in db.session.scalars(others.order_by(None).order_by(Cohort.name))]
    return form


@bp.route("/<int:cohort_id>/officers/<int:user_id>/move", methods=["POST"])
@role_required(Role.ADMIN)
def move(cohort_id: int, user_id: int):
    """Move an officer to another cohort (admins only: it puts them in another coordinator's reach)."""
    cohort = service.cohort_or_404(current_user, cohort_id)
    user = member_or_404(cohort, user_id)
    form = move_form(cohort)
    if not form.validate_on_submit():
        audit.record("cohort.move", target=f"user:{user.id}", outcome="refused", **{"from": cohort.id})
        db.session.commit()
        flash(_("That is not another open cohort. Choose one from the list and press Move."), "error")
        return redirect(url_for(".officer", cohort_id=cohort.id, user_id=user.id))
    target = db.session.get(Cohort, form.target.data)
    assert target is not None  # the form only accepts one of the cohorts it offered
    service.move(user, cohort, target)
    db.session.commit()
    flash(_("%(name)s was moved to “%(cohort)s”.", name=user.name, cohort=target.name), "success")
    return redirect(url_for(".officer", cohort_id=target.id, user_id=user.id))


@bp.route("/<int:cohort_id>/officers/<int:user_id>/grant", methods=["POST"])
@role_required(*COORDINATORS)
def grant(cohort_id: int, user_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    user = member_or_404(cohort, user_id)
    form = GrantForm()
    form.quiz.choices = [(slug, slug) for slug in content.catalog().quizzes_of(cohort.course_slug)]
    if not form.validate_on_submit() or not (form.extra_attempts.data or form.extra_minutes.data):
        flash(_("Choose a quiz and give 1-10 extra attempts or 1-600 extra minutes."), "error")
    else:
        details = {"quiz": form.quiz.data, "cohort": cohort.id, "extra_attempts": form.extra_attempts.data,
                   "extra_minutes": form.extra_minutes.data}  # fmt: skip
        quiz_file = content.catalog().quiz(cohort.course_slug, form.quiz.data)
        assert quiz_file is not None  # the form only accepts one of this course's quizzes
        title = quiz_file.spec.title
        try:
            allowances.grant(user.id, cohort.course_slug, form.quiz.data, extra_attempts=form.extra_attempts.data,
                          extra_minutes=form.extra_minutes.data)  # fmt: skip
        except allowances.KeyAlreadyShown:
            db.session.rollback()
            audit.record("quiz.grant", target=f"user:{user.id}", outcome="refused", reason="answers_shown",
                                 **details)  # fmt: skip
            db.session.commit()
            flash(_("%(name)s has already seen the answer key of %(quiz)s (it is shown once every attempt is used), "
                    "so another attempt would not measure anything. Nothing was granted. Extra minutes alone can "
                    "still be given; to assess this officer again, use a different quiz.", name=user.name,
                    quiz=title), "error")  # fmt: skip
        else:
            audit.record("quiz.grant", target=f"user:{user.id}", **details)
            db.session.commit()
            flash(granted_message(user.name, title, form.extra_attempts.data or 0, form.extra_minutes.data or 0),
                  "success")  # fmt: skip
    return redirect(url_for(".officer", cohort_id=cohort.id, user_id=user.id))


@bp.route("/<int:cohort_id>/officers/<int:user_id>/attempts/<int:attempt_id>/reset", methods=["POST"])
@role_required(*COORDINATORS)
def reset_attempt(cohort_id: int, user_id: int, attempt_id: int):
    cohort = service.cohort_or_404(current_user, cohort_id)
    user = member_or_404(cohort, user_id)
    attempt = quizzes.attempt_for(user.id, attempt_id, lock=True)
    if attempt is None or attempt.course_slug != cohort.course_slug:
        abort(404)
    if EmptyForm().validate_on_submit() and attempt.state == AttemptState.IN_PROGRESS:
        if request.form.get("confirm") != "1":
            db.session.rollback()  # nothing changes until the coordinator confirms
            return confirm_page(cohort, _("Reset attempt %(n)s of %(name)s?", n=attempt.number, name=user.name), [
                _("The attempt in progress is closed and no longer counts against the attempt limit: %(name)s can "
                  "start a new one.", name=user.name),
                _("Its answers stay on record, and the reset is written in the audit log."),
            ], url_for(".reset_attempt", cohort_id=cohort.id, user_id=user.id, attempt_id=attempt.id),
                _("Reset attempt"), url_for(".officer", cohort_id=cohort.id, user_id=user.id))  # fmt: skip
        quizzes.reset_abandoned(attempt)
        db.session.commit()
        flash(_("The attempt was reset: it no longer counts, and its answers stay on record."), "success")
    return redirect(url_for(".officer", cohort_id=cohort.id, user_id=user.id))
