"""bench/lib.py and bench/report.py for issue 18's measures: in-process ratios, the pages
table, the goals, the before/after table and the docs blocks. Pure functions, no timing."""

import json

from bench import lib, report


def _timing(p50, p95, queries):
    return {"status": "measured", "p50_ms": p50, "p95_ms": p95, "queries": queries}


def _page(name, kind, anonymous, member, **extra):
    return {
        "name": name,
        "kind": kind,
        "path": f"/{name}/",
        "anonymous": anonymous,
        "member": member,
        **extra,
    }


def _pages():
    return [
        _page(
            "case study index",
            "index",
            _timing(50.0, 90.0, 10),
            _timing(60.0, 120.0, 13),
            cached_queries=0,
            cached_ms=1.5,
            http={
                "anonymous_cached": {"status": "measured", "p95_ms": 6.0, "p95_ratio": 2.0},
                "anonymous_uncached": {"status": "measured", "p95_ms": 300.0, "p95_ratio": 100.0},
                "member": {"status": "not measured: HTTP 500"},
            },
        ),
        _page("home", "home", _timing(20.0, 39.0, 12), {"status": "not measured: HTTP 500"}),
        _page("events list", "other", _timing(20.0, 30.0, 5), _timing(20.0, 30.0, 6)),
        {"name": "event page", "kind": "detail", "path": None, "note": "no upcoming meeting"},
    ]


def test_in_process_ratios_divide_by_the_bare_view():
    pages = _pages()
    lib.in_process_ratios(pages, {"status": "measured", "p50_ms": 2.0, "p95_ms": 3.0})
    assert pages[0]["anonymous"]["p95_ratio"] == 30.0
    assert pages[0]["anonymous"]["p50_ratio"] == 25.0
    assert pages[0]["member"]["p95_ratio"] == 40.0
    assert "p95_ratio" not in pages[1]["member"]  # not measured: no ratio
    lib.in_process_ratios(pages, None)  # no bare figures: ratios unknown, not an error
    assert pages[0]["anonymous"]["p95_ratio"] is None


def test_pages_table_shows_every_figure_and_what_was_not_measured():
    pages = _pages()
    lib.in_process_ratios(pages, {"status": "measured", "p50_ms": 2.0, "p95_ms": 3.0})
    table = lib.pages_table(pages)
    assert (
        "| case study index | 50.0 / 90.0 | 30.0x | 10 | 60.0 / 120.0 | 40.0x | 13 | 0 / 1.50 "
        "| 6.00 (2.00x) | 300.0 (100.0x) | not measured: HTTP 500 |" in table
    )
    assert "| home | 20.0 / 39.0 | 13.0x | 12 | not measured: HTTP 500 | - | - | not cached |" in (
        table
    )
    assert "| event page | not measured: no upcoming meeting |" in table


def test_issue18_goals_per_page_kind_visitor_and_queries():
    pages = _pages()
    search = {
        "rare": {"term": "zine", "top20": {"p95_ms": 12.0}},
        "common": {"term": "data", "top20": {"p95_ms": 80.0}},
    }
    scan = {"status": "measured", "registrations": 100, "all_due": {"seconds": 0.4}}
    goals = {item["goal"]: item for item in report.issue18_goals(pages, search, scan)}
    index = "case study index"
    assert goals[f"{index}, anonymous, page cache off: p95 under 100 ms"]["met"] is True
    assert goals[f"{index}, signed-in member, page cache off: p95 under 100 ms"]["met"] is False
    assert goals[f"{index}: at most 12 queries (anonymous / member)"] == {
        "goal": f"{index}: at most 12 queries (anonymous / member)",
        "value": "10 / 13",
        "met": False,
    }
    cached = goals[f"{index}, anonymous cached over HTTP: p95 within 3x of the bare view"]
    assert cached["met"] is True and cached["value"] == "2.0x"
    assert goals["home, anonymous, page cache off: p95 under 40 ms"]["met"] is True
    member_home = goals["home, signed-in member, page cache off: p95 under 40 ms"]
    assert member_home == {
        "goal": "home, signed-in member, page cache off: p95 under 40 ms",
        "value": "not measured: HTTP 500",
        "met": False,
    }
    assert goals["home: at most 12 queries (anonymous / member)"]["met"] is False
    # A page without a time goal still has the queries goal; a missing page has none.
    assert goals["events list: at most 12 queries (anonymous / member)"]["met"] is True
    assert not any("events list, anonymous" in goal for goal in goals)
    assert not any(goal.startswith("event page") for goal in goals)
    assert goals["top-20 search (rare term 'zine'): p95 under 50 ms"]["met"] is True
    assert goals["top-20 search (common term 'data'): p95 under 50 ms"]["met"] is False
    assert goals["reminder scan of 100 registrations under 0.5 s"]["met"] is True
    json.dumps(list(goals.values()))


