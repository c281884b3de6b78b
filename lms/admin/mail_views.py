"""The admin's view of the mail outbox: what is queued, sent or failed, and why; failed mail sent again.

Bodies are never shown: a recovery or invitation link in a sent message is live in the
officer's mailbox, and nobody else should read it (the outbox even empties such bodies once sent).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import clock
from ..audit import service as audit
from ..auth.decorators import role_required
from ..auth.forms import EmptyForm
from ..auth.roles import Role
from ..database import paginate
from ..extensions import db
from ..mail.models import MailState, OutboxMessage
from ..web import page_number

bp = Blueprint("admin_mail", __name__, url_prefix="/admin/mail")
PER_PAGE = 50
KIND_LABELS = {
    "invitation": _l("Invitation"),
    "password_reset": _l("Password recovery"),
    "certificate": _l("Certificate issued"),
    "essay_marked": _l("Answers marked"),
    "digest": _l("Weekly digest"),
}
STATE_LABELS = {
    MailState.QUEUED: _l("Queued"),
    MailState.SENDING: _l("Being sent"),
    MailState.SENT: _l("Sent"),
    MailState.FAILED: _l("Failed"),
}


@bp.route("/")
@role_required(Role.ADMIN)
def outbox():
    state = request.args.get("state", "")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if state in STATE_LABELS:
        query = query.where(OutboxMessage.state == state)
    else:
        state = ""
    counts = dict(db.session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())
    page = paginate(db.session, query, page_number(), PER_PAGE)
    return render_template("admin/mail.html", page=page, state=state, counts=counts, states=STATE_LABELS,
                           kinds=KIND_LABELS, configured=bool(current_app.config["MAIL_URL"]), form=EmptyForm(),
                           now=clock.now())  # fmt: skip


@bp.route("/<int:message_id>/retry", methods=["POST"])
@role_required(Role.ADMIN)
def retry(message_id: int):
    """Put a failed message back in the queue with a fresh set of tries."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if message.state != MailState.FAILED:
        flash(_("Only failed mail can be sent again."), "error")
        return redirect(url_for(".outbox"))
    message.state, message.tries, message.next_try_at = MailState.QUEUED.value, 0, clock.now()
    audit.record("mail.retry", target=f"mail:{message.id}", kind=message.kind, last_error=message.last_error)
    db.session.commit()
    flash(_("The message to %(address)s is queued again.", address=message.to_address), "success")
    return redirect(url_for(".outbox", state=request.args.get("state", "")))
