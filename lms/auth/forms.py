"""Login and password forms."""

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
                        render_kw={"autocomplete": "username", "inputmode": "email"})  # fmt: skip
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})  # fmt: skip


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(_l("Enter the e-mail address you sign in with.")),
                                                  Length(max=254)],
                        render_kw={"autocomplete": "username", "inputmode": "email"})  # fmt: skip


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for one-button POST actions."""


def token_checked() -> bool:
    """Whether this POST's CSRF token is good. CSRFProtect checks every POST before any view and
    refuses a bad one, marking the good ones in `g`; an EmptyForm made here would only sign a new
    token for nothing (the busiest POSTs, autosave and submit, skip it). Where CSRFProtect did
    not run, the form checks."""
    return request.method == "POST" and (bool(g.get("csrf_valid")) or EmptyForm().validate_on_submit())


class SetPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)],
                                 render_kw={"autocomplete": "new-password"})  # fmt: skip
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(SetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)],
                                     render_kw={"autocomplete": "current-password"})  # fmt: skip
