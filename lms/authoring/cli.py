"""Import GIFT, Aiken and Moodle XML files as native quizzes; export quizzes as a Canvas QTI zip, GIFT
or Moodle XML.

Losses go to stderr as `FILE:line: "title": message`. QUIZ is a quiz file, or a catalog quiz
given as SLUG or COURSE/SLUG (then the app is loaded, as `flask lms` commands do).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import NoAppException, ScriptInfo

from lms.catalog import service as content
from lms.content.paths import safe_relative
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz
from lms.text import NotUtf8, decode_utf8

from .aiken import AikenError, aiken_to_native
from .gift import Loss, gift_to_native
from .gift_export import quiz_to_gift
from .moodle_xml import XmlRefused, moodle_to_native
from .moodle_xml_export import quiz_to_moodle_xml
from .qti import ReadAsset, qti_losses, quiz_to_qti_zip

INPUT = click.Path(exists=True, dir_okay=False, path_type=Path)
OUTPUT = click.Path(dir_okay=False, writable=True, path_type=Path)


def in_existing_folder(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """An output file's folder must exist: said before any work, rather than a traceback after it."""
    if value is not None and not value.parent.is_dir():
        raise click.BadParameter(f"the folder '{value.parent}' does not exist; create it first, or write elsewhere")
    return value


def _fail(messages: list[str]) -> NoReturn:
    for message in messages:
        click.echo(message, err=True)
    raise SystemExit(1)


def _read_text(file: Path) -> str:
    try:
        return decode_utf8(file.read_bytes())
    except NotUtf8 as exc:
        _fail([f"{file}:{exc.line}: the file is not valid UTF-8 text; save it as UTF-8"])


def _report(where: str, losses: list[Loss]) -> None:
    for loss in losses:
        click.echo(f'{where}:{loss.line}: "{loss.title}": {loss.message}', err=True)


def _write_native(source: Path, native: str, losses: list[Loss], out: Path | None) -> None:
    """Report the losses, check that the result parses, then write it to `out` or stdout."""
    _report(str(source), losses)
    quiz, problems = parse_quiz(native, f"{out or 'output'} (converted from {source})")
    if quiz is None:
        _fail(["the converted quiz does not parse, so nothing was written; fix the source and run again:"]
              + [str(p) for p in problems])  # fmt: skip
    if out is None:
        click.echo(native, nl=False)
        return
    out.write_text(native, encoding="utf-8")
    click.echo(f"Wrote {out}: {len(quiz.questions())} question(s), {len(losses)} loss(es) listed above.", err=True)


@click.command("import-gift")
@click.argument("file", type=INPUT)
@click.option(
    "-o",
    "--output",
    "out",
    type=OUTPUT,
    callback=in_existing_folder,
    help="Write the native quiz here instead of to stdout.",
)
def import_gift_command(file: Path, out: Path | None) -> None:
    """Convert a Moodle GIFT FILE to a native quiz; list on stderr what could not be carried."""
    native, losses = gift_to_native(_read_text(file))
    _write_native(file, native, losses, out)


@click.command("import-aiken")
@click.argument("file", type=INPUT)
@click.option(
    "-o",
    "--output",
    "out",
    type=OUTPUT,
    callback=in_existing_folder,
    help="Write the native quiz here instead of to stdout.",
)
def import_aiken_command(file: Path, out: Path | None) -> None:
    """Convert an Aiken FILE to a native quiz; exit 1 listing every malformed question."""
    try:
        native, losses = aiken_to_native(_read_text(file))
    except AikenError as exc:
        _fail([f"{file}:{line}: {message}" for line, message in exc.problems])
    _write_native(file, native, losses, out)


@click.command("import-moodle-xml")
@click.argument("file", type=INPUT)
@click.option("-o", "--output", "out", type=OUTPUT, callback=in_existing_folder,
              help="Write the native quiz here, and its images beside it, instead of to stdout.")  # fmt: skip
def import_moodle_xml_command(file: Path, out: Path | None) -> None:
    """Convert a Moodle XML FILE to a native quiz (one quiz, whatever its categories); list on stderr what
    could not be carried."""
    try:
        result = moodle_to_native(file.read_bytes())
    except XmlRefused as exc:
        _fail([f"{file}:{exc.line}: {exc.message}"])
    if result.images and out is None:
        _fail([f"{file}: the questions show {len(result.images)} image(s) ({', '.join(sorted(result.images))}), "
               "which are written beside the quiz; give the quiz file with -o OUT.md"])  # fmt: skip
    folder = out.parent if out is not None else Path()
    taken = [name for name, data in sorted(result.images.items())
             if (folder / name).exists() and (folder / name).read_bytes() != data]  # fmt: skip
    if taken:
        _fail([f"{folder / name}: already exists and holds another file; move it, or write the quiz to another "
               "folder with -o" for name in taken])  # fmt: skip
    _write_native(file, result.native, result.losses, out)
    for name, data in sorted(result.images.items()):
        (folder / name).write_bytes(data)
    if result.images:
        click.echo(f"Wrote {len(result.images)} image(s) beside it: {', '.join(sorted(result.images))}.", err=True)


