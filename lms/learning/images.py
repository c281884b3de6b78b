"""Serving the images that modules and quizzes show."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, send_file

from ..content.paths import IMAGE_TYPES

# An image opened directly (an SVG above all) must not run anything it might contain.
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def image_response(path: str | None) -> Response:
    """The image at `path`, or 404 when None.

    Callers pass only paths the catalog found referenced by a document, so nothing else on disk
    can be reached (no path traversal)."""
    if path is None:
        abort(404)
    response = send_file(path, mimetype=IMAGE_TYPES[Path(path).suffix.lower()], max_age=3600)
    response.headers["Content-Security-Policy"] = IMAGE_CSP
    return response
