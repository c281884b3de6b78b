"""Drive a real gunicorn (4 sync workers on 127.0.0.1) the way officers' browsers do.

Used by the reliability tests (small numbers, in CI) and runnable by hand with bigger ones:
    .venv/bin/python -m tests.reliability.server --officers 50 --quizzes 10 [--database URL]
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "a-long-test-passphrase-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    return {**os.environ, "LMS_ENV": "development", "LMS_DATABASE_URL": database_url,
            "LMS_SECRET_KEY": "reliability-test-secret-key-0123456789abcdef",
            "LMS_COURSES_DIR": str(FIXTURES / "courses"), "LMS_QUIZZES_DIR": str(FIXTURES / "quizzes"),
            "LMS_ARGON2_MEMORY_KIB": "8192", "LMS_ARGON2_TIME_COST": "1", "LMS_ARGON2_PARALLELISM": "1",
            "LMS_LOG_LEVEL": "WARNING"}  # fmt: skip


class Server:
    """gunicorn in its own process group, so a kill -9 takes the master and every worker."""

    def __init__(self, database_url: str, workers: int = 4, redis_url: str = ""):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = server_env(database_url) | (
            {"LMS_REDIS_URL": redis_url, "LMS_REDIS_PREFIX": f"letp-g5-{self.port}"} if redis_url else {}
        )
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen([gunicorn, "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}", "--timeout", "60", "wsgi:app"],
                                        cwd=ROOT, env=self.env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def kill(self) -> None:
        """SIGKILL the whole group: no graceful shutdown, as in a crash."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Officer:
    base: str
    email: str
    opener: urllib.request.OpenerDirector = field(init=False)
    statuses: list[int] = field(default_factory=list)
    acknowledged: list[int] = field(default_factory=list)  # attempts whose submit answered with the review page

    def __post_init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                status, text, location = response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            status, text, location = (
                error.code,
                error.read().decode(errors="replace"),
                error.headers.get("Location", ""),
            )
        self.statuses.append(status)
        return status, text, location

    def token(self, path: str) -> str:
        _status, text, _location = self.request(path)
        return TOKEN.search(text).group(1)

    def login(self) -> bool:
        status, _text, _location = self.request(
            "/auth/login", {"email": self.email, "password": PASSWORD, "csrf_token": self.token("/auth/login")}
        )
        return status == 302

    def take_quiz(self, quiz: str = "stepwise-quiz", course: str = "quiz-course") -> int | None:
        token = self.token(f"/quizzes/{course}/{quiz}/")
        _status, _text, location = self.request(f"/quizzes/{course}/{quiz}/start", {"csrf_token": token})
        match = re.search(r"/attempts/(\d+)$", location)
        if not match:
            return None
        attempt_id = int(match.group(1))
        status, _text, location = self.request(f"/quizzes/{course}/{quiz}/attempts/{attempt_id}",
                                               {"csrf_token": token, "action": "submit", "present": "", "revision": "0"})  # fmt: skip
        if status == 302 and location.endswith("/review"):
            self.acknowledged.append(attempt_id)
        return attempt_id


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def make_officers(database_url: str, count: int) -> list[str]:
    """Create `count` officers with a known password, directly in the database."""
    os.environ.update({k: v for k, v in server_env(database_url).items() if k.startswith("LMS_")})
    from lms import create_app
    from lms.auth.service import create_user
    from lms.extensions import db

    app = create_app()
    emails = [f"load{n}@police.example" for n in range(count)]
    with app.app_context():
        for email in emails:
            create_user(email=email, name=f"Load {email}", country="KE", password=PASSWORD)
        db.session.commit()
        db.engine.dispose()
    return emails


def drive(base: str, emails: list[str], quizzes: int) -> list[Officer]:
    officers = [Officer(base, email) for email in emails]
    barrier = threading.Barrier(len(officers))

    def day(officer: Officer) -> None:
        barrier.wait()
        if officer.login():
            for _ in range(quizzes):
                try:
                    officer.take_quiz()
                except (OSError, http.client.HTTPException):
                    officer.statuses.append(599)  # refused, reset or cut mid-response: the server is gone

    threads = [threading.Thread(target=day, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return officers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--quizzes", type=int, default=10)
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    import tempfile

    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp()) / 'reliability.sqlite3'}"
    subprocess.run(
        [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "lms", "init"],
        cwd=ROOT,
        env=server_env(url),
        check=True,
    )
    emails = make_officers(url, args.officers)
    server = Server(url).start()
    started = time.time()
    try:
        officers = drive(server.url, emails, args.quizzes)
    finally:
        server.stop()
    statuses = [s for o in officers for s in o.statuses]
    print(f"{len(officers)} officers x {args.quizzes} quizzes in {time.time() - started:.1f} s: "
          f"{sum(len(o.acknowledged) for o in officers)} submissions acknowledged, "
          f"{sum(s >= 500 for s in statuses)} errors of {len(statuses)} requests")  # fmt: skip


if __name__ == "__main__":
    main()
