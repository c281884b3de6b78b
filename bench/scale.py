"""Scale: cohorts of 1,000 / 10,000 / 100,000 officers. Completion-grade exports through the CLI
(wall time and peak RSS of the process), and the coordinator dashboard's time and queries."""

from __future__ import annotations

import html
import re
import statistics
import subprocess
import time
from pathlib import Path

from sqlalchemy import event

from . import database, seed
from .client import TOKEN
from .paths import ROOT, VENV_BIN

FORMATS = ("csv", "json", "xlsx")
PARTS = frozenset({"exports", "dashboard"})
PAGES = {  # what a coordinator looks at, each reached as a browser does: an address, then a link on it
    "first page": ("", None),
    "second page": ("", "next"),  # the first page's "Next page" link (after= the 25th officer's key)
    "last page": ("last=1", None),  # "Last page": the end of the index, read backwards
    "before the last": ("last=1", "prev"),  # the last page's "Previous page" link (before= its first key)
    "one country": ("country=KE", None),  # counted from the maintained counts
    "in progress, by country": ("status=in_progress&sort=-country", None),
    "in progress, last page": ("status=in_progress&sort=-country&last=1", None),
    "completed": ("status=completed", None),
    # Stored standings (lms/reports/standings.py): the first view after seeding grades everyone
    # (timed alone), later ones only officers whose progress moved (1 % of them, moved by SQL).
    "by grade, first view": ("sort=grade", None),
    "by grade": ("sort=grade", None),
    "by progress, last page": ("sort=-progress&last=1", None),
    "by grade, 1 % changed": ("sort=grade", None),
}
ONCE = frozenset({"by grade, first view"})  # timed on its first request, which is the point
MOVED = frozenset({"by grade, 1 % changed"})  # before each request, 1 % of the officers' versions move
LINK = re.compile(r'<a rel="(next|prev)" href="([^"]+)"')


