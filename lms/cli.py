"""`flask lms ...`: set up the database, manage accounts, check content."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from .auth import links
from .auth import service as accounts
from .auth.roles import Role
from .auth.validation import AccountError
from .authoring import service as authoring
from .authoring.cli import commands as transfer_commands
from .catalog import service as content
from .catalog.translations import (
    MISSING,
    STALE,
    UNSTAMPED,
    TranslationState,
    stamp_of,
    stamped,
    translation_source,
)
from .cohorts import service as cohorts
from .cohorts.csv_import import parse_officers_csv
from .cohorts.models import Cohort
from .database import write_transaction
from .demo import create_demo_cohort
from .extensions import db
from .mail.cli import send_mail_command
from .quizzes import service as quiz_service
from .quizzes.cli import quiz_json_command
from .reports import digest
from .reports import service as reports
from .reports.cli import rank_cohorts_command
from .text import count_of
from .web import public_url

DEMO_PASSWORD = "letp-demo-pass"  # noqa: S105 - documented demo password, development only
DEMO_ACCOUNTS = [
    # e-mail, name, agency, country, role
    ("officer@letp.test", "Demo Officer", "Demo Police Service", "KE", Role.OFFICER),
    ("instructor@letp.test", "Demo Instructor", "LETP Training Team", "NL", Role.INSTRUCTOR),
    ("coordinator@letp.test", "Demo Coordinator", "Demo Police Academy", "BR", Role.COORDINATOR),
    ("admin@letp.test", "Demo Admin", "LETP", "FR", Role.ADMIN),
]


@click.group("lms", help="LETP administration: database, accounts and content.")
def lms_cli() -> None:
    pass


@lms_cli.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database to the latest migration."""
    upgrade()
    click.echo("The database is up to date.")


