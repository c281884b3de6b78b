"""A coordinator reads one officer's attempt, read-only, from the officer's page in a cohort.

It lives with the quiz pages because it shows an attempt the way they do (lms.cohorts sits
below the quiz pages and cannot use them).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..auth.decorators import role_required
from ..auth.models import User
from ..auth.roles import Role
from ..catalog import service as content
from ..cohorts import service as cohorts
from ..extensions import db
from ..quizzes import service as quizzes
from .quiz_pages import record_view

bp = Blueprint("attempt_record", __name__, url_prefix="/cohorts")


@bp.route("/<int:cohort_id>/officers/<int:user_id>/attempts/<int:attempt_id>")
@role_required(Role.COORDINATOR)
def show(cohort_id: int, user_id: int, attempt_id: int):
    cohort = cohorts.cohort_or_404(current_user, cohort_id)
    user = db.session.get(User, user_id)
    if user is None or not cohorts.is_member(cohort, user_id):
        abort(404)
    attempt = quizzes.attempt_for(user.id, attempt_id)
    entry = content.catalog().quiz(cohort.course_slug, attempt.quiz_slug) if attempt else None
    if attempt is None or attempt.course_slug != cohort.course_slug or entry is None:
        abort(404)
    return render_template("cohorts/attempt.html", cohort=cohort, user=user, **record_view(entry, attempt))
