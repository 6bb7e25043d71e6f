#!/usr/bin/env python
"""`make bench`: the benchmark suite (docs/performance.md).

1. PostgreSQL database (DATABASE_URL, default .../participation_bench; created when missing,
   dropped and recreated with --regenerate), Redis cache (REDIS_URL, default db 11).
2. migrate; demo content and generate_bench_data when the database has no bench data yet.
3. In-process measures (no server running): queries per page (test client), full-text search
   latency, reminder scan of every registration, auto-scheduler.
4. HTTP measures: gunicorn (production settings, 2 workers, loopback) and wrk against every page
   and the bare view (/bench/bare/, measured first and last); latency ratios to the bare view.
5. Prints a table and writes bench/results.json.

Needs wrk (apt-get install wrk), PostgreSQL and Redis. Not part of CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib import (  # noqa: E402
    NOT_MEASURED,
    bare_baseline,
    git_commit,
    http_table,
    machine_info,
    parse_wrk,
    timing_summary,
    with_ratios,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/participation_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"
DATA_DIR = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results.json"
LUA = ROOT / "bench" / "wrk.lua"
FORWARDED = "X-Forwarded-Proto: https"  # the server trusts it: SECURE_SSL_REDIRECT stays on

SCAN_STATEMENT_TIMEOUT_S = 60  # one SQL statement of the reminder scan measure
SEARCH_BUDGET_S = 30  # per term: at least 3 runs, then stop when over budget
WARMUP_BUDGET_S = 10  # per page: at most --warmup requests, at most this long

GOALS = {
    "index_detail_p95_ratio": 3.0,
    "search_p95_ms": 100.0,
    "reminder_scan_s": 5.0,
    "scheduler_s": 2.0,
}


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


# --- Environment and database -------------------------------------------------------------------
def bench_environment(args) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env.update(
        DJANGO_SETTINGS_MODULE="participation.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        BENCH_BARE_VIEW="true",
        LOG_LEVEL="WARNING",
        EMAIL_URL="locmem://",
        SITE_URL=f"http://127.0.0.1:{args.port}",
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    return env


def ensure_database(url: str, *, regenerate: bool) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to use database {name!r}: its name must contain 'bench'.")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and regenerate:
            log(f"dropping database {name}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare_data(args) -> dict:
    """Migrate, then demo content and bench data when missing. Returns generation facts."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    facts: dict = {"migrate_s": round(time.perf_counter() - started, 1)}
    if get_user_model().objects.filter(email__endswith="@bench.example.org").exists():
        facts["generated"] = "reused existing bench data (use --regenerate for fresh data)"
        return facts
    started = time.perf_counter()
    try:
        call_command("load_demo_content")
        facts["demo_content"] = "loaded"
    except Exception as exc:  # another app's demo content may be mid-change: bench goes on
        facts["demo_content"] = f"failed: {type(exc).__name__}: {exc}"
        log(f"demo content failed ({exc}); continuing with generated data only")
    facts["demo_content_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    call_command(
        "generate_bench_data",
        case_studies=args.case_studies,
        members=args.members,
        meetings=args.meetings,
        registrations=args.registrations,
        topics=args.topics,
    )
    facts["generate_s"] = round(time.perf_counter() - started, 1)
    facts["generated"] = "generated in this run"
    return facts


def data_sizes() -> dict:
    from django.contrib.auth import get_user_model
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from casestudies.models import CaseStudyPage
    from community.models import Organisation
    from events.models import Meeting, Registration
    from events.unconferences.models import Session, Slot, Space, Topic
    from guidance.models import GuideChapterPage, GuidePage

    return {
        "case_studies_live": CaseStudyPage.objects.live().count(),
        "pages": Page.objects.count(),
        "members": get_user_model().objects.count(),
        "organisations": Organisation.objects.count(),
        "guides": GuidePage.objects.count(),
        "guide_chapters": GuideChapterPage.objects.count(),
        "meetings": Meeting.objects.count(),
        "registrations": Registration.objects.count(),
        "unconference_topics": Topic.objects.filter(board__slug="bench-unconference").count(),
        "unconference_slots": Slot.objects.filter(unconference__slug="bench-unconference").count(),
        "unconference_spaces": Space.objects.filter(
            unconference__slug="bench-unconference"
        ).count(),
        "unconference_sessions": Session.objects.filter(
            slot__unconference__slug="bench-unconference"
        ).count(),
        "search_index_entries": IndexEntry.objects.count(),
    }


