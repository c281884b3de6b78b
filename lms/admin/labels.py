"""Readable names of audit events, for the admin's log (the CSV keeps the stable action codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "access.refused": _l("Page refused (no access)"),
    "account.set_password": _l("Password chosen from a link"),
    "attempt.finalise": _l("Attempt submitted when time ran out"),
    "attempt.reset": _l("Attempt reset by a coordinator"),
    "attempt.start": _l("Attempt started"),
    "attempt.submit": _l("Attempt submitted"),
    "audit.export": _l("Audit log downloaded"),
    "certificate.issue": _l("Certificate issued"),
    "certificate.revoke": _l("Certificate revoked"),
    "certificates.zip": _l("Certificates downloaded (ZIP)"),
    "cohort.add_member": _l("Officer added to a cohort"),
    "cohort.close": _l("Cohort closed"),
    "cohort.coordinator": _l("Cohort coordinators changed"),
    "cohort.create": _l("Cohort created"),
    "cohort.move": _l("Officer moved to another cohort"),
    "cohort.remove_member": _l("Officer removed from a cohort"),
    "cohort.reopen": _l("Cohort reopened"),
    "csrf.refused": _l("Expired or foreign form refused"),
    "essay.mark": _l("Essay marked"),
    "grades.export": _l("Grades downloaded"),
    "links.export": _l("Set-password links downloaded"),
    "login": _l("Sign-in"),
    "login.throttled": _l("Sign-in blocked after failures"),
    "logout": _l("Sign-out"),
    "mail.retry": _l("Failed mail queued again"),
    "officer.link_sent": _l("Invitation or recovery link e-mailed by a coordinator"),
    "officers.import": _l("Officers imported"),
    "password.change": _l("Password changed"),
    "password.reset": _l("Password set through a recovery link"),
    "password.reset_request": _l("Password recovery asked for"),
    "quiz.answers_shown": _l("Correct answers shown"),
    "quiz.grant": _l("Extra attempts or time granted"),
    "quiz.regrade": _l("Quiz regraded"),
    "user.activate": _l("Account activated"),
    "user.create": _l("Account created"),
    "user.deactivate": _l("Account deactivated"),
    "user.mail_choices": _l("E-mail choices changed by their owner"),
    "user.profile": _l("Profile changed by its owner"),
    "user.region": _l("Language or time zone changed by its owner"),
    "user.role": _l("Role changed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
