"""`flask lms rank-cohorts`: store every cohort's standings now, after an upgrade or new course files."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..catalog import service as content
from ..cohorts.models import Cohort
from ..extensions import db
from . import standings


@click.command("rank-cohorts")
@with_appcontext
def rank_cohorts_command() -> None:
    """Grade again every standing that is missing or stale, cohort by cohort, so that the first
    coordinator to sort a large cohort by grade or progress does not wait for it. Safe to run at
    any time, and again: a cohort already up to date costs one statement."""
    for cohort in db.session.scalars(select(Cohort).order_by(Cohort.id)).all():
        course = content.catalog().course(cohort.course_slug)
        if course is None:
            click.echo(f"Cohort {cohort.id}: its course {cohort.course_slug} is not in the catalog; skipped.", err=True)
            continue
        computed = standings.refresh(cohort, course)
        db.session.commit()
        click.echo(f"Cohort {cohort.id}: {computed} standing(s) computed.")