# --- Pages under test ---------------------------------------------------------------------------
def export_query() -> tuple[str, int]:
    """Index parameters whose selection is closest to 1,000 case studies (for the CSV export)."""
    from django.http import QueryDict

    from casestudies.selectors import (
        FACETS,
        FACETS_BY_KEY,
        case_studies_select,
        case_study_index,
        case_study_query_from_params,
    )

    index = case_study_index()
    candidates: list[list[tuple[str, str]]] = []
    for facet in FACETS:
        if facet.kind == "field":
            values = [value for value, _label in facet.choices]
        elif facet.kind == "m2m":
            values = list(facet.model.objects.values_list("slug", flat=True)[:8])
        else:
            continue
        candidates += [[(facet.key, value)] for value in values]
    sectors = [value for value, _label in FACETS_BY_KEY["sector"].choices]
    candidates += [[("sector", a), ("sector", b)] for a, b in itertools.pairwise(sectors)]
    best = ("", 0, 10**9)
    for pairs in candidates:
        query = urlencode(pairs)
        params = QueryDict(query)
        count = case_studies_select(
            query=case_study_query_from_params(params=params), index=index
        ).count
        if abs(count - 1000) < best[2]:
            best = (query, count, abs(count - 1000))
    return best[0], best[1]


def pages_under_test() -> list[dict]:
    """[{name, path, note}] in the order they are measured; a missing capability is noted."""
    from casestudies.models import CaseStudyPage, Method
    from guidance.models import GuideChapterPage
    from participation.management.commands.generate_bench_data import MIDDLING_TERMS

    pages: list[dict] = [
        {"name": "home", "path": "/"},
        {"name": "case study index", "path": "/case-studies/"},
    ]
    method = Method.objects.filter(case_studies__isnull=False).order_by("sort_order").first()
    facets = {"sector": "health", "outcome": "positive"}
    if method is not None:
        facets["method"] = method.slug
    pages.append(
        {"name": "case study index, 3 facets", "path": f"/case-studies/?{urlencode(facets)}"}
    )
    pages.append(
        {
            "name": "case study index, text search",
            "path": f"/case-studies/?{urlencode({'q': MIDDLING_TERMS[1]})}",
        }
    )
    detail = (
        CaseStudyPage.objects.live()
        .filter(slug__startswith="bench-", outcome_evidence__isnull=False)
        .order_by("path")
        .first()
    )
    pages.append(
        {"name": "case study detail", "path": detail.url if detail else None}
        | ({} if detail else {"note": "no generated case study"})
    )
    chapter = GuideChapterPage.objects.live().order_by("path").last()
    pages.append(
        {"name": "guidance chapter", "path": chapter.url if chapter else None}
        | ({} if chapter else {"note": "no guide chapter"})
    )
    pages.append({"name": "events list", "path": "/events/"})
    pages.append(
        {"name": "unconference grid", "path": "/unconferences/bench-unconference/schedule/"}
    )
    query, count = export_query()
    pages.append(
        {
            "name": f"CSV export ({count} rows)",
            "path": f"/case-studies/data.csv?{query}",
            "rows": count,
        }
    )
    return pages


