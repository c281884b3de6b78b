"""Instructor pages: content health, previews with keys, drafts, statistics, essays, regrade."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.roles import Role
from ..catalog import service as content
from ..database import write_transaction
from ..extensions import db
from ..quizzes import spec
from ..quizzes.grading import essay_mark
from ..quizzes.models import Answer
from ..reports import exports
from ..text import NotUtf8, decode_utf8
from . import bounded, drafts, service

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
INSTRUCTORS = (Role.INSTRUCTOR,)  # admins pass every role check


@bp.route("/")
@role_required(*INSTRUCTORS)
def index():
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # current_app is a proxy typed as Flask
    on_disk, problems = content.build_for_app(app, app.config["COURSES_DIR"], app.config["QUIZZES_DIR"])
    # The checks are pure: their messages are lms.i18n.Messages, put in the reader's language here.
    problems = [problem.translate(_) for problem in problems]
    translations: dict[str, list] = {}
    for state in on_disk.translations:
        translations.setdefault(state.locale, []).append(state)
    return render_template("authoring/index.html", catalog=content.catalog(), problems=problems, orphans=service.orphans(),
                           pending=len(service.pending_essays()), translations=translations)  # fmt: skip


@bp.route("/modules/<course>/<module>")
@role_required(*INSTRUCTORS)
def module_preview(course: str, module: str):
    c = content.course_or_404(course)
    return render_template("authoring/module.html", course=c, module=content.module_or_404(c, module))


def quiz_or_404(course: str, quiz: str):
    entry = content.catalog().quiz(course, quiz)
    if entry is None:
        abort(404)
    return entry


@bp.route("/quizzes/<course>/<quiz>")
@role_required(*INSTRUCTORS)
def quiz_preview(course: str, quiz: str):
    entry = quiz_or_404(course, quiz)
    return render_template("authoring/quiz.html", entry=entry, quiz=entry.spec, html_for=service.html_lookup(entry.html),
                           versions=service.versions_of(course, quiz), labels=service.item_labels(entry.spec))  # fmt: skip


@bp.route("/draft", methods=["GET", "POST"])
@role_required(*INSTRUCTORS)
def draft():
    """Check a pasted or uploaded file; the kind is recognised from the text unless chosen."""
    result, recognised, text = None, None, ""
    choice = request.form.get("kind", "auto")
    choice = choice if choice in drafts.KINDS else "auto"
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        upload = request.files.get("file")
        try:
            text = decode_utf8(upload.read()) if upload and upload.filename else request.form.get("text", "")
        except NotUtf8 as exc:
            flash(_("Line %(line)s of the file is not UTF-8 text. Save the file as UTF-8 and upload it again.",
                    line=exc.line), "error")  # fmt: skip
        else:
            text = text.replace("\r\n", "\n").replace("\r", "\n")  # browsers send a textarea's lines as CRLF
            recognised = drafts.recognise(text) if choice == "auto" else drafts.Recognised(choice, "chosen")
            if choice == "quiz" and drafts.looks_like_moodle_xml(text):
                recognised = drafts.Recognised("quiz", "moodle_xml", 1)
            checked = bounded.check("moodle_xml" if recognised.reason == "moodle_xml" else recognised.kind, text)
            text = checked.converted or text  # the converted quiz, which the problems' lines refer to
            result = replace(checked, problems=[problem.translate(_) for problem in checked.problems])
    quiz, quiz_html = (result.quiz, result.quiz_html) if result is not None else (None, None)
    return render_template("authoring/draft.html", result=result, recognised=recognised, choice=choice, text=text,
                           lines=text.split("\n"), form=EmptyForm(),
                           labels=service.item_labels(quiz) if quiz is not None else [],
                           html_for=service.html_lookup(quiz_html) if quiz is not None else None)  # fmt: skip


@bp.route("/quizzes/<course>/<quiz>/statistics")
@role_required(*INSTRUCTORS)
def statistics(course: str, quiz: str):
    """Item statistics of one stored version; versions are numbered 1, 2... per quiz, oldest first."""
    entry = quiz_or_404(course, quiz)
    versions = service.versions_of(course, quiz)
    if not versions:
        return render_template("authoring/statistics.html", entry=entry, versions=[], stats=None)
    number = request.args.get("version", type=int)
    number = number if number is not None and 1 <= number <= len(versions) else len(versions)
    version = versions[number - 1]
    selection = request.args.get("selection", "first")
    quiz_spec, stats = service.statistics(version, selection)
    labels = dict(service.item_labels(quiz_spec))
    if request.args.get("format") == "csv":
        header = ["number", "item", "question", "type", "attempts", "facility_percent", "sd_percent",
                  "discrimination", "flags", "choice_counts", "facility_by_language"]  # fmt: skip
        rows = ([item_number(i.item), i.item, labels[i.item].title or labels[i.item].text, labels[i.item].type, i.count,
                 r2(i.facility), r2(i.sd), r2(i.discrimination), "; ".join(i.flags),
                 " ".join(f"{choice_letter(k)}:{v}" for k, v in sorted(i.choice_counts.items())),
                 " ".join(f"{language}:{r2(facility)}/{count}" for language, (count, facility) in i.by_language.items())]
                for i in stats.items)  # fmt: skip
        response = Response("".join(exports.csv_lines(header, rows)), mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="letp-item-statistics-{quiz}-version-{number}.csv"'
        )
        return response
    return render_template("authoring/statistics.html", entry=entry, versions=versions, number=number, stats=stats,
                           labels=labels, html_for=service.html_lookup(content.rendered_version(entry, version)),
                           selection=selection, selections=service.SELECTIONS, choice_types=spec.CHOICE_TYPES,
                           languages=sorted({lang for i in stats.items for lang in i.by_language}))  # fmt: skip


def r2(value: float | None) -> Decimal | None:
    return None if value is None else round(Decimal(str(value)), 2)


@bp.route("/essays")
@role_required(*INSTRUCTORS)
def essays():
    return render_template("authoring/essays.html", queue=service.pending_essays(), form=EmptyForm())


@bp.route("/essays/<int:answer_id>", methods=["POST"])
@role_required(*INSTRUCTORS)
def mark_essay(answer_id: int):
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.score is not None or not EmptyForm().validate_on_submit():
        abort(404 if answer is None or answer.score is not None else 400)
    pending = service.pending_essay(answer_id)
    if pending is None:
        abort(404)
    mark = essay_mark(request.form.get("mark"), pending.points)
    if mark is None:
        flash(_("Give a mark from 0 to %(points)s (up to two decimals).", points=pending.points), "error")
        return redirect(url_for(".essays"))
    graded = service.mark_essay(answer, mark, request.form.get("comment", ""), current_user)
    db.session.commit()
    flash(
        _("Marked. The attempt is graded now.") if graded else _("Marked. The attempt has more essays to mark."),
        "success",
    )
    return redirect(url_for(".essays"))


@bp.route("/quizzes/<course>/<quiz>/regrade", methods=["GET", "POST"])
@role_required(*INSTRUCTORS)
def regrade(course: str, quiz: str):
    entry = quiz_or_404(course, quiz)
    if request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        changes, _skipped = service.plan_regrade(entry)
        service.apply_regrade(entry, changes)
        db.session.commit()
        flash(_("%(n)s attempt(s) regraded against the current version.", n=len(changes)), "success")
        return redirect(url_for(".regrade", course=course, quiz=quiz))
    with write_transaction(db.session):  # planning stores the current version if it is new
        changes, skipped = service.plan_regrade(entry)
    reasons = [(attempt, why.in_language(_)) for attempt, why in skipped]  # regrade is pure: lms.i18n.Messages
    return render_template("authoring/regrade.html", entry=entry, changes=changes, skipped=reasons, form=EmptyForm())


@bp.app_template_filter("fromjson_text")
def fromjson_text(stored: str) -> str:
    """The text of a stored written answer."""
    import json

    return (json.loads(stored) or {}).get("text", "")


@bp.app_template_global("choice_letter")
def choice_letter(index: int) -> str:
    """A choice's letter as the quiz file writes it: a) for the first, b) for the second..."""
    return chr(ord("a") + index) if 0 <= index < 26 else str(index + 1)


@bp.app_template_global("item_number")
def item_number(key: str) -> str:
    """A stable item key ("3", "3.1") as people count it ("4", "4.2")."""
    return ".".join(str(int(part) + 1) for part in key.split("."))
