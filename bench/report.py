"""The results of `make bench`: the goals (DESIGN.md section 7) met or not, the printed report,
and the table in docs/performance.md. Pure Python: tested in tests/bench/test_lib.py."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.lib import NOT_MEASURED, WHO, pages_table

ROOT = Path(__file__).resolve().parent.parent

GOALS = {
    "index_detail_p95_ratio": 3.0,
    "search_p95_ms": 100.0,
    "reminder_scan_s": 5.0,
    "scheduler_s": 2.0,
}


def goals(http_rows: list[dict], search: dict, scan: dict, sched: dict) -> list[dict]:
    out = []
    for row in http_rows:
        library = row["name"].startswith("case study index") or row["name"] == "case study detail"
        if library and row["status"] == "measured":
            ratio = row["p95_ratio"]
            out.append(
                {
                    "goal": f"{row['name']}: p95 within 3x of the bare view",
                    "value": f"{ratio}x",
                    "met": ratio is not None and ratio <= GOALS["index_detail_p95_ratio"],
                }
            )
    for label, item in search.items():
        p95 = item["top20"]["p95_ms"]
        out.append(
            {
                "goal": f"search p95 under 100 ms ({label} term '{item['term']}', top 20)",
                "value": f"{p95} ms",
                "met": p95 < GOALS["search_p95_ms"],
            }
        )
        p95 = item["index_id_list"].get("p95_ms")
        out.append(
            {
                "goal": f"search p95 under 100 ms ({label} term, index's full id list)",
                "value": f"{p95} ms" if p95 is not None else item["index_id_list"].get("status"),
                "met": p95 is not None and p95 < GOALS["search_p95_ms"],
            }
        )
    if scan.get("status") == "measured" and "seconds" not in scan.get("all_due", {}):
        out.append(
            {
                "goal": f"reminder scan of {scan['registrations']} registrations under 5 s",
                "value": scan.get("all_due", {}).get("status", NOT_MEASURED),
                "met": False,
            }
        )
    elif scan.get("status") == "measured":
        seconds = scan["all_due"]["seconds"]
        out.append(
            {
                "goal": f"reminder scan of {scan['registrations']} registrations under 5 s",
                "value": f"{seconds} s",
                "met": seconds < GOALS["reminder_scan_s"],
            }
        )
    if sched.get("status") == "measured":
        seconds = sched["pure"]["max_ms"] / 1000
        clashes = sched["facilitator_clashes_recounted"]
        out.append(
            {
                "goal": "auto-scheduler 200x8x10 under 2 s with zero facilitator clashes",
                "value": f"{seconds:.2f} s, {clashes} clashes",
                "met": seconds < GOALS["scheduler_s"] and clashes == 0,
            }
        )
    return out


# Issue 18's goals: p95 at full size, page cache off, anonymous and signed-in member alike.
PAGE_P95_MS = {
    "index": 100.0,  # the case-study index, any filters, any page
    "index_search": 150.0,  # the index with a search word of any frequency
    "detail": 20.0,  # case study, guide, chapter, event page
    "home": 40.0,
    "search": 100.0,  # /search/ for any word
    "csv": 250.0,  # data.csv of about 1,000 rows
}
ISSUE_18 = {
    "queries": 12,
    "cached_p95_ratio": 3.0,
    "top20_p95_ms": 50.0,
    "reminder_scan_s": 0.5,
}


def _goal(goal: str, value: str, met: bool) -> dict:
    return {"goal": goal, "value": value, "met": met}


def issue18_goals(pages: list[dict], search: dict, scan: dict) -> list[dict]:
    """Issue 18's goals, met or not, from the pages (in process, page cache off; the cached
    HTTP figures), the top-20 search and the reminder scan. A figure that was not measured is a
    goal not met, with the reason as its value."""
    out = []
    for page in pages:
        if not page.get("path"):
            continue
        limit = PAGE_P95_MS.get(page.get("kind", ""))
        counts = []
        for who, label in WHO:
            item = page.get(who) or {"status": NOT_MEASURED}
            measured = item.get("status") == "measured"
            if limit is not None:
                out.append(
                    _goal(
                        f"{page['name']}, {label}, page cache off: p95 under {limit:g} ms",
                        f"{item['p95_ms']} ms" if measured else item.get("status", NOT_MEASURED),
                        measured and item["p95_ms"] < limit,
                    )
                )
            counts.append(item.get("queries") if measured else None)
        limit_q = ISSUE_18["queries"]
        out.append(
            _goal(
                f"{page['name']}: at most {limit_q} queries (anonymous / member)",
                " / ".join("-" if n is None else str(n) for n in counts),
                all(n is not None and n <= limit_q for n in counts),
            )
        )
        cached = (page.get("http") or {}).get("anonymous_cached")
        if page.get("cached_queries") is not None and cached:
            ratio = cached.get("p95_ratio") if cached.get("status") == "measured" else None
            out.append(
                _goal(
                    f"{page['name']}, anonymous cached over HTTP: p95 within "
                    f"{ISSUE_18['cached_p95_ratio']:g}x of the bare view",
                    f"{ratio}x" if ratio is not None else cached.get("status", NOT_MEASURED),
                    ratio is not None and ratio <= ISSUE_18["cached_p95_ratio"],
                )
            )
    for label, item in search.items():
        p95 = item["top20"].get("p95_ms")
        out.append(
            _goal(
                f"top-20 search ({label} term '{item['term']}'): p95 under "
                f"{ISSUE_18['top20_p95_ms']:g} ms",
                f"{p95} ms" if p95 is not None else item["top20"].get("status", NOT_MEASURED),
                p95 is not None and p95 < ISSUE_18["top20_p95_ms"],
            )
        )
    seconds = (scan.get("all_due") or {}).get("seconds")
    out.append(
        _goal(
            f"reminder scan of {scan.get('registrations', '?')} registrations under "
            f"{ISSUE_18['reminder_scan_s']:g} s",
            f"{seconds} s" if seconds is not None else str(scan.get("status", NOT_MEASURED)),
            seconds is not None and seconds < ISSUE_18["reminder_scan_s"],
        )
    )
    return out


def design_http_rows(pages: list[dict]) -> list[dict]:
    """The anonymous cached HTTP figures in the shape `goals` (DESIGN.md section 7) reads."""
    rows = []
    for page in pages:
        cached = (page.get("http") or {}).get("anonymous_cached")
        if cached:
            rows.append({"name": page["name"], **cached})
    return rows


def print_report(results: dict, output: Path) -> None:
    print()
    print(pages_table(results["pages"]))
    print()
    for item in results["goals"]:
        mark = "met" if item["met"] else "NOT MET"
        print(f"- {item['goal']}: {item['value']} ({mark})")
    print(f"\nWritten to {output}")


DOCS = ROOT / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench-table -->", "<!-- /bench-table -->"


def results_markdown(results: dict) -> str:
    """The latest run as Markdown, for docs/performance.md."""
    machine = results["machine"]
    sizes = results["data_sizes"]
    lines = [
        f"Run of {results['date']} at commit `{results['git']['commit'][:10]}`"
        + (" (the shared working tree had uncommitted changes)" if results["git"]["dirty"] else "")
        + f"; {machine['cpus']} CPUs ({machine['cpu_model']}), load average "
        f"{machine['load_average'][0]} at the start and {machine['load_average_end'][0]} at the "
        f"end. Data: {sizes['case_studies_live']:,} live case studies, "
        f"{sizes['members']:,} members, "
        f"{sizes['meetings']} meetings, {sizes['registrations']:,} registrations, "
        f"{sizes['unconference_topics']} unconference topics.",
        "",
    ]
    bare = results.get("in_process_bare") or {}
    if bare.get("status") == "measured":
        lines += [
            f"Bare view in process (the test client, the full middleware stack): p50 "
            f"{bare['p50_ms']} ms, p95 {bare['p95_ms']} ms.",
        ]
    if results.get("http_bare"):
        base = results["http_bare"]["baseline"]
        lines += [
            f"Bare view over HTTP (the best of its two runs): p50 {base['p50_ms']} ms, p95 "
            f"{base['p95_ms']} ms, {base['rps']} req/s.",
        ]
    lines += ["", pages_table(results["pages"]), ""]
    search = results["search"]
    lines += [
        "| Search term | matches | top 20 p50 / p95 ms | index id list p50 / p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for label, item in search.items():
        ids = item["index_id_list"]
        id_list = (
            f"{ids['p50_ms']} / {ids['p95_ms']}" if "p95_ms" in ids else ids.get("status", "-")
        )
        lines.append(
            f"| {label}: `{item['term']}` | {item['matches']} | {item['top20']['p50_ms']} / "
            f"{item['top20']['p95_ms']} | {id_list} |"
        )
    lines.append("")
    scan = results["reminder_scan"]
    if scan.get("status") == "measured":

        def scan_pass(label: str) -> str:
            item = scan[label]
            if "seconds" not in item:
                return f"{label}: {item['status']}"
            return f"{label}: {item['seconds']} s ({item['rows_recorded']:,} rows recorded)"

        lines.append(
            f"Reminder scan over {scan['registrations']:,} registrations: "
            + "; ".join(scan_pass(label) for label in ("now", "all_due", "again"))
            + "."
        )
    else:
        lines.append(f"Reminder scan: {scan.get('status')}")
    sched = results["scheduler"]
    if sched.get("status") == "measured":
        lines.append(
            f"Auto-scheduler 200 topics x 8 slots x 10 rooms: p50 {sched['pure']['p50_ms']} ms, "
            f"max {sched['pure']['max_ms']} ms, {sched['placed']} placed, "
            f"{sched['facilitator_clashes_recounted']} facilitator clashes, "
            f"{sched['voter_clashes']} voter clashes; through the database "
            f"{sched.get('with_database_s', '-')} s."
        )
    else:
        lines.append(f"Auto-scheduler: {sched.get('status')}")
    met = sum(1 for item in results["goals"] if item["met"])
    lines += ["", f"Goals of issue 18 ({met} of {len(results['goals'])} met):", ""]
    lines += [
        f"- {item['goal']}: {item['value']} ({'met' if item['met'] else '**not met**'})"
        for item in results["goals"]
    ]
    if results.get("design_goals"):
        lines += ["", "Goals of DESIGN.md section 7:", ""]
        lines += [
            f"- {item['goal']}: {item['value']} ({'met' if item['met'] else '**not met**'})"
            for item in results["design_goals"]
        ]
    return "\n".join(lines)


def replace_block(text: str, start: str, end: str, body: str) -> str:
    """`text` with what lies between the markers `start` and `end` replaced by `body`
    (unchanged when a marker is missing)."""
    if start not in text or end not in text:
        return text
    head, rest = text.split(start, 1)
    _old, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def update_docs(results: dict, before: dict | None = None) -> None:
    """The latest run into docs/performance.md; with `before`, the before/after table too."""
    text = DOCS.read_text() if DOCS.exists() else ""
    text = replace_block(text, DOCS_START, DOCS_END, results_markdown(results))
    if before is not None:
        after = None if results is before else results
        text = replace_block(text, COMPARE_START, COMPARE_END, compare_markdown(before, after))
    DOCS.write_text(text)


COMPARE_START, COMPARE_END = "<!-- bench-compare -->", "<!-- /bench-compare -->"


def _pages_by_key(results: dict | None) -> dict:
    return {page.get("path") or page["name"]: page for page in (results or {}).get("pages", [])}


def _p95(item: dict | None, *, ratio: bool = False) -> str:
    if not item or item.get("status") != "measured":
        return "-"
    text = f"{item['p95_ms']}"
    if ratio and item.get("p95_ratio") is not None:
        text += f" ({item['p95_ratio']}x)"
    return text


def _queries(page: dict | None) -> str:
    if not page:
        return "-"
    counts = [(page.get(who) or {}).get("queries") for who, _label in WHO]
    return " / ".join("-" if n is None else str(n) for n in counts)


def _arrow(before: str, after: str | None) -> str:
    return f"{before} -> {after if after is not None else '-'}"


def compare_markdown(before: dict, after: dict | None) -> str:
    """Before and after, page by page (matched by URL): p95 ms in process with the page cache
    off (anonymous, member; ratio to the in-process bare view), queries, and over HTTP the p95
    (ratio to the bare view) anonymous cached, anonymous with the page cache off, member. With
    no after run yet, the after side is "-"."""

    def commit(results: dict | None) -> str:
        return f"`{results['git']['commit'][:10]}` ({results['date']})" if results else "-"

    lines = [
        f"Before: {commit(before)}. After: {commit(after)}. p95 in ms (ratio to the bare view "
        "in the same run); queries anonymous / member.",
        "",
        "| Page | in process, anonymous | in process, member | queries | HTTP anonymous, cached "
        "| HTTP anonymous, cache off | HTTP member |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    after_pages = _pages_by_key(after)
    for key, page in _pages_by_key(before).items():
        other = after_pages.get(key)
        cells = [
            _arrow(get(page), get(other) if after is not None else None)
            for get in (
                lambda p: _p95((p or {}).get("anonymous"), ratio=True),
                lambda p: _p95((p or {}).get("member"), ratio=True),
                _queries,
                *(
                    lambda p, mode=mode: _p95(((p or {}).get("http") or {}).get(mode), ratio=True)
                    for mode in ("anonymous_cached", "anonymous_uncached", "member")
                ),
            )
        ]
        lines.append(f"| {page['name']} | " + " | ".join(cells) + " |")
    lines += ["", "| Other measure | before | after |", "|---|---:|---:|"]
    for label, item in before.get("search", {}).items():
        other = (after or {}).get("search", {}).get(label)
        lines.append(
            f"| top-20 search, {label} `{item['term']}`, p95 ms | {item['top20'].get('p95_ms')} "
            f"| {other['top20'].get('p95_ms') if other else '-'} |"
        )

    def scan_s(results: dict | None) -> str:
        if not results:
            return "-"
        value = (results.get("reminder_scan", {}).get("all_due") or {}).get("seconds")
        return "-" if value is None else f"{value}"

    lines.append(f"| reminder scan, all due, s | {scan_s(before)} | {scan_s(after)} |")

    def met(results: dict | None) -> str:
        if not results:
            return "-"
        goals = results.get("goals", [])
        return f"{sum(1 for goal in goals if goal['met'])} of {len(goals)}"

    lines.append(f"| goals of issue 18 met | {met(before)} | {met(after)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.report --before bench/results-before.json [--after bench/results.json]`:
    rewrites the before/after table in docs/performance.md from two results files."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path)
    args = parser.parse_args(argv)
    before = json.loads(args.before.read_text())
    after = json.loads(args.after.read_text()) if args.after else None
    text = DOCS.read_text()
    DOCS.write_text(
        replace_block(text, COMPARE_START, COMPARE_END, compare_markdown(before, after))
    )
    print(compare_markdown(before, after))


if __name__ == "__main__":
    main()