# --- In-process measures ------------------------------------------------------------------------
def measure_queries(pages: list[dict]) -> None:
    """Queries and time of each page, warm (the second request), through the test client: first
    rendered (page cache off: what a signed-in member or a first visitor costs), then as an
    anonymous page-cache hit ("cached", only pages that opt in: participation/page_cache.py)."""
    from django.test import override_settings

    from core.page_cache import page_cache_bump

    with override_settings(PAGE_CACHE_SECONDS=0):
        for page in pages:
            if page.get("path"):
                _one_request(page, prefix="")
    page_cache_bump()
    cache_seconds = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
    with override_settings(PAGE_CACHE_SECONDS=cache_seconds):
        for page in pages:
            if page.get("path") and cache_seconds > 0:
                _one_request(page, prefix="cached_")
                if page.pop("cached_hit", False) is False:
                    page.pop("cached_queries", None)  # not cached (e.g. a page with a form)
                    page.pop("cached_ms", None)


def _one_request(page: dict, *, prefix: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.get(page["path"])
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(page["path"])
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    if prefix:
        page[f"{prefix}hit"] = response.get("X-Page-Cache") == "hit"
        page[f"{prefix}queries"] = len(captured)
        page[f"{prefix}ms"] = round(elapsed * 1000, 2)
        return
    page["in_process_status"] = response.status_code
    page["queries"] = len(captured)
    page["in_process_ms"] = round(elapsed * 1000, 1)
    slow = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    page["slowest_queries"] = [
        {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]} for q in slow
    ]


def measure_search(repeats: int) -> dict:
    """Wagtail search over the live case studies on PostgreSQL: the top 20 by relevance (what a
    results page shows) and the full ranked id list the library index builds for a query."""
    from casestudies.models import CaseStudyPage
    from casestudies.selectors import case_studies_live, case_study_index, case_study_search_ids
    from participation.management.commands.generate_bench_data import (
        COMMON_TERMS,
        MIDDLING_TERMS,
        RARE_TERMS,
    )

    index = case_study_index()
    out = {}
    for label, term in (
        ("rare", RARE_TERMS[0]),
        ("middling", MIDDLING_TERMS[1]),
        ("common", COMMON_TERMS[0]),
    ):
        top, full = [], []
        hits = 0
        budget = time.monotonic() + SEARCH_BUDGET_S
        for attempt in range(repeats):
            if attempt >= 3 and time.monotonic() > budget:
                break  # slow on this machine: fewer runs, the count is in the results
            started = time.perf_counter()
            list(CaseStudyPage.objects.live().search(term)[:20])
            top.append(time.perf_counter() - started)
            started = time.perf_counter()
            ids = case_study_search_ids(base=case_studies_live(index=index), words=term)
            full.append(time.perf_counter() - started)
            hits = len(ids)
        out[label] = {
            "term": term,
            "matches": hits,
            "top20": timing_summary(top),
            "index_id_list": timing_summary(full),
        }
    return out


def measure_reminder_scan() -> dict:
    """events.reminders' scanner over every registration, in a transaction that is rolled back
    (nothing is sent, the data set is unchanged). Three passes:
    - now: the data as generated (only the meetings whose reminders are really due);
    - all due: every meeting moved to start in 7 days minus 30 minutes, so every registration's
      7-day reminder is due: one ledger row recorded per registration;
    - again: the same pass once more (everything already recorded: the steady state)."""
    try:
        from events.reminders.services.scanner import reminders_queue_due
    except ImportError as exc:
        return {"status": f"{NOT_MEASURED}: {exc}"}
    from django.db import DatabaseError, connection, transaction
    from django.utils import timezone

    from events.enums import MeetingStatus, RegistrationStatus
    from events.models import Meeting, Registration
    from events.reminders.models import ReminderDelivery

    out: dict = {"status": "measured", "statement_timeout_s": SCAN_STATEMENT_TIMEOUT_S}
    # Every pass below is rolled back, but the ANALYZE the scanner runs after a mass insert
    # updates pg_class.reltuples in place (not transactionally): an earlier run leaves the empty
    # ledger looking like 80,000 rows, and the next run's plans differ (all_due 21.6 s instead
    # of 3 s, seen). Start each run from the ledger's true state.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {ReminderDelivery._meta.db_table}")
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:  # a pathological plan is reported, not waited for
            cursor.execute(f"SET LOCAL statement_timeout = {SCAN_STATEMENT_TIMEOUT_S * 1000}")
        out["registrations"] = Registration.objects.count()
        out["registered"] = Registration.objects.filter(
            status=RegistrationStatus.REGISTERED
        ).count()
        for label, prepare in (
            ("now", None),
            ("all_due", "move"),
            ("again", None),
        ):
            if prepare == "move":
                Meeting.objects.exclude(status=MeetingStatus.CANCELLED).update(
                    starts_at=now + dt.timedelta(days=7, minutes=-30),
                    ends_at=now + dt.timedelta(days=7, minutes=45),
                )
            before = ReminderDelivery.objects.count()
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    result = reminders_queue_due(now=now)
            except DatabaseError as exc:
                elapsed = time.perf_counter() - started
                out[label] = {
                    "status": f"{NOT_MEASURED}: {type(exc).__name__} after {elapsed:.0f} s",
                    "error": str(exc).splitlines()[0][:300],
                }
                continue
            elapsed = time.perf_counter() - started
            out[label] = {
                "seconds": round(elapsed, 3),
                "rows_recorded": ReminderDelivery.objects.count() - before,
                **result.as_dict(),
            }
        transaction.set_rollback(True)
    return out


