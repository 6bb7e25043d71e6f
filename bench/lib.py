"""Pure helpers for bench/run.py: wrk output parsing, percentiles, ratios, the table, machine
facts. No Django import here, so the helpers are tested on their own (tests/bench/)."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
from pathlib import Path

WRK_MARKER = "BENCH_JSON "
NOT_MEASURED = "not measured"


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def percentile(values: list[float], pct: float) -> float:
    """Linear-interpolated percentile (pct in 0..100) of a non-empty list."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timing_summary(seconds: list[float]) -> dict:
    """{n, p50_ms, p95_ms, max_ms} of durations measured in seconds."""
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 2),
    }


def parse_wrk(output: str) -> dict:
    """The JSON line bench/wrk.lua prints in wrk's done(), converted to ms and req/s."""
    for line in output.splitlines():
        if line.startswith(WRK_MARKER):
            raw = json.loads(line[len(WRK_MARKER) :])
            break
    else:
        raise ValueError("no BENCH_JSON line in wrk's output (was -s bench/wrk.lua given?)")
    seconds = raw["duration_us"] / 1_000_000
    errors = sum(
        raw[key]
        for key in ("non_2xx_3xx", "connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return {
        "p50_ms": round(raw["p50"] / 1000, 2),
        "p75_ms": round(raw["p75"] / 1000, 2),
        "p90_ms": round(raw["p90"] / 1000, 2),
        "p95_ms": round(raw["p95"] / 1000, 2),
        "p99_ms": round(raw["p99"] / 1000, 2),
        "mean_ms": round(raw["mean"] / 1000, 2),
        "max_ms": round(raw["max"] / 1000, 2),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "bytes_per_request": round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0,
        "errors": errors,
        "non_2xx_3xx": raw["non_2xx_3xx"],
    }


def bare_baseline(runs: list[dict]) -> dict:
    """The bare view's figures to divide by: the best of its runs (start and end of the bench),
    i.e. the lowest latencies and the highest throughput. Conservative: a disturbed bare run
    (a spike from another process on the shared machine) never flatters the pages' ratios."""
    baseline = {key: min(run[key] for run in runs) for key in ("p50_ms", "p95_ms", "p99_ms")}
    baseline["rps"] = max(run["rps"] for run in runs)
    return baseline


def with_ratios(result: dict, baseline: dict) -> dict:
    """Latency ratios to the bare view (higher is slower) and throughput ratio (lower is slower)."""
    out = dict(result)
    for key in ("p50", "p95", "p99"):
        base = baseline.get(f"{key}_ms") or 0
        out[f"{key}_ratio"] = round(result[f"{key}_ms"] / base, 1) if base else None
    out["rps_ratio"] = round(result["rps"] / baseline["rps"], 3) if baseline.get("rps") else None
    return out


def _cell(value, suffix: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}{suffix}" if value >= 10 else f"{value:.2f}{suffix}"
    return f"{value}{suffix}"


def http_table(rows: list[dict]) -> str:
    """A Markdown table of the HTTP measures (also printed to the terminal)."""
    header = (
        "| Page | p50 ms | p95 ms | p99 ms | req/s | p95 x bare | req/s vs bare | queries "
        "| in-process ms | cached: queries / ms |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [header]
    for row in rows:
        cached = (
            f"{row['cached_queries']} / {_cell(row.get('cached_ms'))}"
            if row.get("cached_queries") is not None
            else "-"
        )
        if row.get("status") != "measured":
            lines.append(
                f"| {row['name']} | {row.get('status', NOT_MEASURED)} |||||| "
                f"{_cell(row.get('queries'))} | {_cell(row.get('in_process_ms'))} | {cached} |"
            )
            continue
        lines.append(
            "| {name} | {p50} | {p95} | {p99} | {rps} | {ratio} | {rps_ratio} | {queries} "
            "| {in_process} | {cached} |".format(
                name=row["name"],
                p50=_cell(row["p50_ms"]),
                p95=_cell(row["p95_ms"]),
                p99=_cell(row["p99_ms"]),
                rps=_cell(row["rps"]),
                ratio=_cell(row.get("p95_ratio"), "x"),
                rps_ratio=_cell(row.get("rps_ratio")),
                queries=_cell(row.get("queries")),
                in_process=_cell(row.get("in_process_ms")),
                cached=cached,
            )
        )
    return "\n".join(lines)


# --- The pages table (in process and over HTTP) ---------------------------------------------------
WHO = (("anonymous", "anonymous"), ("member", "signed-in member"))


def in_process_ratios(pages: list[dict], bare: dict | None) -> None:
    """Adds p50_ratio / p95_ratio to each page's in-process figures (anonymous, member): the
    page's time divided by the bare view's, measured through the same test client."""
    for page in pages:
        for who, _label in WHO:
            item = page.get(who)
            if not item or item.get("status") != "measured":
                continue
            for key in ("p50", "p95"):
                base = (bare or {}).get(f"{key}_ms") or 0
                item[f"{key}_ratio"] = round(item[f"{key}_ms"] / base, 1) if base else None


def _timing(item: dict | None) -> str:
    if not item:
        return "-"
    if item.get("status") != "measured":
        return item.get("status", NOT_MEASURED)
    return f"{_cell(item['p50_ms'])} / {_cell(item['p95_ms'])}"


def _http(item: dict | None) -> str:
    if not item:
        return "-"
    if item.get("status") != "measured":
        return item.get("status", NOT_MEASURED)
    return f"{_cell(item['p95_ms'])} ({_cell(item.get('p95_ratio'), 'x')})"


def pages_table(pages: list[dict]) -> str:
    """Markdown: per page, in process with the page cache off (anonymous and signed-in member:
    p50 / p95 ms, p95 as a ratio to the bare view, queries), the anonymous page-cache hit in
    process, and over HTTP the p95 (ratio to the bare view) anonymous with the page cache on,
    with it off, and as a member."""
    lines = [
        "| Page | anonymous p50 / p95 ms | x bare | queries | member p50 / p95 ms | x bare "
        "| queries | cache hit: queries / ms | HTTP p95 ms: anonymous, cached | anonymous, "
        "cache off | member |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in pages:
        if not page.get("path"):
            lines.append(f"| {page['name']} | {NOT_MEASURED}: {page.get('note', 'no URL')} |")
            continue
        anonymous, member = page.get("anonymous") or {}, page.get("member") or {}
        http = page.get("http") or {}
        cached = (
            f"{page['cached_queries']} / {_cell(page.get('cached_ms'))}"
            if page.get("cached_queries") is not None
            else "not cached"
        )
        lines.append(
            f"| {page['name']} | {_timing(anonymous)} | {_cell(anonymous.get('p95_ratio'), 'x')} "
            f"| {_cell(anonymous.get('queries'))} | {_timing(member)} "
            f"| {_cell(member.get('p95_ratio'), 'x')} | {_cell(member.get('queries'))} "
            f"| {cached} | {_http(http.get('anonymous_cached'))} "
            f"| {_http(http.get('anonymous_uncached'))} | {_http(http.get('member'))} |"
        )
    return "\n".join(lines)


def run_quiet(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_info() -> dict:
    cpu_model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    memory_gib = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    wrk = shutil.which("wrk")
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_model": cpu_model,
        "cpus": os.cpu_count(),
        "memory_gib": memory_gib,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "wrk": run_quiet([wrk, "--version"]).splitlines()[0] if wrk else None,
    }


def git_commit(root: Path) -> dict:
    return {
        "commit": run_quiet(["git", "-C", str(root), "rev-parse", "HEAD"]),
        # Changes to tracked files only: a clone with its .venv linked in is not "dirty".
        "dirty": bool(
            run_quiet(
                ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--", "."]
            )
        ),
    }
