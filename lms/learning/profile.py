"""Everyone's own profile: name, agency and country, with the password and sign-out beside them.

The name is printed on certificates and shown when one is verified, so once a person holds a
certificate (even a revoked one) they cannot change it here: a coordinator or admin corrects it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import exists, select

from .. import clock, dates, i18n
from ..audit import service as audit
from ..auth.forms import EmptyForm
from ..auth.redirects import safe_next
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
        locales=i18n.interface_languages(), zones=dates.time_zones(), now=clock.now(),
    )  # fmt: skip


@bp.route("/language", methods=["POST"])
def language():
    """The language switch at the foot of every page, signed in or not: saved to the profile of a
    signed-in person (as the profile's own setting is), kept in a cookie for a year otherwise.
    Back to the page it was used on; a language not offered changes nothing."""
    back = safe_next(request.form.get("next"), url_for("home"))
    locale = request.form.get("locale", "")
    if not EmptyForm().validate_on_submit() or locale not in i18n.SERVED_LOCALES:
        flash(_("Choose one of the languages in the list."), "error")
        return redirect(back)
    response = redirect(back)
    if current_user.is_authenticated:
        _save_own(current_user._get_current_object(), "user.region", {"locale": locale})
    else:
        response.set_cookie(i18n.LANGUAGE_COOKIE, locale, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])  # fmt: skip
    return response


@bp.route("/zone", methods=["POST"])
@login_required
def zone():
    """The zone this device is set to, proposed on every page until a zone is chosen (static/js/zone.js)."""
    back = safe_next(request.form.get("next"), url_for("home"))
    chosen = request.form.get("timezone", "")
    if not EmptyForm().validate_on_submit() or chosen not in dates.time_zones():
        flash(_("Choose one of the time zones in the list, such as Europe/Berlin."), "error")
        return redirect(url_for(".edit") + "#region-heading")
    _save_own(current_user._get_current_object(), "user.region", {"timezone": chosen})
    flash(_("Dates and times are now shown in %(zone)s.", zone=chosen), "success")
    return redirect(back)


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
    if zone and zone not in dates.time_zones():
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
