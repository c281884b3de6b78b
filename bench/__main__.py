"""bench/run: every benchmark of bench/README.md, then bench/RESULTS.md from the figures."""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from . import database, endpoints, machine, report, scale, startup
from .paths import BENCH
from .servers import Gunicorn, floor_server

PASSWORD = "bench-officer-passphrase-2026"
LIGHT_ARGON2 = {"LMS_ARGON2_TIME_COST": "1", "LMS_ARGON2_MEMORY_KIB": "8192", "LMS_ARGON2_PARALLELISM": "1"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 officers only, shorter runs")
    parser.add_argument("--runs", type=int, default=3, help="floor/LETP pairs per endpoint (median reported)")
    parser.add_argument("--seconds", type=float, default=None, help="length of each wrk run (default 8, quick 5)")
    parser.add_argument("--sizes", default=None, help="cohort sizes, e.g. 1000,10000,100000")
    parser.add_argument("--postgres", action="store_true", help="also run the load and scale phases on PostgreSQL")
    parser.add_argument("--kinds", default=None,
                        help="databases to run, comma-separated (sqlite,postgresql); overrides --postgres")  # fmt: skip
    parser.add_argument("--only", default="startup,load,day,scale", help="phases to run (comma-separated)")
    parser.add_argument("--scale-parts", default="exports,dashboard",
                        help="parts of the scale phase (exports, dashboard); with --merge the others are kept")  # fmt: skip
    parser.add_argument(
        "--day-officers", type=int, default=None, help="officers in the day flow (default 48, quick 24)"
    )
    parser.add_argument("--load-base", type=int, default=10_000, help="officers already in the database under load")
    parser.add_argument("--output", default=str(BENCH / "results" / "latest.json"))
    parser.add_argument("--no-report", action="store_true", help="do not rewrite RESULTS.md")
    parser.add_argument("--merge", action="store_true",
                        help="keep the phases of the previous --output that this run does not repeat")  # fmt: skip
    return parser.parse_args()


def load_phase(kind: str, args, tmp: Path, results: dict) -> None:
    from . import day, seed

    phases = set(args.only.split(","))
    url = database.new_database(kind, tmp, "load")
    database.migrate(url)
    app = database.app_for(url)
    from lms.auth import passwords

    light_hash = passwords.make_hasher(1, 8192, 1).hash(PASSWORD)
    real_hash = passwords.make_hasher(3, 65_536, 4).hash(PASSWORD)
    started = time.perf_counter()
    seeder = seed.Seeder(app)
    seed.cohort_of_officers(seeder, args.load_base, light_hash)
    people = seed.load_people(seeder, connections=16, submit_pool=args.submit_pool, day_officers=args.day_officers,
                              light_hash=light_hash, real_hash=real_hash)  # fmt: skip
    seeder.finish()
    course = seeder.course
    with app.app_context():
        from lms.extensions import db

        db.engine.dispose()
    out = results.setdefault("load", {}).setdefault(kind, {})
    out["seed_seconds"] = time.perf_counter() - started
    out["base_officers"] = args.load_base
    with floor_server(tmp) as floor:
        if "load" in phases:
            env = database.server_env(url, tmp, **LIGHT_ARGON2)
            with Gunicorn("wsgi:app", env, "/healthz") as letp:
                ctx = endpoints.Context(letp.url, floor.url, tmp, args.runs, args.seconds, PASSWORD, people)
                out["endpoints"] = []
                for name, measure in [("module", lambda: endpoints.module_page(ctx, course.modules[3].slug)),
                                      ("dashboard", lambda: endpoints.dashboard(ctx)),
                                      ("autosave", lambda: endpoints.autosave(ctx)),
                                      ("submit", lambda: endpoints.submit(ctx))]:  # fmt: skip
                    print(f"[{kind}] {name} ...", flush=True)
                    out["endpoints"].append(measure().as_dict())
                    print(json.dumps(out["endpoints"][-1], indent=None)[:400], flush=True)
        if "day" in phases:
            print(f"[{kind}] officer's day ...", flush=True)
            with Gunicorn("wsgi:app", database.server_env(url, tmp), "/healthz") as letp:
                flow = day.run_day(letp.url, url, course, people.day, PASSWORD, threads=16)
            sequence = flow.pop("sequence")
            flow["floor"] = day.replay_floor(floor.url, sequence, flow["officers"] or 1, threads=16)
            flow["ratio"] = flow["per_minute"] / flow["floor"]["per_minute"]
            out["day"] = flow
            print(json.dumps(flow)[:400], flush=True)


def main() -> None:
    args = parse_args()
    args.seconds = args.seconds or (5.0 if args.quick else 8.0)
    args.day_officers = args.day_officers or (24 if args.quick else 48)
    sizes = [int(s) for s in (args.sizes or ("1000,10000" if args.quick else "1000,10000,100000")).split(",")]
    # Fresh attempts for the submit runs (a warm-up and the runs share them): PostgreSQL took up to
    # 2,423 in one 8 s run, more than the 2,249 a pool of 9,000 leaves each run.
    args.submit_pool = 6_000 if args.quick else 14_000
    phases = set(args.only.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="letp-bench-"))
    kinds = args.kinds.split(",") if args.kinds else ["sqlite", "postgresql"] if args.postgres else ["sqlite"]
    results: dict = {"machine": machine.describe(), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                     "args": {k: v for k, v in vars(args).items() if k not in ("output",)}}  # fmt: skip
    try:
        if "startup" in phases:
            print("start-up ...", flush=True)
            results["startup"] = startup.measure(tmp)
        for kind in kinds:
            if phases & {"load", "day"}:
                load_phase(kind, args, tmp, results)
            if "scale" in phases:
                parts = frozenset(args.scale_parts.split(","))
                results.setdefault("scale", {})[kind] = scale.measure(kind, sizes, tmp, PASSWORD, parts)
    finally:
        database.drop_created()
        shutil.rmtree(tmp, ignore_errors=True)
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    output = Path(args.output)
    if args.merge and output.exists():
        earlier = json.loads(output.read_text())
        for key in ("startup", "load", "scale"):
            if key not in results and key in earlier:
                results[key] = earlier[key]
            elif key == "scale" and key in earlier:  # keep the databases, sizes and parts not re-run
                results[key] = {kind: {size: {**earlier[key].get(kind, {}).get(size, {}), **entry}
                                       for size, entry in {**earlier[key].get(kind, {}), **found}.items()}
                                for kind, found in results[key].items()}  # fmt: skip
                results[key] = {**earlier[key], **results[key]}
            elif key == "load" and key in earlier:  # keep the databases and parts not re-run
                results[key] = {kind: {**earlier[key].get(kind, {}), **found} for kind, found in results[key].items()}
                results[key] = {**earlier[key], **results[key]}
        results["merged_with"] = [*earlier.get("merged_with", []), f"{earlier['started']} to {earlier['finished']}"]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1, default=str))
    print(f"wrote {output}")
    if not args.no_report:
        report.write(results, BENCH / "RESULTS.md")
        print(f"wrote {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
