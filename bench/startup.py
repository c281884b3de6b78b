"""Start-up: reading, validating and rendering the catalog, for the real course and a synthetic
course of 200 modules (the real modules' text and quizzes, repeated); `create_app` and
`flask lms export-grades` with the catalog built (cold) and loaded from the catalog cache (cached)."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from . import database
from .paths import ROOT, VENV_BIN
from .scale import run_measured

REAL_COURSE = "crypto-crime-essentials"
MODULE_LINK = re.compile(r"\[([^\]]+)\]\(\d\d-[a-z0-9-]+\.md(?:#[^)]*)?\)")


def synthetic_course(tmp: Path, modules: int = 200, per_course: int = 50) -> tuple[Path, Path]:
    """`modules` modules with a quiz each, built from the real files, in courses of `per_course`.

    A module file's number has two digits (NN-<slug>.md), so one course holds at most 100 modules.
    """
    courses, quizzes = tmp / "synthetic-courses", tmp / "synthetic-quizzes"
    source = ROOT / "courses" / REAL_COURSE
    real = sorted(p for p in source.glob("[0-9][0-9]-*.md"))
    bodies = [p.read_text().split("---\n", 2)[2] for p in real]
    quiz_of = {p: re.search(r"^quiz:\s*(\S+)", p.read_text(), re.M).group(1) for p in real}
    landing = MODULE_LINK.sub(r"\1", (source / "course.md").read_text().split("---\n", 2)[2])
    for c in range(-(-modules // per_course)):
        target, quiz_dir = courses / f"synthetic-{c + 1}", quizzes / f"synthetic-{c + 1}"
        target.mkdir(parents=True)
        quiz_dir.mkdir(parents=True)
        for item in source.iterdir():
            if item.is_file() and item.suffix != ".md":
                shutil.copy(item, target / item.name)  # figures
        shutil.copytree(source / "requests", target / "requests")  # the templates the modules link to
        (target / "glossary.md").write_text(MODULE_LINK.sub(r"\1", (source / "glossary.md").read_text()))
        (target / "course.md").write_text(f"---\ntitle: Synthetic course {c + 1}\nsummary: Benchmark content.\n"
                                          f"sequential: true\n---\n{landing}")  # fmt: skip
        for n in range(min(per_course, modules - c * per_course)):
            index = (c * per_course + n) % len(real)
            slug = f"module-{n + 1:02d}"
            front = (f"---\ntitle: Synthetic module {n + 1}\nminutes: 30\nobjectives:\n  - Read module {n + 1}.\n"
                     f"quiz: {slug}-quiz\n---\n")  # fmt: skip
            (target / f"{n + 1:02d}-{slug}.md").write_text(front + MODULE_LINK.sub(r"\1", bodies[index]))
            shutil.copy(ROOT / "quizzes" / REAL_COURSE / f"{quiz_of[real[index]]}.md", quiz_dir / f"{slug}-quiz.md")
    return courses, quizzes


def _seconds(code: str, *args: str) -> float:
    """The last number a fresh Python process running `code` prints."""
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


BUILD_CODE = (
    "import time, sys\n"
    "from lms.catalog.build import build_catalog\n"
    "t = time.perf_counter()\n"
    "catalog, problems = build_catalog(sys.argv[1], sys.argv[2], asset_url=lambda c, n: n,"
    " module_url=lambda c, s: s, quiz_asset_url=lambda c, n: n, glossary_url=lambda c: 'g')\n"
    "elapsed = time.perf_counter() - t\n"
    "assert not problems, problems[:5]\n"
    "print(sum(len(c.modules) for c in catalog.courses.values()), len(catalog.quizzes), elapsed)\n"
)
APP_CODE = (
    "import time, sys\nt = time.perf_counter()\nfrom lms import create_app\n"
    "create_app({'COURSES_DIR': sys.argv[1], 'QUIZZES_DIR': sys.argv[2], 'DATABASE_URL': 'sqlite://',"
    " 'SECRET_KEY': 'x' * 40, 'CATALOG_CACHE': True, 'CACHE_DIR': sys.argv[3]})\nprint(time.perf_counter() - t)\n"
)


def _time_catalog(courses: Path, quizzes: Path, tmp: Path) -> dict:
    """Medians of 3 fresh processes each: the catalog built (imports excluded), and the whole
    `create_app` (imports included) with an empty catalog cache (cold: it builds and stores the
    catalog) and then with the cache the cold run left (cached: another worker, a restart)."""
    runs = []
    for _ in range(3):
        modules, quiz_count, seconds = subprocess.run(
            [sys.executable, "-c", BUILD_CODE, str(courses), str(quizzes)], cwd=ROOT, capture_output=True, text=True,
            check=True).stdout.split()  # fmt: skip
        runs.append(float(seconds))
    caches = [tmp / f"cache-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    cold = [_seconds(APP_CODE, str(courses), str(quizzes), str(cache)) for cache in caches]
    cached = [_seconds(APP_CODE, str(courses), str(quizzes), str(caches[-1])) for _ in range(3)]
    stored = sum(p.stat().st_size for p in caches[-1].glob("catalog-*.pickle"))
    for cache in caches:
        shutil.rmtree(cache, ignore_errors=True)
    return {"catalog_seconds": statistics.median(runs), "runs": runs, "modules": int(modules), "quizzes": int(quiz_count),
            "create_app_seconds": statistics.median(cold), "create_app_runs": cold,
            "cached_create_app_seconds": statistics.median(cached), "cached_create_app_runs": cached,
            "cache_mib": stored / (1024 * 1024)}  # fmt: skip


def _export_startup(courses: Path, quizzes: Path, course: str, tmp: Path) -> dict:
    """`flask lms export-grades` of an empty cohort (the command's start-up): wall time and peak RSS
    of the process, median of 3, with an empty catalog cache (cold) and with a filled one (cached)."""
    url = f"sqlite:///{tmp / f'startup-{uuid.uuid4().hex[:8]}.sqlite3'}"
    filled = tmp / "export-cache"
    env = database.server_env(url, tmp, LMS_COURSES_DIR=str(courses), LMS_QUIZZES_DIR=str(quizzes))
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi", "lms"]
    setup = env | {"LMS_CACHE_DIR": str(filled)}
    subprocess.run([*flask, "init"], cwd=ROOT, env=setup, capture_output=True, check=True)  # builds, fills the cache
    cohort = subprocess.run([*flask, "create-cohort", "Empty", "--country", "KE", "--course", course], cwd=ROOT,
                            env=setup, capture_output=True, text=True, check=True).stdout.split()[-1]  # fmt: skip
    command = [*flask, "export-grades", "--cohort", cohort, "-o", str(tmp / "startup-export.csv")]
    found: dict = {}
    for name, cache_of_run in (("cold", lambda: tmp / f"cache-{uuid.uuid4().hex[:8]}"), ("cached", lambda: filled)):
        runs = []
        for _ in range(3):
            cache = cache_of_run()
            seconds, rss, status = run_measured(command, env | {"LMS_CACHE_DIR": str(cache)})
            if status != 0:
                raise RuntimeError(f"export-grades exited {status}")
            runs.append((seconds, rss))
            if cache != filled:
                shutil.rmtree(cache, ignore_errors=True)
        found[name] = {"seconds": statistics.median(s for s, _ in runs), "rss_mib": max(r for _, r in runs),
                       "runs": [s for s, _ in runs]}  # fmt: skip
    shutil.rmtree(filled, ignore_errors=True)
    Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    return found


def measure(tmp: Path) -> dict:
    started = time.perf_counter()
    real = _time_catalog(ROOT / "courses", ROOT / "quizzes", tmp)
    real["export"] = _export_startup(ROOT / "courses", ROOT / "quizzes", REAL_COURSE, tmp)
    courses, quizzes = synthetic_course(tmp)
    synthetic = _time_catalog(courses, quizzes, tmp)
    synthetic["export"] = _export_startup(courses, quizzes, "synthetic-1", tmp)
    shutil.rmtree(courses.parent / "synthetic-courses", ignore_errors=True)
    shutil.rmtree(courses.parent / "synthetic-quizzes", ignore_errors=True)
    return {"real": real, "synthetic": synthetic, "seconds_total": time.perf_counter() - started}
