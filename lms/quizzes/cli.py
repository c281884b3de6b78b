"""`quiz-json FILE`: print a quiz file as the JSON spec, or every problem in it as file:line: message."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..text import NotUtf8, decode_utf8
from . import spec
from .format import parse_quiz


@click.command("quiz-json")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def quiz_json_command(file: Path) -> None:
    """Parse FILE (front matter + text2qti body) and print its spec as JSON; exit 1 if it is invalid."""
    try:
        text = decode_utf8(file.read_bytes())
    except NotUtf8 as exc:
        click.echo(f"{file}:{exc.line}: the file is not valid UTF-8 text; save it as UTF-8", err=True)
        raise SystemExit(1) from None
    quiz, problems = parse_quiz(text, str(file))
    if quiz is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise SystemExit(1)
    click.echo(json.dumps(spec.to_json(quiz), indent=2, ensure_ascii=False))
