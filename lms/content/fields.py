"""Declarative checks for front matter: known keys, required keys, types and ranges.

Each field returns a converted value or a message saying what is wrong and what to write.
Unknown keys and wrong types are errors, never silently ignored. A FieldError's message is the
rest of a sentence whose subject is the setting ("must be true or false"); `validate` puts the
setting's name in front. Messages are lms.i18n.Messages, so pages show them translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import N_, Message

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MISSING = object()


class FieldError(ValueError):
    """`message`: what is wrong with the value, said after the setting's name ("must be true or false")."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Field:
    name: str
    convert: Callable[[Any], Any]
    required: bool = False
    default: Any = None


def text(max_length: int = 200) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError(N_("must be non-empty text"))
        value = value.strip()
        if len(value) > max_length:
            raise FieldError(
                N_("must be at most %(maximum)s characters (it has %(length)s)", maximum=max_length, length=len(value))
            )
        return value

    return convert


def integer(low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(N_("must be a whole number from %(low)s to %(high)s", low=low, high=high))
        if not low <= value <= high:
            raise FieldError(N_("must be from %(low)s to %(high)s (it is %(value)s)", low=low, high=high, value=value))
        return value

    return convert


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(N_("must be true or false"))
    return value


def slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise FieldError(N_("must be a slug: lower-case letters, digits and single hyphens, like 'module-quiz'"))
    return value


def text_list(max_items: int = 20, max_length: int = 300) -> Callable[[Any], tuple[str, ...]]:
    item = text(max_length)

    def convert(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise FieldError(N_("must be a list with at least one '- item' line"))
        if len(value) > max_items:
            raise FieldError(N_("must have at most %(maximum)s items", maximum=max_items))
        try:
            return tuple(item(v) for v in value)
        except FieldError as exc:
            raise FieldError(N_("items %(problem)s", problem=exc.message)) from None

    return convert


def validate(meta: Mapping[str, Any], fields: list[Field]) -> tuple[dict[str, Any], list[tuple[str | None, Message]]]:
    """Check `meta` against `fields`.

    Returns the converted values (defaults filled in) and a list of (key or None, message).
    """
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    errors: list[tuple[str | None, Message]] = []
    for key in meta:
        if key not in known:
            errors.append(
                (
                    key,
                    N_(
                        "unknown setting '%(key)s'; the allowed settings are: %(allowed)s",
                        key=key,
                        allowed=", ".join(known),
                    ),
                )
            )
    for f in fields:
        raw = meta.get(f.name, MISSING)
        if raw is MISSING or raw is None:
            if f.required:
                errors.append((None, N_("the setting '%(name)s' is required", name=f.name)))
            values[f.name] = f.default
            continue
        try:
            values[f.name] = f.convert(raw)
        except FieldError as exc:
            errors.append((f.name, N_("'%(name)s' %(problem)s", name=f.name, problem=exc.message)))
    return values, errors
