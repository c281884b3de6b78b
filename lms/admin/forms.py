"""The admin's form for a new account (the rules themselves are in auth.validation)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from ..auth.roles import Role


class NewUserForm(FlaskForm):
    email = StringField(_l("E-mail"))
    name = StringField(_l("Full name"))
    agency = StringField(_l("Agency"))
    country = StringField(_l("Country (e.g. Kenya or KE)"))
    role = SelectField(_l("Role"), default=Role.OFFICER.value)  # choices: set by the view, labels translated
