"""Cohort, import, membership and coordinator-action forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    country = StringField(_l("Country (e.g. Kenya or KE)"), validators=[DataRequired(), Length(max=60)])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=120)])
    course = SelectField(_l("Course"), validators=[DataRequired()])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    # Choices are set by the view (the served languages and the offered zones), so any other value is refused.
    locale = SelectField(_l("Officers' language"), validators=[Optional()])
    timezone = SelectField(_l("Officers' time zone"), validators=[Optional()])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file to import."))])
    # A plain browser sends nothing for an unticked box, so the default only applies to a first view.
    send_invitations = BooleanField(_l("E-mail each new officer an invitation with their set-password link"),
                                    default=True)  # fmt: skip


class AddMemberForm(FlaskForm):
    email = StringField(_l("E-mail of an existing officer"), validators=[DataRequired(), Length(max=254)])


class GrantForm(FlaskForm):
    quiz = SelectField(_l("Quiz"), validators=[DataRequired()])
    extra_attempts = IntegerField(_l("Extra attempts"), default=0, validators=[NumberRange(0, 10)])
    extra_minutes = IntegerField(_l("Extra minutes"), default=0, validators=[NumberRange(0, 600)])


class MoveForm(FlaskForm):
    target = SelectField(_l("Move to"), coerce=int, validators=[DataRequired()])


class CoordinatorForm(FlaskForm):
    email = StringField(_l("E-mail of a coordinator"), validators=[DataRequired(), Length(max=254)])
