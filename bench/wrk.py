"""Run wrk with bench.lua and read back its JSON line."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .paths import LUA

CONNECTIONS = 16


@dataclass(frozen=True)
class Line:
    """One line of a wrk data file: which thread sends what."""

    thread: int
    method: str
    path: str
    cookie: str = ""
    body: str = ""
    values: str = ""
    revision: int = 0

    def render(self) -> str:
        fields = (str(self.thread), self.method, self.path, self.cookie, self.body, self.values, str(self.revision))
        assert not any("\t" in f or "\n" in f for f in fields), "wrk data fields may not hold tabs or newlines"
        return "\t".join(fields)


def write_lines(path: Path, lines: list[Line]) -> Path:
    path.write_text("".join(line.render() + "\n" for line in lines))
    return path


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    ok: int
    bad: int
    walked: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    socket_errors: int
    bytes: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def valid(self) -> bool:
        return self.bad == 0 and self.socket_errors == 0 and self.ok > 0


def run(url: str, mode: str, expect: int, data: Path, seconds: float, connections: int = CONNECTIONS) -> Result:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk (bench/run does it)")
    command = [wrk, f"-t{connections}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", str(LUA / "bench.lua"), url, "--", mode, str(expect), str(data)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    output = done.stdout
    if "unexpected " in output:
        print(output[:2000], flush=True)
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    return Result(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        ok=raw["ok"],
        bad=raw["bad"],
        walked=raw["walked"],
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        socket_errors=raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
        bytes=raw["bytes"],
    )
