"""The benchmark's checks, the shape of bench/results.json and the table: pure functions of
the measured figures (no Django), so they are tested on their own (tests/bench/).

A check is {"name", "value", "goal", "unit", "ok"}, with "detail" naming what fails. A goal
is a comparison with a number ("< 3", "<= 0.1", "== 0", ">= 10"); `ok` is the value held
against it, and a value that could not be measured (None) is never ok."""

import operator

OPERATORS = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}
KEYS = ("name", "value", "goal", "unit", "ok")
# The checks `make bench-ci` runs, and fails on.
CI_CHECKS = ("queries_per_page", "sweep_queries")


def meets(value, goal):
    """Whether `value` meets `goal`, a string such as "< 3" or ">= 10"."""
    if value is None:
        return False
    text = goal.strip()
    for symbol in sorted(OPERATORS, key=len, reverse=True):
        if text.startswith(symbol):
            return OPERATORS[symbol](value, float(text[len(symbol) :]))
    raise ValueError(f"A goal starts with one of {', '.join(OPERATORS)}: {goal!r}")


def check(key, name, value, goal, unit, detail=""):
    if isinstance(value, float):
        value = round(value, 2)
    return {
        "key": key,
        "name": name,
        "value": value,
        "goal": goal,
        "unit": unit,
        "ok": meets(value, goal),
        "detail": detail,
    }


def _ratio(a, b):
    return a / b if a is not None and b else None


def query_check(pages):
    """Every page the same number of queries at scale 1 and at scale N."""
    off = [p for p in pages if p.get("queries_n") != p.get("queries_1")]
    detail = "; ".join(
        f"{p['role']} {p['url']}: {p.get('queries_1')} → {p.get('queries_n')}" for p in off
    )
    return check(
        "queries_per_page",
        f"Pages whose query count changes from scale 1 to N ({len(pages)} pages)",
        len(off),
        "== 0",
        "pages",
        detail,
    )


def page_time_checks(pages, limit=3):
    timed = [p for p in pages if p.get("median_ratio") is not None]
    result = []
    for field, label in [("median_ratio", "median"), ("p95_ratio", "95th percentile")]:
        worst = max(timed, key=lambda p: p[field], default=None)
        over = sorted((p for p in timed if p[field] >= limit), key=lambda p: -p[field])
        detail = "; ".join(f"{p['role']} {p['url']}: {p[field]}×" for p in over[:10])
        if len(over) > 10:
            detail += f"; and {len(over) - 10} more"
        result.append(
            check(
                f"page_time_{label.split()[0]}",
                f"Page time ÷ framework floor, {label}, worst of {len(timed)} pages",
                worst[field] if worst else None,
                f"< {limit}",
                "×",
                detail,
            )
        )
    return result


def sweep_checks(sweeps, *, with_time=True):
    """A sweep that could not be measured leaves its checks without a value."""
    broken = [s for s in sweeps if "error" in s]
    measured = [s for s in sweeps if "skipped" not in s and "error" not in s]
    growing = [s for s in measured if not s["constant_per_batch"]]
    errors = "; ".join(f"{s['beat']} failed: {s['error']}" for s in broken)
    result = [
        check(
            "sweep_queries",
            f"Sweep queries per extra due row, worst of {len(measured)} sweeps",
            None if broken else max((s["queries_per_row"] for s in measured), default=None),
            "<= 0.1",
            "queries/row",
            errors or "; ".join(f"{s['beat']}: {s['queries_per_row']}" for s in growing),
        )
    ]
    if with_time:
        slow = [s for s in measured if (s.get("speedup") or 0) < 10]
        result.append(
            check(
                "sweep_speedup",
                f"Sweep speed-up over a naive per-row loop, slowest of {len(measured)} sweeps",
                None
                if broken
                else min((s["speedup"] for s in measured if s.get("speedup")), default=None),
                ">= 10",
                "×",
                errors
                or "; ".join(
                    f"{s['beat']}: {s.get('speedup')}× at {s.get('rows_timed')} rows" for s in slow
                ),
            )
        )
    return result


