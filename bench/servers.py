"""gunicorn (sync workers, 127.0.0.1) for LETP and for the floor, in their own process groups."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from .paths import ROOT, VENV_BIN

WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """`gunicorn -w 2 -b 127.0.0.1:<port> <target>`, started and stopped by the benchmark."""

    def __init__(self, target: str, env: dict[str, str], ready_path: str, workers: int = WORKERS):
        self.target, self.env, self.ready_path, self.workers = target, env, ready_path, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = Path(env.get("BENCH_TMP") or tempfile.gettempdir()) / f"gunicorn-{self.port}.log"

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> Gunicorn:
        command = [str(VENV_BIN / "gunicorn"), "-w", str(self.workers), "-k", "sync", "-b", f"127.0.0.1:{self.port}",
                   "--timeout", "300", "--backlog", "2048", self.target]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True, stdout=log,
                                            stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.target} exited; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn {self.target} did not answer {self.ready_path} within 120 s; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def floor_server(tmp: Path) -> Gunicorn:
    return Gunicorn("bench.floor:app", {**os.environ, "BENCH_TMP": str(tmp)}, "/bytes/2")
