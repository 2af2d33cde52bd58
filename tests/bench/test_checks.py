"""The pure parts of the benchmark: goals, checks, the results document and its table."""

import json
from pathlib import Path

import pytest

from bench import checks
from bench.floor import floor_query, table_rows
from bench.pages import percentile
from bench.playbook import _fastest_in_turns
from bench.sweep_run import _extrapolate, _fastest_naive

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results.json"


@pytest.mark.parametrize(
    ("value", "goal", "ok"),
    [
        (2.9, "< 3", True),
        (3, "< 3", False),
        (3, "<= 3", True),
        (0, "== 0", True),
        (1, "== 0", False),
        (10, ">= 10", True),
        (9.99, ">= 10", False),
        (0.1, "<= 0.1", True),
        (None, "< 3", False),
    ],
)
def test_a_value_meets_its_goal_by_the_goals_comparison(value, goal, ok):
    assert checks.meets(value, goal) is ok


def test_a_goal_without_a_comparison_is_refused():
    with pytest.raises(ValueError):
        checks.meets(1, "3")


def test_a_check_computes_ok_from_its_value_and_goal():
    slow = checks.check("k", "Page time", 3.456, "< 3", "×")
    assert slow["value"] == 3.46
    assert slow["ok"] is False
    assert set(checks.KEYS) <= set(slow)
    assert checks.check("k", "Page time", 2.5, "< 3", "×")["ok"] is True


def test_the_query_check_names_every_page_whose_count_changed():
    pages = [
        {"role": "employee", "url": "/a/", "queries_1": 10, "queries_n": 10},
        {"role": "employee", "url": "/b/", "queries_1": 10, "queries_n": 14},
        {"role": "intake", "url": "/c/", "queries_1": 8, "queries_n": None},
    ]
    found = checks.query_check(pages)
    assert found["value"] == 2
    assert not found["ok"]
    assert "/b/: 10 → 14" in found["detail"]
    assert "/a/" not in found["detail"]


def test_sweep_checks_hold_queries_per_row_and_the_slowest_speedup():
    sweeps = [
        {"beat": "a", "queries_per_row": 0.0, "constant_per_batch": True, "speedup": 40,
         "rows_timed": 100_000},
        {"beat": "b", "queries_per_row": 8.0, "constant_per_batch": False, "speedup": 1.3,
         "rows_timed": 200},
        {"beat": "c", "skipped": "no due rows"},
    ]  # fmt: skip
    queries, speed = checks.sweep_checks(sweeps)
    assert (queries["value"], queries["ok"]) == (8.0, False)
    assert "b: 8.0" in queries["detail"] and "a:" not in queries["detail"]
    assert (speed["value"], speed["ok"]) == (1.3, False)
    assert "b: 1.3× at 200 rows" in speed["detail"]
    only_queries = checks.sweep_checks(sweeps[:1], with_time=False)
    assert [c["key"] for c in only_queries] == ["sweep_queries"]
    assert only_queries[0]["ok"]


def test_failed_keeps_to_the_checks_asked_for():
    document = checks.results(
        2,
        [
            checks.check("queries_per_page", "q", 0, "== 0", "pages"),
            checks.check("page_time_median", "t", 5, "< 3", "×"),
        ],
        [],
    )
    assert [c["key"] for c in checks.failed(document)] == ["page_time_median"]
    assert checks.failed(document, checks.CI_CHECKS) == []


def test_the_table_shows_each_check_and_names_what_misses_its_goal():
    document = checks.results(
        10,
        [
            checks.check("a", "Quick enough", 1.0, "< 3", "×"),
            checks.check("b", "Too slow", 4.0, "< 3", "×", "employee /x/: 4.0×"),
        ],
        [],
    )
    text = checks.table(document)
    assert "Benchmark at scale 10" in text
    assert "Quick enough" in text and "yes" in text
    assert "Too slow" in text and "NO" in text and "employee /x/: 4.0×" in text
    markdown = checks.table(document, markdown=True)
    assert markdown.splitlines()[0] == "| check | value | goal | ok |"
    assert "| Too slow | 4.0 × | < 3 | NO |" in markdown


