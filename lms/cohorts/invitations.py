"""Invitations by e-mail: an officer's set-password link, mailed in the transaction that makes it.

An import queues one per new officer (unless the coordinator unticks "send invitations"; the
links sheet stays for agencies that hand links out in person). A coordinator can send a fresh
link to an officer of their cohort who has not set a password yet; one who has gets a
password-recovery link instead. The link goes only to the officer's own address: the
coordinator never sees a link for an account created elsewhere (security.md H1).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..auth import links, recovery
from ..auth.models import SetPasswordLink, User
from ..catalog import service as content
from ..mail import outbox
from ..web import public_url
from .models import Cohort

KIND = "invitation"


def queue_invitation(user: User, link: SetPasswordLink, cohort: Cohort) -> None:
    """Queue the invitation carrying `link` (no commit: it belongs to the caller's transaction)."""
    course = content.catalog().course(cohort.course_slug)
    outbox.queue_template(
        "invitation", kind=KIND, to=user.email, to_name=user.name, user_id=user.id, secret=True,
        locale=user.locale, subject=_l("Your LETP training: set your password"), name=user.name, cohort=cohort.name,
        course=course.title if course else cohort.course_slug, days=links.LIFETIME.days,
        link=public_url("auth.set_password", token=links.token_for(link)),
    )  # fmt: skip


def send_new_link(user: User, cohort: Cohort) -> str:
    """A fresh invitation, or a recovery link for an officer who has a password; returns which."""
    if user.password_hash is None:
        queue_invitation(user, links.create(user, cohort), cohort)
        return KIND
    recovery.send_reset_link(user)
    return recovery.KIND
