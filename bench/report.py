"""Write bench/RESULTS.md from the figures of a run (and bench/findings.md, the reading of them)."""

from __future__ import annotations

import json
from pathlib import Path

from .paths import BENCH

BEFORE = BENCH / "results" / "before-fix.json"
BEFORE_SCALE = BENCH / "results" / "before-fix-scale.json"


def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def machine(results: dict) -> list[str]:
    m, a = results["machine"], results["args"]
    return [
        f"Run of {results['started']} to {results['finished']} (`bench/run{' --quick' if a['quick'] else ''}`).",
        *(
            [
                f"Phases, databases, sizes and parts not repeated in it come from the earlier runs of "
                f"{'; '.join(results['merged_with'])} (`--merge`).",
                "",
            ]
            if "merged_with" in results
            else []
        ),
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB RAM, Linux {m['kernel']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}, {m['wrk'].split(' [')[0]}, {m['postgresql']}",
        f"- gunicorn: 2 sync workers on 127.0.0.1 for LETP and for the floor; wrk: 16 threads, 16 connections, "
        f"{a['runs']} runs of {a['seconds']:.0f} s per side, floor and LETP alternating, after a warm-up of each",
        f"- Database under load: SQLite (WAL) with a cohort of {a['load_base']:,} officers already seeded "
        f"(about 7 attempts and 100 answers each), plus the officers the load signs in as",
        "",
    ]


def endpoint_table(kind: str, found: list[dict], runs: int) -> list[str]:
    lines = [f"### Endpoints on {kind} (ratio = LETP requests/s ÷ floor requests/s, median of {runs} pairs)", "",
             "| Endpoint | Body | LETP req/s | Floor req/s | Ratio | Each run | Target | | LETP p50 / p95 | Floor p50 / p95 | Bad responses |",
             "|---|---:|---:|---:|---:|---|---:|---|---:|---:|---:|"]  # fmt: skip
    for e in found:
        each = ", ".join(f"{r:.3f}" for r in e["ratios"])
        lines.append(
            f"| {e['name']} | {_n(e['size'])} B | {_n(e['letp_rps'])} | {_n(e['floor_rps'])} | **{e['ratio']:.3f}** | "
            f"{each} | {e['target']} | {_met(e['ratio'] >= e['target'])} | {e['letp_p50_ms']:.1f} / {e['letp_p95_ms']:.1f} ms | "
            f"{e['floor_p50_ms']:.1f} / {e['floor_p95_ms']:.1f} ms | {e['letp_bad']} of {_n(e['letp_requests'])} |"
        )
    notes = [f"- {e['name']}: {note}" for e in found for note in e["notes"]]
    invalid = [e["name"] for e in found if not e["valid"]]
    if invalid:
        notes.append(f"- **Not valid** (unexpected statuses or socket errors): {', '.join(invalid)}")
    return [*lines, "", *notes, ""] if notes else [*lines, ""]


def day_section(kind: str, day: dict) -> list[str]:
    floor = day["floor"]
    lines = [f"### An officer's whole day on {kind}", "",
             f"- {day['officers']} officers, 16 at a time, each signing in (argon2id at the production parameters), "
             f"reading and marking the 7 modules, taking the 7 module quizzes and the final assessment (every answer "
             f"posted through the form) and opening the dashboard with the certificate: "
             f"{_n(day['requests_per_officer'])} requests an officer, redirects followed.",
             f"- **{_n(day['per_minute'], 1)} officers served per minute** ({_n(day['seconds'], 1)} s for all).",
             f"- The same requests (methods and body sizes) against the floor with the same client: "
             f"{_n(floor['per_minute'], 1)} officers per minute; ratio **{day['ratio']:.3f}**."]  # fmt: skip
    if day["errors"]:
        lines.append(f"- **{len(day['errors'])} officers failed**: {'; '.join(day['errors'][:3])}")
    return [*lines, ""]