def confidential_checks(listing, rows):
    return [
        check(
            "case_list_filter",
            f"Case list with the permission filter ÷ without ({listing['cases']} cases)",
            _ratio(listing["filtered_ms"], listing["unfiltered_ms"]),
            "< 2",
            "×",
            f"{listing['filtered_ms']} ms ÷ {listing['unfiltered_ms']} ms, "
            f"{listing['visible']} cases visible to {listing['user']}",
        ),
        check(
            "rows_per_case",
            "Permission rows stored per case, group of "
            f"{rows['members_large']} ÷ group of {rows['members_small']}",
            _ratio(rows["rows_large"], rows["rows_small"]),
            "<= 1",
            "×",
            f"{rows['rows_small']} rows with {rows['members_small']} members, "
            f"{rows['rows_large']} with {rows['members_large']}",
        ),
    ]


def playbook_checks(figures):
    small, large = figures["small"], figures["large"]
    return [
        check(
            "pdf_download",
            "Playbook PDF download, large ÷ small "
            f"({large['download_kb']} KB ÷ {small['download_kb']} KB)",
            _ratio(large["download_ms"], small["download_ms"]),
            "< 1.5",
            "×",
            f"{large['download_ms']} ms ÷ {small['download_ms']} ms",
        ),
        check(
            "pdf_render",
            f"Playbook PDF render ÷ WeasyPrint on the same HTML ({large['scenarios']} scenarios)",
            _ratio(large["app_render_s"], large["weasyprint_render_s"]),
            "< 1.2",
            "×",
            f"{large['app_render_s']} s ÷ {large['weasyprint_render_s']} s" + _tagged(large),
        ),
    ]


def _tagged(rendered):
    tagged = rendered.get("weasyprint_tagged_render_s")
    if tagged is None:
        return ""
    return f" (WeasyPrint's tagged PDF/UA-1, as the app makes it: {tagged} s)"


def access_log_check(figures):
    return check(
        "access_log_search",
        f"Access log search by period, person and kind ÷ first page ({figures['entries']} entries)",
        _ratio(figures["filtered_ms"], figures["unfiltered_ms"]),
        "< 2",
        "×",
        f"{figures['filtered_ms']} ms ÷ {figures['unfiltered_ms']} ms, {figures['found']} found",
    )


def unmeasured(key, name, goal, unit, figures):
    """The check of a part whose measurement failed: no value, the error as its detail."""
    return check(key, name, None, goal, unit, figures.get("error", "not measured"))


def results(scale, checks, pages, **more):
    """The document written to bench/results.json."""
    return {"scale": scale, "checks": checks, "pages": pages, **more}


def failed(document, keys=None):
    """The checks of `document` that are not ok (only those named in `keys`, if given)."""
    return [c for c in document["checks"] if not c["ok"] and (keys is None or c.get("key") in keys)]


def _short(detail, items=5):
    """The first few items of a detail ("a; b; c"), for a table cell."""
    parts = detail.split("; ")
    return "; ".join(parts[:items]) + ("; …" if len(parts) > items else "")


def _value(c):
    return "—" if c["value"] is None else f"{c['value']} {c['unit']}".strip()


def table(document, *, markdown=False):
    """The checks as one table: a text table for the terminal, or Markdown for the README.
    The pages or sweeps that miss a goal are named under its row."""
    rows = [
        (c["name"], _value(c), c["goal"], "yes" if c["ok"] else "NO") for c in document["checks"]
    ]
    if markdown:
        lines = ["| check | value | goal | ok |", "|---|---|---|---|"]
        for c, row in zip(document["checks"], rows, strict=True):
            lines.append("| " + " | ".join(row) + " |")
            if c["detail"] and not c["ok"]:
                lines.append(f"| ↳ {_short(c['detail'])} | | | |")
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [("check", "value", "goal", "ok"), *rows]) for i in range(4)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [f"Benchmark at scale {document['scale']}", line.format("check", "value", "goal", "ok")]
    out.append(line.format(*("-" * w for w in widths)))
    for c, row in zip(document["checks"], rows, strict=True):
        out.append(line.format(*row))
        if c["detail"] and not c["ok"]:
            out.append(f"    {c['detail']}")
    return "\n".join(out)