def measure_scheduler(repeats: int) -> dict:
    try:
        from events.unconferences import scheduler
    except ImportError as exc:
        return {"status": f"{NOT_MEASURED}: {exc}"}
    if not hasattr(scheduler, "benchmark_case"):
        return {"status": f"{NOT_MEASURED}: scheduler.benchmark_case is missing"}
    data = scheduler.benchmark_case(topics=200, slots=8, spaces=10)
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = scheduler.schedule(data)
        times.append(time.perf_counter() - started)
    voter, facilitator = scheduler.count_clashes(data, result.placements)
    cells = {(p.space_id, p.slot_id) for p in result.placements}
    out = {
        "status": "measured",
        "case": {"topics": 200, "slots": 8, "spaces": 10},
        "pure": timing_summary(times),
        "placed": len(result.placements),
        "unplaced": len(result.unplaced),
        "facilitator_clashes_reported": result.facilitator_clashes,
        "facilitator_clashes_recounted": facilitator,
        "voter_clashes": voter,
        "double_booked_cells": len(result.placements) - len(cells),
        "steps": result.steps,
    }
    # The same through the database (input from the ORM, sessions written), rolled back.
    from django.db import transaction

    from events.unconferences.models import Unconference
    from events.unconferences.services.schedule import schedule_run

    unconference = Unconference.objects.filter(slug="bench-unconference").first()
    if unconference is not None:
        with transaction.atomic():
            started = time.perf_counter()
            db_result = schedule_run(unconference=unconference)
            out["with_database_s"] = round(time.perf_counter() - started, 3)
            out["with_database_placed"] = len(db_result.placements)
            out["with_database_facilitator_clashes"] = db_result.facilitator_clashes
            transaction.set_rollback(True)
    return out


# --- HTTP measures ------------------------------------------------------------------------------
def start_server(env: dict, port: int) -> subprocess.Popen:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    logfile = open(DATA_DIR / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "participation.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(port, "/bench/bare/")
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {DATA_DIR / 'gunicorn.log'}") from None
            time.sleep(0.5)
    stop_server(process)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def fetch(port: int, path: str) -> tuple[int, int]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def run_wrk(port: int, path: str, args) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(LUA),
        "-H",
        FORWARDED,
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=args.duration + 60, check=True
    ).stdout
    # Let the server finish what wrk left queued (slow pages) before the next measure starts.
    fetch(port, "/bench/bare/")
    fetch(port, "/bench/bare/")
    return parse_wrk(output)


