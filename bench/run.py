"""`make bench`: build the scale-1 and scale-N databases, measure, print one table and write
bench/results.json. `make bench-ci` runs the CI-sized part (scale 2, the query checks only)
and fails when a page's query count or a sweep's queries per row grow with the data.

    python -m bench.run --scale 10            # exit 0 whatever the figures
    python -m bench.run --scale 10 --strict   # exit 1 when a check misses its goal
    python -m bench.run --ci                  # scale 2, query checks, exit 1 on a miss

See bench/README.md for what each figure means and how it is measured."""

import argparse
import json
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

from . import checks, databases

ROOT = databases.ROOT
RESULTS = ROOT / "bench" / "results.json"
# Modules that add checks of their own (the load test, bench/load.py): each defines
# `checks(document) -> [check]`, called with the results before they are written (not in
# the CI-sized run).
HOOKS = ["bench.load"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def _worker(url, args, *, scale_name, wait=True):
    command = [sys.executable, "-m", "bench.worker", *args]
    env = databases.bench_env(url, BENCH_MEDIA_ROOT=databases.media_root(scale_name))
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    if wait:
        _wait(process)
    return process


def _seed(url, scale, *, wait=True):
    command = [sys.executable, str(ROOT / "manage.py"), "seed_demo", "--force", f"--scale={scale}"]
    process = subprocess.Popen(
        command, env=databases.bench_env(url), cwd=ROOT, stdout=subprocess.DEVNULL
    )
    if wait:
        _wait(process)
    return process


def _wait(process):
    if process.wait() != 0:
        raise SystemExit(f"{' '.join(process.args[:4])}… failed ({process.returncode})")


def _pages(scale_1, scale_n, timings):
    """One row per role and page: queries at both scales, and the timing where timed."""
    timed = {(t["role"], t["url"]): t for t in timings}
    rows = []
    for role, listed in scale_1["pages"].items():
        at_n = {p["url"]: p for p in scale_n["pages"].get(role, [])}
        for page in listed:
            other = at_n.get(page["url"], {})
            rows.append(
                {
                    "role": role,
                    "url": page["url"],
                    "name": page["name"],
                    "queries_1": page["queries"],
                    "queries_n": other.get("queries"),
                    "status_n": other.get("status"),
                    "rows_1": page["rows"],
                    "rows_n": other.get("rows"),
                    **timed.get((role, page["url"]), {}),
                }
            )
    return rows


def _or_unmeasured(build, parts, specs):
    """The checks `build` makes, or for a part whose measurement failed, the same checks
    without a value."""
    failed = [part for part in parts if "error" in part]
    if not failed:
        return build()
    return [checks.unmeasured(*spec, failed[0]) for spec in specs]


def compose(scale, scale_1, scale_n, *, ci):
    pages = _pages(scale_1, scale_n, scale_n.get("timings", []))
    found = [checks.query_check(pages)]
    if not ci:
        found += checks.page_time_checks(pages)
        found += _or_unmeasured(
            lambda: checks.confidential_checks(scale_n["case_list"], scale_n["rows_per_case"]),
            [scale_n["case_list"], scale_n["rows_per_case"]],
            [("case_list_filter", "Case list with the permission filter ÷ without", "< 2", "×"),
             ("rows_per_case", "Permission rows stored per case, large ÷ small group", "<= 1",
              "×")],
        )  # fmt: skip
        found += _or_unmeasured(
            lambda: checks.playbook_checks(scale_n["playbook"]),
            [scale_n["playbook"]],
            [("pdf_download", "Playbook PDF download, large ÷ small", "< 1.5", "×"),
             ("pdf_render", "Playbook PDF render ÷ WeasyPrint on the same HTML", "< 1.2", "×")],
        )  # fmt: skip
    found += checks.sweep_checks(scale_n["sweeps"], with_time=not ci)
    if not ci:
        found += _or_unmeasured(
            lambda: [checks.access_log_check(scale_n["access_log"])],
            [scale_n["access_log"]],
            [("access_log_search", "Access log search ÷ first page", "< 2", "×")],
        )
    extra = {"sweeps": scale_n["sweeps"]}
    for key in ("playbook", "case_list", "rows_per_case", "cases_added", "access_log"):
        if key in scale_n:
            extra[key] = scale_n[key]
    document = checks.results(scale, found, pages, **extra)
    for name in [] if ci else HOOKS:
        try:
            hook = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        document["checks"] += hook.checks(document)
    return document


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--scale", type=int, default=None, help="N (10 by default, 2 with --ci)")
    parser.add_argument("--ci", action="store_true", help="the CI-sized query checks only")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a check fails")
    parser.add_argument("--repeat", type=int, default=20, help="GETs per page when timing")
    parser.add_argument("--out", default=None, help="where to write the results")
    args = parser.parse_args(argv)
    scale = args.scale or (2 if args.ci else 10)
    if scale < 2:
        parser.error("--scale is 2 or more: scale 1 is the demo it is compared with")
    out = (
        Path(args.out) if args.out else (databases.VAR / "results-ci.json" if args.ci else RESULTS)
    )
    started = time.perf_counter()
    log(f"Benchmark at scale {scale} on {'PostgreSQL' if databases.is_postgres() else 'SQLite'}")
    template = databases.template(log)
    url_1 = databases.copy(template, "scale-1")
    _seed(url_1, 1)
    url_n = databases.copy(url_1, f"scale-{scale}")
    log(f"  demo loaded ({time.perf_counter() - started:.0f} s); scale {scale} loads meanwhile")
    seeding = _seed(url_n, scale, wait=False)
    work = databases.VAR
    crawl = ["discover", "--out", str(work / "pages-1.json")]
    if args.ci:
        crawl += ["--per-pattern", "1", "--cap", "40"]
    _worker(url_1, crawl, scale_name="scale-1")
    _wait(seeding)
    log(f"  scale {scale} loaded ({time.perf_counter() - started:.0f} s)")
    measure = ["measure", f"--scale={scale}", "--pages", str(work / "pages-1.json")]
    measure += ["--out", str(work / f"figures-{scale}.json"), f"--repeat={args.repeat}"]
    if args.ci:
        measure.append("--ci")
    _worker(url_n, measure, scale_name=f"scale-{scale}")
    with open(work / "pages-1.json") as one, open(work / f"figures-{scale}.json") as n:
        document = compose(scale, json.load(one), json.load(n), ci=args.ci)
    document["seconds"] = round(time.perf_counter() - started)
    document["database"] = "postgresql" if databases.is_postgres() else "sqlite"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(checks.table(document))
    log(f"Written to {out} in {document['seconds']} s.")
    failing = checks.failed(document, checks.CI_CHECKS if args.ci else None)
    if failing and (args.ci or args.strict):
        log(f"{len(failing)} check(s) missed their goal.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
