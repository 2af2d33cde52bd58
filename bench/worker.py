"""One measuring process of the benchmark, on the database DATABASE_URL names (set by
bench/run.py, with DJANGO_SETTINGS_MODULE=bench.settings).

    python -m bench.worker discover --out pages.json
    python -m bench.worker measure --scale N --pages pages.json --out figures.json [--ci]

`discover` crawls every demo role's pages at scale 1 and counts their queries; `measure`
requests the same pages at scale N, then (without --ci) times them against their floor and
measures the sweeps, the confidential lists, the playbook PDF and the access log."""

import argparse
import json
import random
import sys
import time
import traceback

import django


def log(message):
    print(message, file=sys.stderr, flush=True)


def section(label, func):
    """A part of the measurement; one that fails is recorded as {"error": ...} and the
    others still run (the table then shows that check without a value)."""
    started = time.perf_counter()
    try:
        result = func()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not fatal
        log(traceback.format_exc())
        result = {"error": f"{type(exc).__name__}: {exc}"}
    log(f"  {label}: {time.perf_counter() - started:.0f} s")
    return result


def _discover(args):
    from coalition.demo import USERS

    from . import pages

    found = {}
    for username in USERS:
        found[username] = pages.discover(username, cap=args.cap, per_pattern=args.per_pattern)
        log(f"  scale 1: {username} reaches {len(found[username])} pages")
    return {"pages": found}


def _choose_for_timing(counted):
    """One page per pattern to time: the role for which it makes the most queries."""
    from . import pages

    best = {}
    for page in counted:
        if page["status"] != 200:
            continue
        key = pages.pattern_of(page["url"])
        if key not in best or page["queries"] > best[key]["queries"]:
            best[key] = page
    return list(best.values())


def _measure(args):
    from . import pages

    with open(args.pages) as handle:
        found = json.load(handle)["pages"]
    figures = {"pages": {}}
    started = time.perf_counter()
    counted = []
    for username, listed in found.items():
        figures["pages"][username] = pages.count(username, [p["url"] for p in listed])
        counted += [{**p, "role": username} for p in figures["pages"][username]]
    seconds = time.perf_counter() - started
    log(f"  scale {args.scale}: {len(counted)} pages counted in {seconds:.0f} s")
    from .sweep_run import measure_all

    if not args.ci:
        # Before anything below adds rows: the pages as seeded.
        figures["timings"] = _timings(args, counted)
    full = None if args.ci else 100_000 * args.scale // 10
    small, large = (20, 40) if args.ci else (100, 200)
    figures["sweeps"] = measure_all(small=small, large=large, full=full, log=log)
    if args.ci:
        return figures
    rng = random.Random(args.scale)
    from . import accesslog, confidential, playbook

    figures["playbook"] = section("playbook PDF", playbook.measure)
    figures["rows_per_case"] = section("permission rows per case", confidential.rows_per_case)
    figures["cases_added"] = section(
        "cases added", lambda: confidential.top_up_cases(100_000 * args.scale // 10, rng)
    )
    figures["case_list"] = section("case list", confidential.list_timing)
    section("access log filled", lambda: accesslog.fill(1_000_000 * args.scale // 10, rng, log))
    figures["access_log"] = section("access log search", accesslog.search_timing)
    return figures


def _timings(args, counted):
    from coalition.startup import settle

    from . import pages

    started = time.perf_counter()
    chosen = _choose_for_timing(counted)
    base = pages.floor_base_queries("coordinator")
    # As a web process does once it has loaded the app (coalition/wsgi.py).
    settle()
    timings = []
    for page in chosen:
        timed = pages.time_page(page["role"], page, repeat=args.repeat, base_queries=base)
        timings.append({"role": page["role"], "url": page["url"], **timed})
    log(f"  {len(timings)} pages timed in {time.perf_counter() - started:.0f} s")
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("phase", choices=["discover", "measure"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--pages")
    parser.add_argument("--ci", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cap", type=int, default=60)
    parser.add_argument("--per-pattern", type=int, default=2)
    args = parser.parse_args(argv)
    django.setup()
    result = _discover(args) if args.phase == "discover" else _measure(args)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=1, default=str)


if __name__ == "__main__":
    main()
