"""File references inside content folders: safe relative names, image URLs, readable paths. Pure."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}  # fmt: skip


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def safe_relative(name: str) -> str | None:
    """Normalise a relative file reference; None if it could leave its folder."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    norm = posixpath.normpath(name)
    if norm.startswith("..") or norm.startswith("/") or norm == ".":
        return None
    return norm


def preferring(resolve: Callable[[str], str | None], folder: Path,
               overlay: str | None) -> Callable[[str], str | None]:  # fmt: skip
    """`resolve`, but a file of the same name in `folder/overlay` (a translation's own figure) wins."""
    if overlay is None:
        return resolve

    def resolve_preferring(name: str) -> str | None:
        rel = safe_relative(name)
        if rel is not None and (folder / overlay / rel).is_file():
            return resolve(f"{overlay}/{rel}")
        return resolve(name)

    return resolve_preferring


def resolver(folder: Path, found: dict[tuple[str, str], str], course_slug: str,
             url: Callable[[str, str], str]) -> Callable[[str], str | None]:  # fmt: skip
    """Map a relative image name to its URL if the file exists inside `folder`; record it."""

    def resolve(name: str) -> str | None:
        rel = safe_relative(name)
        if rel is None or Path(rel).suffix.lower() not in IMAGE_TYPES:
            return None
        full = (folder / rel).resolve()
        if not full.is_file() or folder.resolve() not in full.parents:
            return None
        found[(course_slug, rel)] = str(full)
        return url(course_slug, rel)

    return resolve