def measure_http(env: dict, pages: list[dict], args) -> tuple[list[dict], dict]:
    process = start_server(env, args.port)
    rows: list[dict] = []
    bare_runs = []
    try:
        targets = [{"name": "bare view", "path": "/bench/bare/"}, *pages]
        for page in targets:
            if not page.get("path"):
                rows.append({**page, "status": f"{NOT_MEASURED}: {page.get('note', 'no URL')}"})
                continue
            status, size = 0, 0
            budget = time.monotonic() + WARMUP_BUDGET_S
            for _ in range(max(1, args.warmup)):
                status, size = fetch(args.port, page["path"])
                if status != 200 or time.monotonic() > budget:
                    break
            if status != 200:
                rows.append({**page, "status": f"{NOT_MEASURED}: HTTP {status}"})
                log(f"{page['name']}: HTTP {status}, not measured")
                continue
            log(f"wrk {page['name']}: {page['path']}")
            result = run_wrk(args.port, page["path"], args)
            row = {**page, "status": "measured", "response_bytes": size, **result}
            if not result["requests"]:
                row["status"] = f"{NOT_MEASURED}: no request completed in {args.duration} s"
            elif row["errors"]:
                row["note"] = f"{row['errors']} errors or non-2xx/3xx responses"
            rows.append(row)
            if page["name"] == "bare view" and result["requests"]:
                bare_runs.append(result)
        log("wrk bare view (again, at the end)")
        again = run_wrk(args.port, "/bench/bare/", args)
        if again["requests"]:
            bare_runs.append(again)
        rows.append(
            {"name": "bare view (end)", "path": "/bench/bare/", "status": "measured", **again}
        )
    finally:
        stop_server(process)
    if not bare_runs:
        raise SystemExit("the bare view completed no request: the machine is overloaded")
    baseline = bare_baseline(bare_runs)
    rows = [with_ratios(row, baseline) if row["status"] == "measured" else row for row in rows]
    return rows, baseline


# --- Goals and output ---------------------------------------------------------------------------
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true", help="drop and recreate the bench DB")
    parser.add_argument("--case-studies", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=20, help="requests per page before wrk")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--repeats", type=int, default=30, help="runs per search term")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--no-docs", action="store_true", help="do not update the table in docs/performance.md"
    )
    args = parser.parse_args()

    env = bench_environment(args)
    os.environ.update(env)
    ensure_database(env["DATABASE_URL"], regenerate=args.regenerate)

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    started_at = dt.datetime.now(dt.UTC)
    results: dict = {
        "date": started_at.isoformat(timespec="seconds"),
        "git": git_commit(ROOT),
        "machine": machine_info(),
        "settings": {
            "DJANGO_SETTINGS_MODULE": env["DJANGO_SETTINGS_MODULE"],
            "database": urlparse(env["DATABASE_URL"]).path.lstrip("/"),
            "redis": env["REDIS_URL"],
            "server": "gunicorn --workers 2 (sync), production settings, DEBUG off, Redis cache",
            "load": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency",
            "https": "X-Forwarded-Proto: https header (SECURE_PROXY_SSL_HEADER), no redirect",
        },
    }
    log("preparing data")
    results["data_preparation"] = prepare_data(args)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        results["machine"]["postgresql"] = cursor.fetchone()[0]
        cursor.execute("ANALYZE")  # planner statistics after any bulk load (see docs)
    results["data_sizes"] = data_sizes()
    log(f"data: {results['data_sizes']}")
    log("collectstatic (the manifest storage needs it)")
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()

    pages = pages_under_test()
    log("queries per page")
    measure_queries(pages)
    log("full-text search")
    results["search"] = measure_search(args.repeats)
    log("reminder scan")
    results["reminder_scan"] = measure_reminder_scan()
    log("auto-scheduler")
    results["scheduler"] = measure_scheduler(5)
    connection.close()

    if args.skip_http:
        results["http"] = [{**page, "status": f"{NOT_MEASURED}: --skip-http"} for page in pages]
        results["bare_baseline"] = None
    else:
        log("HTTP measures")
        results["http"], results["bare_baseline"] = measure_http(env, pages, args)
    results["goals"] = goals(
        results["http"], results["search"], results["reminder_scan"], results["scheduler"]
    )
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["duration_s"] = round((dt.datetime.now(dt.UTC) - started_at).total_seconds())
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if not args.no_docs and args.output == RESULTS and not args.skip_http:
        update_docs(results)
    print_report(results, args.output)


if __name__ == "__main__":
    main()
