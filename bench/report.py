"""The results of `make bench`: the goals (DESIGN.md section 7) met or not, the printed report,
and the table in docs/performance.md. Pure Python: tested in tests/bench/test_lib.py."""

from __future__ import annotations

from pathlib import Path

from bench.lib import NOT_MEASURED, http_table

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
        p95 = item["index_id_list"]["p95_ms"]
        out.append(
            {
                "goal": f"search p95 under 100 ms ({label} term, index's full id list)",
                "value": f"{p95} ms",
                "met": p95 < GOALS["search_p95_ms"],
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


def print_report(results: dict, output: Path) -> None:
    print()
    print(http_table(results["http"]))
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
    if results.get("bare_baseline"):
        base = results["bare_baseline"]
        lines += [
            f"Bare view baseline (the best of its two runs): p50 {base['p50_ms']} ms, p95 "
            f"{base['p95_ms']} ms, {base['rps']} req/s.",
            "",
        ]
    lines += [http_table(results["http"]), ""]
    search = results["search"]
    lines += [
        "| Search term | matches | top 20 p50 / p95 ms | index id list p50 / p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for label, item in search.items():
        lines.append(
            f"| {label}: `{item['term']}` | {item['matches']} | {item['top20']['p50_ms']} / "
            f"{item['top20']['p95_ms']} | {item['index_id_list']['p50_ms']} / "
            f"{item['index_id_list']['p95_ms']} |"
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
    lines += ["", "Goals:", ""]
    lines += [
        f"- {item['goal']}: {item['value']} ({'met' if item['met'] else '**not met**'})"
        for item in results["goals"]
    ]
    return "\n".join(lines)


def update_docs(results: dict) -> None:
    text = DOCS.read_text() if DOCS.exists() else ""
    if DOCS_START not in text or DOCS_END not in text:
        return
    head, rest = text.split(DOCS_START, 1)
    _old, tail = rest.split(DOCS_END, 1)
    DOCS.write_text(f"{head}{DOCS_START}\n{results_markdown(results)}\n{DOCS_END}{tail}")
