"""Everyone's own profile: name, agency and country, with the password and sign-out beside them.

The name is printed on certificates and shown when one is verified, so once a person holds a
certificate (even a revoked one) they cannot change it here: a coordinator or admin corrects it.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from babel import Locale
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import exists, select

from .. import clock, i18n
from ..audit import service as audit
from ..auth.forms import EmptyForm
from ..auth.validation import AccountError, check_account
from ..extensions import db
from ..i18n import translated
from ..progress.models import Certificate

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _save_own(user, action: str, wanted: dict[str, object]) -> bool:
    """Set the columns of `wanted` that differ, audit them as [old, new] under `action`, commit;
    whether anything changed."""
    changed = {k: [getattr(user, k), v] for k, v in wanted.items() if getattr(user, k) != v}
    for key, (_old, new) in changed.items():
        setattr(user, key, new)
    if changed:
        audit.record(action, target=f"user:{user.id}", changed=changed)
    db.session.commit()
    return bool(changed)


def name_locked(user_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(Certificate.user_id == user_id))))


@bp.route("/", methods=["GET", "POST"])
@login_required
def edit():
    user = current_user._get_current_object()  # the User behind the proxy
    locked = name_locked(user.id)
    errors: dict[str, str] = {}
    values = {"name": user.name, "agency": user.agency, "country": user.country}
    if request.method == "POST" and EmptyForm().validate_on_submit():
        values = {k: request.form.get(k, "") for k in values}
        if locked:
            values["name"] = user.name
        try:
            clean = check_account(user.email, values["name"], values["agency"], values["country"], user.role)
        except AccountError as exc:
            errors = {k: translated(v, _) for k, v in exc.problems.items() if k in values}
        else:
            changed = _save_own(user, "user.profile", {k: clean[k] for k in values})
            flash(_("Your profile is saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for(".edit"))
    return render_template(
        "profile.html", values=values, errors=errors, locked=locked, form=EmptyForm(),
        locales=[(code, language_name(code)) for code in i18n.SERVED_LOCALES], zones=time_zones(), now=clock.now(),
    )  # fmt: skip


@cache
def time_zones() -> tuple[str, ...]:
    """The IANA zones named Area/City (Europe/Berlin), without the legacy aliases (US/Eastern,
    Etc/GMT+1, posix/...); UTC first, for those who want it explicitly."""
    legacy = ("Etc/", "SystemV/", "US/", "posix/", "right/", "Canada/", "Brazil/", "Mexico/", "Chile/")
    return ("UTC", *sorted(z for z in available_timezones() if "/" in z and not z.startswith(legacy)))


def language_name(code: str) -> str:
    """A language named in itself ("Deutsch", "עברית"), as language menus do."""
    return (Locale.parse(code).get_display_name(code) or code).capitalize()


@bp.route("/region", methods=["POST"])
@login_required
def region():
    """The person's interface language and time zone; an empty choice follows the browser (language)
    or the deployment (time zone). Anything not offered is refused and nothing changes."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".edit"))
    user = current_user._get_current_object()
    locale, zone = request.form.get("locale", ""), request.form.get("timezone", "")
    if locale and locale not in i18n.SERVED_LOCALES:
        flash(_("Choose one of the languages in the list."), "error")
        return redirect(url_for(".edit") + "#region-heading")
    if zone and zone not in time_zones():
        flash(_("Choose one of the time zones in the list, such as Europe/Berlin."), "error")
        return redirect(url_for(".edit") + "#region-heading")
    changed = _save_own(user, "user.region", {"locale": locale or None, "timezone": zone or None})
    with force_locale(user.locale or str(get_locale())):
        flash(_("Your language and time zone are saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for(".edit") + "#region-heading")


MAIL_CHOICES = ("mail_certificate", "mail_essay_marked", "mail_digest")


@bp.route("/mail", methods=["POST"])
@login_required
def mail_choices():
    """Which optional mail the person gets; invitations and recovery links always go out."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".edit"))
    user = current_user._get_current_object()
    changed = {}
    for key in MAIL_CHOICES:
        wanted = request.form.get(key) == "1"
        if getattr(user, key) != wanted:
            changed[key] = wanted
            setattr(user, key, wanted)
    if changed:
        audit.record("user.mail_choices", target=f"user:{user.id}", changed=changed)
    db.session.commit()
    flash(_("Your e-mail choices are saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for(".edit") + "#mail-heading")
