"""bench/lib.py and bench/report.py: wrk parsing, percentiles, ratios, goals, table."""

import json

import pytest

from bench import lib, report

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8200/bench/bare/
  2 threads and 8 connections
  Latency Distribution
     50%    4.10ms
     99%   12.00ms
  2000 requests in 10.00s, 400.00KB read
BENCH_JSON {"p50": 4100, "p75": 5000, "p90": 7000, "p95": 8000, "p99": 12000, "mean": 4500.0, \
"max": 30000, "requests": 2000, "duration_us": 10000000, "bytes": 400000, "non_2xx_3xx": 3, \
"connect_errors": 0, "read_errors": 1, "write_errors": 0, "timeouts": 0}
"""


def test_percentile_interpolates_between_ranks():
    values = [10, 20, 30, 40, 50]
    assert lib.percentile(values, 50) == 30
    assert lib.percentile(values, 0) == 10
    assert lib.percentile(values, 100) == 50
    assert lib.percentile(values, 95) == pytest.approx(48)
    assert lib.percentile([7], 99) == 7
    with pytest.raises(ValueError):
        lib.percentile([], 50)


def test_timing_summary_reports_milliseconds():
    summary = lib.timing_summary([0.010, 0.020, 0.030, 0.040, 0.200])
    assert summary == {"n": 5, "p50_ms": 30.0, "p95_ms": 168.0, "max_ms": 200.0}


def test_parse_wrk_reads_the_lua_json_line():
    parsed = lib.parse_wrk(WRK_OUTPUT)
    assert parsed["p50_ms"] == 4.1
    assert parsed["p95_ms"] == 8.0
    assert parsed["p99_ms"] == 12.0
    assert parsed["requests"] == 2000
    assert parsed["rps"] == 200.0
    assert parsed["bytes_per_request"] == 200
    assert parsed["errors"] == 4
    assert parsed["non_2xx_3xx"] == 3


def test_parse_wrk_without_the_script_output_is_an_error():
    with pytest.raises(ValueError, match="BENCH_JSON"):
        lib.parse_wrk("Running 10s test\n  0 requests in 10.00s\n")


def test_ratios_to_the_bare_view():
    baseline = lib.bare_baseline(
        [
            {"p50_ms": 4.0, "p95_ms": 8.0, "p99_ms": 10.0, "rps": 1000.0},
            {"p50_ms": 6.0, "p95_ms": 12.0, "p99_ms": 14.0, "rps": 600.0},
        ]
    )
    # The best of the bare runs: a disturbed bare run never flatters the pages.
    assert baseline == {"p50_ms": 4.0, "p95_ms": 8.0, "p99_ms": 10.0, "rps": 1000.0}
    row = lib.with_ratios({"p50_ms": 12.0, "p95_ms": 20.0, "p99_ms": 50.0, "rps": 250.0}, baseline)
    assert row["p50_ratio"] == 3.0
    assert row["p95_ratio"] == 2.5
    assert row["p99_ratio"] == 5.0
    assert row["rps_ratio"] == 0.25


def test_table_shows_measured_rows_and_what_was_not_measured():
    rows = [
        {
            "name": "case study index",
            "status": "measured",
            "p50_ms": 12.345,
            "p95_ms": 20.0,
            "p99_ms": 31.0,
            "rps": 150.0,
            "p95_ratio": 2.5,
            "rps_ratio": 0.2,
            "queries": 12,
            "in_process_ms": 40.5,
            "cached_queries": 0,
            "cached_ms": 1.25,
        },
        {"name": "unconference grid", "status": "not measured: HTTP 500", "queries": 9},
    ]
    table = lib.http_table(rows)
    assert (
        "| case study index | 12.3 | 20.0 | 31.0 | 150.0 | 2.50x | 0.20 | 12 | 40.5 | 0 / 1.25 |"
        in table
    )
    assert "| unconference grid | not measured: HTTP 500 |||||| 9 | - | - |" in table


def test_goals_compare_with_the_design_targets():
    http = [
        {"name": "case study index", "status": "measured", "p95_ratio": 2.9},
        {"name": "case study detail", "status": "measured", "p95_ratio": 3.4},
        {"name": "case study index, text search", "status": "not measured: HTTP 500"},
        {"name": "events list", "status": "measured", "p95_ratio": 9.0},
    ]
    search = {
        "rare": {
            "term": "zine",
            "top20": {"p95_ms": 20.0},
            "index_id_list": {"p95_ms": 140.0},
        }
    }
    scan = {"status": "measured", "registrations": 100000, "all_due": {"seconds": 6.2}}
    sched = {
        "status": "measured",
        "pure": {"max_ms": 900.0},
        "facilitator_clashes_recounted": 0,
    }
    results = {item["goal"]: item["met"] for item in report.goals(http, search, scan, sched)}
    assert results["case study index: p95 within 3x of the bare view"] is True
    assert results["case study detail: p95 within 3x of the bare view"] is False
    assert not any("events list" in goal or "text search" in goal for goal in results)
    assert results["search p95 under 100 ms (rare term 'zine', top 20)"] is True
    assert results["search p95 under 100 ms (rare term, index's full id list)"] is False
    assert results["reminder scan of 100000 registrations under 5 s"] is False
    assert results["auto-scheduler 200x8x10 under 2 s with zero facilitator clashes"] is True
    json.dumps(results)  # the results file holds them as they are


def test_scheduler_goal_fails_on_any_facilitator_clash():
    sched = {"status": "measured", "pure": {"max_ms": 10.0}, "facilitator_clashes_recounted": 1}
    [goal] = report.goals([], {}, {"status": "not measured: no scanner"}, sched)
    assert goal["met"] is False
