"""Where things are: the repository, its virtualenv and the benchmark's own files."""

from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV_BIN = ROOT / ".venv" / "bin"
LUA = BENCH / "lua"
