"""The floor: a bare Flask app on the same gunicorn, answering with a body of a given size.

LETP's figures are reported as a ratio to this app measured in the same run, so the machine's
speed (which drifts, and which the load generator shares) cancels out.
"""

from flask import Flask, Response

app = Flask(__name__)
_BODIES: dict[int, bytes] = {}


def _body(size: int) -> bytes:
    if size not in _BODIES:
        _BODIES[size] = (b"0123456789abcdef" * (size // 16 + 1))[:size]
    return _BODIES[size]


@app.route("/bytes/<int:size>", methods=["GET", "POST"])
def sized(size: int) -> Response:
    return Response(_body(size), mimetype="text/html")
