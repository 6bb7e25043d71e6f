"""The in-process measures of `make bench` (no server running): data preparation and sizes, the
pages under test, queries per page, full-text search, the reminder scan and the auto-scheduler.

Imports models: bench/run.py sets Django up (production settings, the bench database) before
importing this module.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import time
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from bench.generate.build import generate
from bench.generate.context import MEMBER_EMAIL_DOMAIN, Sizes
from bench.generate.text import COMMON_TERMS, MIDDLING_TERMS, RARE_TERMS
from bench.lib import NOT_MEASURED, log, timing_summary
from casestudies.models import CaseStudyPage, Method
from casestudies.selectors import (
    FACETS,
    FACETS_BY_KEY,
    case_studies_live,
    case_studies_select,
    case_study_index,
    case_study_query_from_params,
    case_study_search_ids,
)
from community.models import Organisation
from core.page_cache import page_cache_bump
from events.enums import MeetingStatus, RegistrationStatus
from events.models import Meeting, Registration
from events.reminders.models import ReminderDelivery
from events.reminders.services.scanner import reminders_queue_due
from events.unconferences import scheduler
from events.unconferences.models import Session, Slot, Space, Topic, Unconference
from events.unconferences.services.schedule import schedule_run
from guidance.models import GuideChapterPage, GuidePage

SCAN_STATEMENT_TIMEOUT_S = 60  # one SQL statement of the reminder scan measure
SEARCH_BUDGET_S = 30  # per term: at least 3 runs, then stop when over budget


# --- Data ---------------------------------------------------------------------------------------
def prepare_data(args) -> dict:
    """Migrate, then demo content and bench data when missing. Returns generation facts."""
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    facts: dict = {"migrate_s": round(time.perf_counter() - started, 1)}
    if get_user_model().objects.filter(email__endswith=MEMBER_EMAIL_DOMAIN).exists():
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
    generate(
        sizes=Sizes(
            case_studies=args.case_studies,
            members=args.members,
            meetings=args.meetings,
            registrations=args.registrations,
            topics=args.topics,
        )
    )
    facts["generate_s"] = round(time.perf_counter() - started, 1)
    facts["generated"] = "generated in this run"
    return facts


def data_sizes() -> dict:
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
    anonymous page-cache hit ("cached", only pages that opt in: core/page_cache.py)."""
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