def test_table_rows_counts_the_rows_of_table_bodies_lists_and_form_choices():
    html = (
        '<header><ul class="container"><li>menu</li></ul></header><main id="main">'
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr>"
        '<tr><td>2</td></tr></tbody></table><nav class="subnav"><ul><li>part</li></ul></nav>'
        '<ul class="item-list"><li>a</li><li>b</li><li>c</li></ul>'
        '<ul class="success-wall"><li>story</li><li>story</li></ul>'
        '<nav class="pagination"><a href="?page=2">2</a></nav></main>'
    )
    assert table_rows(html) == 7
    assert table_rows("<p>no table</p>") == 0
    form = (
        '<select name="team"><option value="">---</option><option value="1">A</option></select>'
        '<input type="checkbox" name="t" value="1"><input type="radio" name="r" value="2">'
        '<input type="text" name="q"><input type="hidden" name="csrfmiddlewaretoken">'
    )
    assert table_rows(form) == 4


def test_the_floor_of_a_list_reads_its_rows_and_of_other_pages_matches_the_queries():
    assert floor_query("dilemmas:case_list", 50, 14, 4) == (
        "?model=dilemmas.dilemmacase&rows=50&extra=0"
    )
    assert floor_query("dilemmas:case_detail", 3, 14, 4) == "?model=auth.user&rows=3&extra=9"


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 21))
    assert percentile(values, 0.95) == 19
    assert percentile(values, 0.5) == 10
    assert percentile([7], 0.95) == 7


def test_renders_take_turns_and_the_fastest_of_each_counts(monkeypatch):
    calls, spent = [], iter([5, 2, 9, 1, 3, 5, 4, 11, 6])  # each call's seconds, in turn
    clock = [0]
    monkeypatch.setattr("bench.playbook.time.perf_counter", lambda: clock[0])

    def side(name):
        def run():
            calls.append(name)
            clock[0] += next(spent)
            return name

        return run

    timed = _fastest_in_turns([side("app"), side("plain"), side("tagged")], 3)
    # The order is reversed every other round, so a slow start never falls on one side.
    assert calls == ["app", "plain", "tagged", "tagged", "plain", "app", "app", "plain", "tagged"]
    # app took 5, 5 and 4; plain 2, 3 and 11; tagged 9, 1 and 6.
    assert timed == [(4, "app"), (2, "plain"), (1, "tagged")]


def test_the_naive_loop_counts_its_fastest_run_at_each_count(monkeypatch):
    # A first run at 200 rows slowed down (1.9 s) would flatten the line to 1,000 rows.
    runs = {200: iter([1.9, 0.4]), 1000: iter([2.0, 2.4])}
    monkeypatch.setattr(
        "bench.sweep_run.run_once",
        lambda sweep, n, naive, count: (next(runs[n]), None, n),
    )
    assert _fastest_naive(None, 200) == (0.4, 200)
    assert _fastest_naive(None, 1000) == (2.0, 1000)
    assert _extrapolate(200, 0.4, 1000, 2.0, 100_000) == pytest.approx(200.0)
    # With the slow run, the loop would have looked over ten times faster than it is.
    assert _extrapolate(200, 1.9, 1000, 2.0, 100_000) < 200.0 / 10


def test_the_committed_results_have_the_documented_shape():
    document = json.loads(RESULTS.read_text())
    assert isinstance(document["scale"], int) and document["scale"] >= 2
    assert isinstance(document["pages"], list) and document["pages"]
    assert document["checks"]
    for found in document["checks"]:
        assert set(checks.KEYS) <= set(found), found
        assert found["ok"] == checks.meets(found["value"], found["goal"]), found["name"]
    for page in document["pages"]:
        assert {"role", "url", "queries_1", "queries_n"} <= set(page)
