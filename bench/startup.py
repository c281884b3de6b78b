"""Start-up: reading, validating and rendering the catalog, for the real course and a synthetic
course of 200 modules (the real modules' text and quizzes, repeated)."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .paths import ROOT

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
            if item.suffix != ".md":
                shutil.copy(item, target / item.name)  # figures
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


def _time_catalog(courses: Path, quizzes: Path) -> dict:
    """Median of 3 builds of the catalog in a fresh process each (imports excluded), and create_app."""
    code = (
        "import time, sys\n"
        "from lms.catalog.build import build_catalog\n"
        "t = time.perf_counter()\n"
        "catalog, problems = build_catalog(sys.argv[1], sys.argv[2], asset_url=lambda c, n: n,"
        " module_url=lambda c, s: s, quiz_asset_url=lambda c, n: n, glossary_url=lambda c: 'g')\n"
        "elapsed = time.perf_counter() - t\n"
        "assert not problems, problems[:5]\n"
        "print(elapsed, sum(len(c.modules) for c in catalog.courses.values()), len(catalog.quizzes))\n"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code, str(courses), str(quizzes)], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()  # fmt: skip
        runs.append(float(out[0]))
    app_code = (
        "import time, sys\nt = time.perf_counter()\nfrom lms import create_app\n"
        "create_app({'COURSES_DIR': sys.argv[1], 'QUIZZES_DIR': sys.argv[2], 'DATABASE_URL': 'sqlite://',"
        " 'SECRET_KEY': 'x' * 40})\nprint(time.perf_counter() - t)\n"
    )
    app_runs = [float(subprocess.run([sys.executable, "-c", app_code, str(courses), str(quizzes)], cwd=ROOT,
                                     capture_output=True, text=True, check=True).stdout.split()[-1]) for _ in range(3)]  # fmt: skip
    return {"catalog_seconds": statistics.median(runs), "runs": runs, "modules": int(out[1]), "quizzes": int(out[2]),
            "create_app_seconds": statistics.median(app_runs)}  # fmt: skip


def measure(tmp: Path) -> dict:
    real = _time_catalog(ROOT / "courses", ROOT / "quizzes")
    courses, quizzes = synthetic_course(tmp)
    started = time.perf_counter()
    synthetic = _time_catalog(courses, quizzes)
    shutil.rmtree(courses.parent / "synthetic-courses", ignore_errors=True)
    shutil.rmtree(courses.parent / "synthetic-quizzes", ignore_errors=True)
    return {"real": real, "synthetic": synthetic, "seconds_total": time.perf_counter() - started}