# A child's peak RSS as Linux reports it starts at its parent's size (fork, then exec keeps the
# high-water mark), so the export runs under a small Python launcher rather than this process.
LAUNCHER = (
    "import os, sys, time\n"
    "start = time.perf_counter()\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[1], sys.argv[1:])\n"
    "_pid, status, usage = os.wait4(pid, 0)\n"
    "print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MiB, exit status) of one command, started by a small launcher."""
    done = subprocess.run([str(VENV_BIN / "python"), "-c", LAUNCHER, *command], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    seconds, rss_kib, status = done.stdout.split()[-3:]
    return float(seconds), int(rss_kib) // 1024, int(status)


def export(url: str, tmp: Path, cohort_id: int, fmt: str) -> dict:
    out = tmp / f"export-{cohort_id}.{fmt}"
    command = [str(VENV_BIN / "flask"), "--app", "wsgi", "lms", "export-grades", "--cohort", str(cohort_id),
               "--format", fmt, "-o", str(out)]  # fmt: skip
    seconds, rss, status = run_measured(command, database.server_env(url, tmp))
    if status != 0:
        raise RuntimeError(f"export-grades {fmt} exited {status}")
    size = out.stat().st_size
    rows = None
    if fmt == "csv":
        with out.open("rb") as f:
            rows = sum(1 for _ in f) - 1
    out.unlink()
    return {"seconds": seconds, "rss_mib": rss, "bytes": size, "rows": rows}


def move_progress(engine, cohort_id: int, count: int, size: int) -> None:
    """As if `count` officers of the cohort (a run of them from a random place) had each done
    something: their progress versions move; the grades stay, what is measured is finding and
    regrading them."""
    import random

    from sqlalchemy import text

    chosen = ("SELECT user_id FROM cohort_member WHERE cohort_id = :cohort ORDER BY user_id "
              "LIMIT :count OFFSET :offset")  # fmt: skip
    with engine.begin() as connection:  # what lms.auth.progress_version.bump does for each of them
        values = {"cohort": cohort_id, "count": count, "offset": random.randrange(max(1, size - count))}
        connection.execute(
            text(f'UPDATE "user" SET progress_version = progress_version + 1 WHERE id IN ({chosen})'), values
        )
        connection.execute(text(f"UPDATE cohort_member SET ranked_version = NULL WHERE user_id IN ({chosen})"), values)


def dashboard(url: str, cohort_id: int, coordinator: str, password: str, size: int, *,
              downloads_too: bool = True) -> tuple[dict, dict]:  # fmt: skip
    """Each page of PAGES: median time of 5 requests after a first in one process (2 for views that take
    seconds), and the SQL statements it sends;
    and (`downloads_too`) each export downloaded through the app as the coordinator's browser gets it
    (median of 3)."""
    from lms.extensions import db

    app = database.app_for(url, RATE_LIMIT="1000000 per minute", ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=8192,
                           ARGON2_PARALLELISM=1)  # fmt: skip
    client = app.test_client()
    token = TOKEN.search(client.get("/auth/login").get_data(as_text=True)).group(1)
    response = client.post("/auth/login", data={"email": coordinator, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    downloads = {}
    for fmt in FORMATS if downloads_too else ():  # what a coordinator's browser waits for: the whole body
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(f"/cohorts/{cohort_id}/export.{fmt}")
            size_bytes = sum(len(chunk) for chunk in response.response)
            times.append(time.perf_counter() - started)
            response.close()
            assert response.status_code == 200 and size_bytes > 0, (fmt, response.status_code)
        downloads[fmt] = statistics.median(times)
    event.listen(engine, "before_cursor_execute", count)
    found = {}
    for name, (query, follow) in PAGES.items():
        path = f"/cohorts/{cohort_id}/?" + query.format(last=max(1, -(-size // 25)))
        if follow:  # the link a coordinator would click on that page
            links = dict(LINK.findall(client.get(path).get_data(as_text=True)))
            path = html.unescape(links[follow])
        times: list[float] = []
        # One request to warm up, then five; two for a view that takes seconds.
        while len(times) < 6 and (len(times) < 3 or sum(times) < 10):
            if name in MOVED:
                move_progress(engine, cohort_id, max(1, size // 100), size)
            statements.clear()
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
            if name in ONCE:
                break
        timed = times if name in ONCE else times[1:]
        found[name] = {"ms": statistics.median(timed) * 1000, "queries": len(statements),
                       "requests": len(timed)}  # fmt: skip
    event.remove(engine, "before_cursor_execute", count)
    with app.app_context():
        db.engine.dispose()
    return found, downloads


def measure(kind: str, sizes: list[int], tmp: Path, password: str, parts: frozenset[str] = PARTS) -> dict:
    """The figures of each size; `parts` chooses "exports" (the command and the downloads) and "dashboard"."""
    from lms.auth import passwords

    light_hash = passwords.make_hasher(1, 8192, 1).hash(password)
    results: dict = {}
    for size in sizes:
        print(f"[{kind}] scale {size:,} officers: seeding ...", flush=True)
        url = database.new_database(kind, tmp, f"scale{size}")
        database.migrate(url)
        started = time.perf_counter()
        seeder = seed.Seeder(database.app_for(url))
        cohort_id, _coordinator = seed.cohort_of_officers(seeder, size, light_hash)
        empty_id = seeder.cohort("Empty cohort", None)
        seeder.finish()
        seeder.engine.dispose()
        entry: dict = {"seed_seconds": time.perf_counter() - started}
        if kind == "sqlite":
            entry["database_mib"] = Path(url.removeprefix("sqlite:///")).stat().st_size // (1024 * 1024)
        if "exports" in parts:
            entry["export_baseline"] = export(url, tmp, empty_id, "csv")  # start-up of the command, no rows
            entry["exports"] = {}
            for fmt in FORMATS:
                print(f"[{kind}] scale {size:,}: export {fmt} ...", flush=True)
                entry["exports"][fmt] = export(url, tmp, cohort_id, fmt)
        if "dashboard" in parts:
            print(f"[{kind}] scale {size:,}: coordinator dashboard ...", flush=True)
            entry["dashboard"], downloads = dashboard(url, cohort_id, "coordinator@scale.bench.test", password, size,
                                                      downloads_too="exports" in parts)  # fmt: skip
            if downloads:
                entry["downloads"] = downloads
        results[str(size)] = entry
        print(f"[{kind}] scale {size:,}: {entry}", flush=True)
        if kind == "sqlite":
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    return results