def scale_section(kind: str, scale: dict) -> list[str]:
    sizes = sorted(scale, key=int)
    lines = [f"### Scale on {kind}: completion-grade exports (`flask lms export-grades`, a process of its own)", "",
             "| Officers | Seed | Database | Format | Time | Time − start-up | ms per 1,000 officers | Peak RSS | Output |",
             "|---:|---:|---:|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for size in (s for s in sizes if "exports" in scale[s]):
        entry = scale[size]
        base = entry["export_baseline"]["seconds"]
        for fmt, e in entry["exports"].items():
            net = e["seconds"] - base
            lines.append(f"| {int(size):,} | {entry['seed_seconds']:.0f} s | {entry.get('database_mib', '–')} MiB | {fmt} | "
                         f"{e['seconds']:.2f} s | {net:.2f} s | {net / int(size) * 1e6:.0f} | {e['rss_mib']} MiB | "
                         f"{e['bytes'] / 1e6:.1f} MB |")  # fmt: skip
    lines.append("")
    lines.append("Start-up of the command alone (an empty cohort): "
                 + ", ".join(f"{scale[s]['export_baseline']['seconds']:.2f} s / {scale[s]['export_baseline']['rss_mib']} MiB"
                             for s in sizes if "export_baseline" in scale[s]) + ".")  # fmt: skip
    if any("downloads" in scale[s] for s in sizes):
        lines += ["", f"### Scale on {kind}: the same exports downloaded from the cohort page (in the app's process, median of 3)", "",
                  "| Officers | CSV | JSON | XLSX |", "|---:|---:|---:|---:|"]  # fmt: skip
        for size in sizes:
            d = scale[size].get("downloads", {})
            lines.append(
                f"| {int(size):,} | "
                + " | ".join(f"{d[f]:.2f} s" if f in d else "–" for f in ("csv", "json", "xlsx"))
                + " |"
            )
        lines.append("")
    if "exports" in scale.get("10000", {}):
        csv = scale["10000"]["exports"]["csv"]
        web = scale["10000"].get("downloads", {}).get("csv")
        lines.append(f"Target for 10,000 officers, CSV under 2 s and under 150 MB: the command {csv['seconds']:.2f} s "
                     f"(of which {scale['10000']['export_baseline']['seconds']:.2f} s is its start-up) and {csv['rss_mib']} MiB, "
                     f"{_met(csv['seconds'] < 2 and csv['rss_mib'] < 150)}"
                     + (f"; the download from the cohort page {web:.2f} s, {_met(web < 2)}." if web is not None else "."))  # fmt: skip
    measured = [s for s in sizes if "dashboard" in scale[s]]
    views = list(dict.fromkeys(view for s in measured for view in scale[s]["dashboard"]))  # in the order measured
    lines += ["", f"### Scale on {kind}: coordinator dashboard (one process, median of 5 requests after one; of 2 for "
              "views that take seconds)", "",
              "Each view is reached as a browser reaches it: an address, or a link (next, previous) on the page "
              "it names. A cell reads milliseconds, then SQL statements sent (on SQLite, BEGIN is one of them).", "",
              "| Officers | " + " | ".join(views) + " |", "|---:|" + "---:|" * len(views)]  # fmt: skip
    for size in measured:
        found = scale[size]["dashboard"]
        cells = [f"{found[v]['ms']:.1f} ms, {found[v]['queries']}" if v in found else "–" for v in views]
        lines.append(f"| {int(size):,} | " + " | ".join(cells) + " |")
    largest = scale[measured[-1]]["dashboard"] if measured else {}
    if "second page" in largest:  # keyset: every view but those that grade officers again first
        regrading = ("by grade, first view", "by grade, 1 % changed")
        paged = {v: e["ms"] for v, e in largest.items() if v not in regrading}
        ratio = largest["last page"]["ms"] / largest["first page"]["ms"]
        lines += ["", f"Target at {int(measured[-1]):,} officers, every page read by keyset under 100 ms and the last "
                  f"page within 2× the first: slowest {max(paged.values()):.1f} ms ({max(paged, key=paged.__getitem__)}), "
                  f"last ÷ first {ratio:.2f}, {_met(max(paged.values()) < 100 and ratio <= 2)}."]  # fmt: skip
        if all(v in largest for v in regrading):
            lines += ["", f"Before such a page, the standings of officers who did something since the last sorted view "
                      f"are graded again: {largest[regrading[1]]['ms']:.0f} ms when 1 % of them did "
                      f"({int(measured[-1]) // 100:,} officers); the first sorted view after the migration or new "
                      f"course rules grades everyone once ({largest[regrading[0]]['ms'] / 1000:.1f} s)."]  # fmt: skip
    return [*lines, ""]


def startup_section(found: dict) -> list[str]:
    lines = ["### Start-up: the catalog read, validated and rendered once, then loaded from its cache", "",
             "| Content | Modules | Quizzes | Catalog build | `create_app`, cold | `create_app`, cached | "
             "`export-grades`, cold | `export-grades`, cached |", "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    contents = {"The real course": found["real"], "Synthetic, 200 modules (4 courses of 50)": found["synthetic"]}
    for name, e in contents.items():
        cells = [f"{e['catalog_seconds']:.2f} s", f"{e['create_app_seconds']:.2f} s"]
        cells.append(f"{e['cached_create_app_seconds']:.2f} s" if "cached_create_app_seconds" in e else "–")
        for kind in ("cold", "cached"):
            run = e.get("export", {}).get(kind)
            cells.append(f"{run['seconds']:.2f} s, {run['rss_mib']} MiB" if run else "–")
        lines.append(f"| {name} | {e['modules']} | {e['quizzes']} | " + " | ".join(cells) + " |")
    return [*lines, "",
            "Medians of 3 fresh processes each. *Cold*: an empty catalog cache, so the process builds the catalog "
            "(and stores it); *cached*: the cache a first process left, as another gunicorn worker, a restart or a "
            "`flask lms` command finds it (`lms/catalog/cache.py`). `export-grades` exports an empty cohort: the "
            "command's start-up, wall time and peak RSS of its process. No request renders Markdown "
            "(`tests/perf/test_render_once.py`).", ""]  # fmt: skip


def before_after(results: dict) -> list[str]:
    if not BEFORE.exists() or "load" not in results:
        return []
    before = json.loads(BEFORE.read_text())
    old = {e["name"]: e for e in before.get("load", {}).get("sqlite", {}).get("endpoints", [])}
    new = results["load"].get("sqlite", {}).get("endpoints", [])
    if not old or not new:
        return []
    lines = ["### Before and after the changes of this issue (SQLite)", "",
             f"Before: `bench/results/before-fix.json` ({before['started']}); after: this run.", "",
             "| Endpoint | Ratio before | Ratio after | LETP req/s before | after | p50 before | after |",
             "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for e in new:
        o = old.get(e["name"])
        if o:
            lines.append(f"| {e['name']} | {o['ratio']:.3f} | {e['ratio']:.3f} | {_n(o['letp_rps'])} | {_n(e['letp_rps'])} | "
                         f"{o['letp_p50_ms']:.1f} ms | {e['letp_p50_ms']:.1f} ms |")  # fmt: skip
    return [*lines, ""]


def scale_before_after(results: dict) -> list[str]:
    if not BEFORE_SCALE.exists() or "sqlite" not in results.get("scale", {}):
        return []
    old, new = json.loads(BEFORE_SCALE.read_text())["scale"]["sqlite"], results["scale"]["sqlite"]
    lines = ["### Before and after the changes of this issue (SQLite, scale)", "",
             "Before: `bench/results/before-fix-scale.json`; after: this run.", "",
             "| Officers | CSV export before | after | Dashboard first page before | after | Last page before | after |",
             "|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for size in sorted(set(old) & {s for s in new if "exports" in new[s] and "dashboard" in new[s]}, key=int):
        o, n = old[size], new[size]
        lines.append(f"| {int(size):,} | {o['exports']['csv']['seconds']:.2f} s | {n['exports']['csv']['seconds']:.2f} s | "
                     f"{o['dashboard']['first page']['ms']:.0f} ms | {n['dashboard']['first page']['ms']:.0f} ms | "
                     f"{o['dashboard']['last page']['ms']:.0f} ms | {n['dashboard']['last page']['ms']:.0f} ms |")  # fmt: skip
    return [*lines, ""]


def write(results: dict, path: Path) -> None:
    out = ["# LETP benchmark results", "", "Written by `bench/run` from its own measurements; "
           "`bench/results/latest.json` holds every figure. How to run: `bench/README.md`.", ""]  # fmt: skip
    out += machine(results)
    runs = results["args"]["runs"]
    out += ["## Speed against the floor", ""]
    for kind, found in results.get("load", {}).items():
        if "endpoints" in found:
            out += endpoint_table(kind, found["endpoints"], runs)
        if "day" in found:
            out += day_section(kind, found["day"])
    out += before_after(results)
    if "scale" in results:
        out += ["## Scale", ""]
        for kind, scale in results["scale"].items():
            out += scale_section(kind, scale)
        out += scale_before_after(results)
    if "startup" in results:
        out += ["## Start-up", "", *startup_section(results["startup"])]
    findings = BENCH / "findings.md"
    if findings.exists():
        out += ["", findings.read_text().strip(), ""]
    path.write_text("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    write(json.loads((BENCH / "results" / "latest.json").read_text()), BENCH / "RESULTS.md")
