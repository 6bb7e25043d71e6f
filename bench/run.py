#!/usr/bin/env python
"""`make bench`: the benchmark suite (docs/performance.md).

1. PostgreSQL database (DATABASE_URL, default .../participation_bench; created when missing,
   dropped and recreated with --regenerate), Redis cache (REDIS_URL, default db 11).
2. migrate; demo content and the bench data (bench/generate/) when the database has none yet.
3. In-process measures (no server running): every page through the test client with the page
   cache off, anonymous and as a signed-in member (median, p95, queries), then as a page-cache
   hit; full-text search latency, reminder scan of every registration, auto-scheduler
   (bench/measures.py).
4. HTTP measures: gunicorn (production settings, 2 workers, loopback) and a second one with the
   page cache off (PAGE_CACHE_SECONDS=0); wrk against the bare view (/bench/bare/, first and
   last) and every page: anonymous cached, anonymous with the page cache off, signed-in member;
   latency ratios to the bare view (bench/server.py).
5. Prints a table and writes bench/results.json (bench/report.py).

Needs wrk (apt-get install wrk), PostgreSQL and Redis. Not part of CI. A script, not a module
to import: it reads the command line and sets Django up when it loads.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench.* as a package, not bench/'s files as top-level modules

from bench.environment import (  # noqa: E402
    RESULTS,
    bench_environment,
    ensure_database,
    parse_args,
)

ARGS = parse_args()
ENV = bench_environment(ARGS)
os.environ.update(ENV)
django.setup()  # app-loading order: settings come from the command line above; models below

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.lib import git_commit, in_process_ratios, log, machine_info  # noqa: E402
from bench.measures import (  # noqa: E402
    bench_member,
    data_sizes,
    measure_pages,
    measure_reminder_scan,
    measure_scheduler,
    measure_search,
    member_cookie,
    pages_under_test,
    prepare_data,
)
from bench.report import (  # noqa: E402
    design_http_rows,
    goals,
    issue18_goals,
    print_report,
    update_docs,
)

RESULTS_BEFORE = ROOT / "bench" / "results-before.json"  # the run before issue 18's changes
from bench.server import measure_http  # noqa: E402


def main(args, env: dict) -> None:
    ensure_database(env["DATABASE_URL"], regenerate=args.regenerate)
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
    member = bench_member()
    results["member"] = member.email if member else None
    log("pages in process (page cache off: anonymous, member; then a cache hit)")
    results["in_process_bare"] = measure_pages(pages, args.page_repeats, member)
    in_process_ratios(pages, results["in_process_bare"])
    log("full-text search")
    results["search"] = measure_search(args.repeats)
    log("reminder scan")
    results["reminder_scan"] = measure_reminder_scan()
    log("auto-scheduler")
    results["scheduler"] = measure_scheduler(5)
    cookie = member_cookie(member)
    connection.close()

    if args.skip_http:
        results["http_bare"] = None
    else:
        log("HTTP measures")
        results["http_bare"] = measure_http(env, pages, args, cookie)
    results["pages"] = pages
    results["goals"] = issue18_goals(pages, results["search"], results["reminder_scan"])
    results["design_goals"] = goals(
        design_http_rows(pages),
        results["search"],
        results["reminder_scan"],
        results["scheduler"],
    )
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["duration_s"] = round((dt.datetime.now(dt.UTC) - started_at).total_seconds())
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if not args.no_docs and args.output == RESULTS and not args.skip_http:
        before = json.loads(RESULTS_BEFORE.read_text()) if RESULTS_BEFORE.exists() else None
        update_docs(results, before)
    print_report(results, args.output)


if __name__ == "__main__":
    main(ARGS, ENV)