def _load_quiz(name: str) -> tuple[spec.Quiz, str, Path, str]:
    """(quiz, where to name it in messages, folder of its images, default QTI identifier)."""
    path = Path(name)
    if path.is_file():
        quiz, problems = parse_quiz(_read_text(path), str(path))
        if quiz is None:
            _fail([str(p) for p in problems])
        return quiz, str(path), path.parent, path.stem
    if not current_app:
        try:
            app = click.get_current_context().ensure_object(ScriptInfo).load_app()
        except NoAppException:
            _fail([f"'{name}' is not a file, and no LETP app was found to look it up as a quiz slug; "
                   "give a path, or run the command through 'flask lms'"])  # fmt: skip
        click.get_current_context().with_resource(app.app_context())
    course, _sep, slug = name.rpartition("/")
    found = [(key, q) for key, q in content.catalog().quizzes.items() if key[1] == slug and course in ("", key[0])]
    if len(found) != 1:
        known = ", ".join(sorted(f"{c}/{s}" for c, s in content.catalog().quizzes)) or "none"
        reason = "matches quizzes in several courses" if found else "is neither a file nor a quiz in the catalog"
        _fail([f"'{name}' {reason}; give a path or COURSE/SLUG (catalog quizzes: {known})"])
    (course, slug), quiz_file = found[0]
    folder = Path(current_app.config["QUIZZES_DIR"]) / course
    return quiz_file.spec, quiz_file.path, folder, f"{course}_{slug}"


def _asset_reader(folder: Path) -> ReadAsset:
    """Read images beside the quiz; nothing outside its folder."""

    def read(name: str) -> bytes | None:
        rel = safe_relative(name)
        full = (folder / rel).resolve() if rel else None
        if full is None or folder.resolve() not in full.parents or not full.is_file():
            return None
        return full.read_bytes()

    return read


@click.command("export-qti")
@click.argument("quiz")
@click.option(
    "-o", "--output", "out", type=OUTPUT, callback=in_existing_folder, required=True, help="The .zip file to write."
)
def export_qti_command(quiz: str, out: Path) -> None:
    """Write QUIZ (a file, SLUG or COURSE/SLUG) as a Canvas QTI zip; list on stderr what Canvas lacks."""
    spec_quiz, where, folder, name = _load_quiz(quiz)
    identifier = "letp_" + re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    try:
        package = quiz_to_qti_zip(spec_quiz, identifier, read_asset=_asset_reader(folder))
    except ValueError as exc:
        _fail([f"{where}: {line}" for line in str(exc).splitlines()])
    _report(where, qti_losses(spec_quiz))
    out.write_bytes(package)
    count = len(spec_quiz.questions())
    click.echo(f"Wrote {out}: {count} question(s); import it in Canvas as a QTI .zip file.", err=True)


@click.command("export-gift")
@click.argument("quiz")
@click.option(
    "-o",
    "--output",
    "out",
    type=OUTPUT,
    callback=in_existing_folder,
    help="Write the GIFT text here instead of to stdout.",
)
def export_gift_command(quiz: str, out: Path | None) -> None:
    """Write QUIZ (a file, SLUG or COURSE/SLUG) as Moodle GIFT; list on stderr what GIFT cannot hold."""
    spec_quiz, where, _folder, _name = _load_quiz(quiz)
    text, losses = quiz_to_gift(spec_quiz)
    _report(where, losses)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}.", err=True)


@click.command("export-moodle-xml")
@click.argument("quiz")
@click.option(
    "-o",
    "--output",
    "out",
    type=OUTPUT,
    callback=in_existing_folder,
    help="Write the Moodle XML here instead of to stdout.",
)
def export_moodle_xml_command(quiz: str, out: Path | None) -> None:
    """Write QUIZ (a file, SLUG or COURSE/SLUG) as Moodle XML, its images inside; list on stderr what Moodle
    XML cannot hold."""
    spec_quiz, where, folder, _name = _load_quiz(quiz)
    text, losses = quiz_to_moodle_xml(spec_quiz, _asset_reader(folder))
    _report(where, losses)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}; import it in Moodle's question bank as Moodle XML.", err=True)


commands = [import_gift_command, import_aiken_command, export_qti_command, export_gift_command,
            import_moodle_xml_command, export_moodle_xml_command]  # fmt: skip
