"""The machine the figures come from."""

from __future__ import annotations

import os
import platform
import subprocess


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def describe() -> dict:
    import sqlite3

    return {"nproc": os.cpu_count(), "cpu": _cpu_model(), "memory_gib": round(_memory_gib(), 1),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "kernel": platform.release(),
            "wrk": _version(["wrk", "--version"]), "postgresql": _version(["psql", "--version"])}  # fmt: skip