def test_issue18_goals_an_unmeasured_scan_is_not_met():
    [goal] = report.issue18_goals([], {}, {"status": "not measured: no scanner"})
    assert goal["met"] is False
    assert goal["value"] == "not measured: no scanner"


def test_design_goals_read_the_cached_http_figures_and_a_missing_id_list():
    rows = report.design_http_rows(_pages())
    assert rows == [
        {"name": "case study index", "status": "measured", "p95_ms": 6.0, "p95_ratio": 2.0}
    ]
    search = {
        "rare": {
            "term": "zine",
            "top20": {"p95_ms": 20.0},
            "index_id_list": {"status": "not measured: no case_study_search_ids"},
        }
    }
    goals = {item["goal"]: item for item in report.goals(rows, search, {}, {})}
    id_list = goals["search p95 under 100 ms (rare term, index's full id list)"]
    assert id_list["met"] is False
    assert id_list["value"] == "not measured: no case_study_search_ids"


def _results(commit, pages, top20, scan_s, goals):
    return {
        "git": {"commit": commit, "dirty": False},
        "date": "2026-12-07T00:00:00+00:00",
        "pages": pages,
        "search": {"rare": {"term": "zine", "top20": {"p95_ms": top20}}},
        "reminder_scan": {"all_due": {"seconds": scan_s}},
        "goals": goals,
    }


def test_compare_markdown_before_and_after_by_url():
    before = _results("a" * 40, _pages(), 30.0, 2.5, [{"met": False}, {"met": True}])
    after_pages = _pages()
    after_pages[0]["anonymous"] = {**_timing(20.0, 40.0, 6), "p95_ratio": 13.3}
    after = _results("b" * 40, after_pages, 10.0, 0.3, [{"met": True}, {"met": True}])
    table = report.compare_markdown(before, after)
    assert "Before: `aaaaaaaaaa`" in table and "After: `bbbbbbbbbb`" in table
    assert (
        "| case study index | 90.0 -> 40.0 (13.3x) | 120.0 -> 120.0 | 10 / 13 -> 6 / 13 "
        "| 6.0 (2.0x) -> 6.0 (2.0x) | 300.0 (100.0x) -> 300.0 (100.0x) | - -> - |" in table
    )
    assert "| top-20 search, rare `zine`, p95 ms | 30.0 | 10.0 |" in table
    assert "| reminder scan, all due, s | 2.5 | 0.3 |" in table
    assert "| goals of issue 18 met | 1 of 2 | 2 of 2 |" in table


def test_compare_markdown_without_an_after_run():
    before = _results("a" * 40, _pages(), 30.0, 2.5, [])
    table = report.compare_markdown(before, None)
    assert "After: -." in table
    assert "| case study index | 90.0 -> - | 120.0 -> - | 10 / 13 -> - |" in table


def test_replace_block_between_markers_only():
    text = "head\n<!-- a -->\nold\n<!-- /a -->\ntail\n"
    assert report.replace_block(text, "<!-- a -->", "<!-- /a -->", "new") == (
        "head\n<!-- a -->\nnew\n<!-- /a -->\ntail\n"
    )
    assert report.replace_block("no markers", "<!-- a -->", "<!-- /a -->", "new") == "no markers"