@lms_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--country", required=True, help="country name or ISO 3166 code, e.g. Kenya or KE")
@click.option("--agency", default="")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.OFFICER.value, show_default=True)
@click.password_option(help="Prompted for (twice) when not given.")
@with_appcontext
def create_user_command(email: str, name: str, country: str, agency: str, role: str, password: str) -> None:
    """Create an account."""
    try:
        user = accounts.create_user(
            email=email, name=name, agency=agency, country=country, role=role, password=password
        )
    except AccountError as exc:
        db.session.rollback()
        for field, message in exc.problems.items():
            click.echo(f"Error: {field}: {message}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@lms_cli.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create one demo account per role (development only; running it again changes nothing)."""
    if current_app.config["ENV"] == "production":
        click.echo("Error: demo accounts are for development only; this app runs with LMS_ENV=production.", err=True)
        raise SystemExit(1)
    for email, name, agency, country, role in DEMO_ACCOUNTS:
        if accounts.find_by_email(email) is not None:
            click.echo(f"{email} exists already.")
            continue
        accounts.create_user(email=email, name=name, agency=agency, country=country, role=role, password=DEMO_PASSWORD)
        click.echo(f"Created {role} {email}.")
    db.session.commit()
    _demo_cohort()
    click.echo(f"Demo password for every account: {DEMO_PASSWORD}")


def _demo_cohort() -> None:

    catalog = content.catalog()
    course = next(iter(catalog.courses.values()), None)
    if course is None:
        return
    coordinator = accounts.find_by_email("coordinator@letp.test")
    officer = accounts.find_by_email("officer@letp.test")
    assert coordinator is not None and officer is not None  # demo_command has just made sure they exist
    cohort = create_demo_cohort(course, catalog, coordinator, officer)
    db.session.commit()
    if cohort is None:
        click.echo("The demo cohort exists already.")
    else:
        click.echo(f"Created the demo cohort (id {cohort.id}) with sample officers at different points of the day.")


@lms_cli.command("create-cohort")
@click.argument("name")
@click.option("--country", required=True, help="country name or ISO 3166 code")
@click.option("--course", "course_slug", default=None, help="course slug (default: the only course)")
@click.option("--starts", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--ends", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--location", default="")
@with_appcontext
def create_cohort_command(name, country, course_slug, starts, ends, location) -> None:
    """Create a cohort and print its id."""
    courses = set(content.catalog().courses)
    if course_slug is None and len(courses) == 1:
        course_slug = next(iter(courses))
    starts_on, ends_on = (starts.date() if starts else None), (ends.date() if ends else None)
    problems = cohorts.check_cohort(name, country, course_slug or "", courses, starts_on, ends_on, location)
    if problems:
        for field, message in problems.items():
            click.echo(f"Error: {field}: {message}", err=True)
        raise SystemExit(1)
    cohort = cohorts.create_cohort(name=name, country=country, course_slug=course_slug, starts=starts_on, ends=ends_on,
                                   location=location)  # fmt: skip
    db.session.commit()
    click.echo(cohort.id)


@lms_cli.command("import-officers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--cohort", "cohort_id", type=int, required=True)
@click.option("--no-invitations", is_flag=True, help="do not e-mail the new officers their links (they are printed)")
@with_appcontext
def import_officers_command(file: Path, cohort_id: int, no_invitations: bool) -> None:
    """Enrol the officers of a CSV file (email,name,agency,country[,cohort]); all or nothing.

    Each new officer is e-mailed an invitation with their set-password link (`send-mail` delivers it).
    """

    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        click.echo(
            f"Error: there is no cohort {cohort_id}; `flask lms create-cohort` prints the id of a new one.", err=True
        )
        raise SystemExit(1)
    rows, problems = parse_officers_csv(file.read_bytes())
    if not problems:
        every = list(db.session.scalars(select(Cohort)))
        targets, problems = cohorts.resolve_import(rows, cohort, every, actor=None)  # an admin's reach
    if problems:
        for problem in problems:
            click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
        click.echo(f"{count_of(len(problems), 'problem')}; nothing was imported.", err=True)
        raise SystemExit(1)
    outcome = cohorts.import_officers(rows, targets, invite=not no_invitations)
    db.session.commit()
    click.echo(f"{len(outcome.created)} created, {len(outcome.enrolled)} enrolled, {len(outcome.unchanged)} unchanged, "
               f"{len(outcome.invited)} invitation(s) queued.")  # fmt: skip
    for user in outcome.created:
        link = links.pending_for([user.id])[user.id]
        click.echo(f"{user.email}\t{public_url('auth.set_password', token=links.token_for(link))}")


@lms_cli.command("export-grades")
@click.option("--cohort", "cohort_id", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--excel", is_flag=True, help="CSV with a BOM and semicolons, as Excel expects in many locales")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_appcontext
def export_grades_command(cohort_id: int, fmt: str, excel: bool, output: Path | None) -> None:
    """Export a cohort's completion grades (the same rows as the web download)."""

    cohort = db.session.get(Cohort, cohort_id)
    course = content.catalog().course(cohort.course_slug) if cohort else None
    if cohort is None or course is None:
        click.echo(f"Error: there is no cohort {cohort_id} with a current course.", err=True)
        raise SystemExit(1)
    if fmt == "xlsx" and output is None:
        click.echo("Error: XLSX is binary; give a file with -o grades.xlsx", err=True)
        raise SystemExit(1)
    chunks = reports.export([cohort], course, fmt, excel=excel)
    if output is None:
        stream = sys.stdout.buffer
        rows = _drain(chunks, stream.write)
        stream.flush()
    else:
        with output.open("wb") as f:
            rows = _drain(chunks, f.write)
        click.echo(f"Wrote {output}.", err=True)
    with write_transaction(db.session):
        reports.record_export(f"cohort:{cohort.id}", course, fmt, excel, rows)


def _drain(chunks, write) -> int:
    """Write every chunk of an export; return the generator's own return value (its row count)."""
    while True:
        try:
            write(next(chunks))
        except StopIteration as finished:
            return finished.value


@lms_cli.command("regrade")
@click.argument("quiz")
@click.option("--dry-run", is_flag=True, help="show what would change and change nothing")
@with_appcontext
def regrade_command(quiz: str, dry_run: bool) -> None:
    """Regrade attempts of older versions of QUIZ (a slug, or course/slug) against the current file."""

    course_slug, _, slug = quiz.rpartition("/")
    matches = [
        e for (c, s), e in content.catalog().quizzes.items() if s == slug and (not course_slug or c == course_slug)
    ]
    if len(matches) != 1:
        click.echo(f"Error: no single quiz named '{quiz}'; give it as course/slug.", err=True)
        raise SystemExit(1)
    entry = matches[0]
    changes, skipped = authoring.plan_regrade(entry)
    for change in changes:
        click.echo(f"attempt {change.attempt.id} ({change.user.email}, #{change.attempt.number}): "
                   f"{change.old_percent}% {'passed' if change.old_passed else 'not passed'} -> "
                   f"{change.new_percent}% {'passed' if change.new_passed else 'not passed'}")  # fmt: skip
    for attempt, why in skipped:
        click.echo(f"attempt {attempt.id}: not regraded: {why}", err=True)
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: {len(changes)} attempt(s) would change; nothing was changed.")
        return
    authoring.apply_regrade(entry, changes)
    db.session.commit()
    click.echo(f"Regraded {len(changes)} attempt(s).")


@lms_cli.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def backup_command(output: Path) -> None:
    """Copy the SQLite database safely while the app runs (online backup API)."""
    import sqlite3

    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        safe = url.set(password="***" if url.password else None).render_as_string(hide_password=False)
        click.echo(f"Error: this database is {url.get_backend_name()}; back it up with its own tool, e.g. "
                   f"pg_dump --format=custom --file {output} '{safe.replace('+psycopg', '')}'", err=True)  # fmt: skip
        raise SystemExit(1)
    if output.exists():
        click.echo(f"Error: {output} exists; choose a new file name so no backup is overwritten.", err=True)
        raise SystemExit(1)
    assert url.database is not None  # a SQLite file: an in-memory database has nothing to back up
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(output)
    try:
        with target:
            source.backup(target)
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if check != "ok":
        click.echo(f"Error: the copy failed its integrity check ({check}).", err=True)
        raise SystemExit(1)
    click.echo(f"Backed up to {output} (integrity check ok).")


@lms_cli.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Queue the weekly progress digest for each coordinator (run weekly; twice in a week sends one)."""
    count = digest.queue_digests()
    db.session.commit()
    click.echo(f"Queued {count} digest(s); `flask lms send-mail` delivers them.")


@lms_cli.command("finalize-overdue")
@with_appcontext
def finalize_overdue_command() -> None:
    """Finalise every quiz attempt past its deadline (and grace) from its saved answers."""
    count = quiz_service.finalise_overdue()
    db.session.commit()
    click.echo(f"Finalised {count} overdue attempt(s).")


lms_cli.add_command(quiz_json_command)
lms_cli.add_command(send_mail_command)
lms_cli.add_command(rank_cohorts_command)
for _command in transfer_commands:  # import-gift, import-aiken, export-qti, export-gift, import- and export-moodle-xml
    lms_cli.add_command(_command)


def _report_translations(states) -> None:
    """Stale and unstamped translations are warnings (the pages still show them, with a notice);
    missing ones are counted per language."""
    for s in states:
        if s.state == STALE:
            click.echo(f"{s.path}: warning: translates an older version of {s.source}; update it, then run "
                       f"`flask lms translation-stamp {s.path}`", err=True)  # fmt: skip
        elif s.state == UNSTAMPED:
            click.echo(f"{s.path}: warning: has no 'translation_of:' stamp; run `flask lms translation-stamp "
                       f"{s.path}` once it translates {s.source}", err=True)  # fmt: skip
    for locale in sorted({s.locale for s in states}):
        mine = [s for s in states if s.locale == locale]
        missing = sum(s.state == MISSING for s in mine)
        click.echo(f"Translations ({locale}): {len(mine) - missing} of {len(mine)} files"
                   + (f", {missing} missing (shown in the source language)" if missing else ""))  # fmt: skip


@lms_cli.command("translation-stamp")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def translation_stamp_command(files: tuple[Path, ...]) -> None:
    """Record in each translation FILE (under a locales/<locale>/ folder) the version of its source
    it translates, once the translator has brought it up to date."""
    for file in files:
        source = translation_source(file)
        if source is None or not source.is_file():
            click.echo(f"{file}: not a translation: expected it under <folder>/locales/<locale>/ beside a source file "
                       "of the same name; nothing was changed", err=True)  # fmt: skip
            raise SystemExit(1)
        if file.suffix.lower() != ".md":
            click.echo(f"{file}: only Markdown and quiz files carry a stamp; nothing was changed", err=True)
            raise SystemExit(1)
        file.write_text(stamped(source.read_bytes(), file.read_text(encoding="utf-8")), encoding="utf-8")
        click.echo(f"{file}: translates {source} as it is now ({stamp_of(source.read_bytes())}).")


@lms_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--quizzes",
    "quizzes_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="quiz folder (default: the 'quizzes' folder beside the courses folder, else the configured one)",
)
@with_appcontext
def check_command(paths: tuple[Path, ...], quizzes_dir: Path | None) -> None:
    """Validate content: the configured courses, or each PATH (a course folder or a folder of courses)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # current_app is a proxy typed as Flask
    roots = []
    for path in paths or (Path(app.config["COURSES_DIR"]),):
        # A folder holding course.md is one course: check it through its parent, alone.
        roots.append((path.parent, path.name) if (path / "course.md").is_file() else (path, None))
    problems = []
    states: list[TranslationState] = []
    courses = modules = 0
    for root, only in roots:
        beside = root.resolve().parent / "quizzes"
        quizzes = quizzes_dir or (beside if paths and beside.is_dir() else Path(app.config["QUIZZES_DIR"]))
        catalog, found = content.build_for_app(app, str(root), str(quizzes))
        if only is not None:
            found = [p for p in found if Path(p.path).resolve().is_relative_to((root / only).resolve())]
            selected = [c for c in catalog.courses.values() if c.slug == only]
        else:
            selected = list(catalog.courses.values())
        problems.extend(found)
        states.extend(s for s in catalog.translations if only is None or f"/{only}/" in f"/{s.source}")
        courses += len(selected)
        modules += sum(len(c.modules) for c in selected)
    for problem in problems:
        click.echo(str(problem), err=True)
    _report_translations(states)
    if problems:
        click.echo(
            f"{count_of(len(problems), 'problem')} found; nothing was changed. Fix them and run the check again.",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"OK: {courses} course(s), {modules} module(s), no problems.")
