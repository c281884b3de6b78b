"""Declarative checks for front matter: known keys, required keys, types and ranges.

Each field returns a converted value or a message saying what is wrong and what to write.
Unknown keys and wrong types are errors, never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MISSING = object()


class FieldError(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    name: str
    convert: Callable[[Any], Any]
    required: bool = False
    default: Any = None


def text(max_length: int = 200) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError("must be non-empty text")
        value = value.strip()
        if len(value) > max_length:
            raise FieldError(f"must be at most {max_length} characters (it has {len(value)})")
        return value

    return convert


def integer(low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(f"must be a whole number from {low} to {high}")
        if not low <= value <= high:
            raise FieldError(f"must be from {low} to {high} (it is {value})")
        return value

    return convert


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError("must be true or false")
    return value


def slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise FieldError("must be a slug: lower-case letters, digits and single hyphens, like 'module-quiz'")
    return value


def text_list(max_items: int = 20, max_length: int = 300) -> Callable[[Any], tuple[str, ...]]:
    item = text(max_length)

    def convert(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise FieldError("must be a list with at least one '- item' line")
        if len(value) > max_items:
            raise FieldError(f"must have at most {max_items} items")
        try:
            return tuple(item(v) for v in value)
        except FieldError as exc:
            raise FieldError(f"items {exc}") from None

    return convert


def validate(meta: Mapping[str, Any], fields: list[Field]) -> tuple[dict[str, Any], list[tuple[str | None, str]]]:
    """Check `meta` against `fields`.

    Returns the converted values (defaults filled in) and a list of (key or None, message).
    """
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    errors: list[tuple[str | None, str]] = []
    for key in meta:
        if key not in known:
            errors.append((key, f"unknown setting '{key}'; the allowed settings are: {', '.join(known)}"))
    for f in fields:
        raw = meta.get(f.name, MISSING)
        if raw is MISSING or raw is None:
            if f.required:
                errors.append((None, f"the setting '{f.name}' is required"))
            values[f.name] = f.default
            continue
        try:
            values[f.name] = f.convert(raw)
        except FieldError as exc:
            errors.append((f.name, f"'{f.name}' {exc}"))
    return values, errors
