"""The in-process measures of `make bench` (no server running): data preparation and sizes, the
pages under test, queries per page, full-text search, the reminder scan and the auto-scheduler.

Imports models: bench/run.py sets Django up (production settings, the bench database) before
importing this module.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from bench.generate.build import generate
from bench.generate.context import MEMBER_EMAIL_DOMAIN, Sizes
from bench.generate.text import COMMON_TERMS, MIDDLING_TERMS, RARE_TERMS
from bench.lib import NOT_MEASURED, log, timing_summary
from casestudies import selectors as casestudies_selectors
from casestudies.models import CaseStudyPage, Method
from casestudies.selectors import library as casestudies_library
from community.models import Organisation
from core import page_cache
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
PAGE_BUDGET_S = 20  # per page and visitor, in process: at least 3 runs, then stop when over


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
# Each page has a kind, which decides its goal (bench/report.py): index, index_search, detail,
# home, search, csv, other.
def export_query() -> tuple[str, int]:
    """The nation (the index's public `region` filter) whose live case studies are closest to
    1,000 (for the CSV export: northern_ireland, 1,003, at full size). Only a public URL
    parameter and the ORM: the bench must run against older and newer selectors. (Two sectors
    were tried too, but the CSV of a sector pair held 1,671 rows for 1,000 counted here.)"""
    live = CaseStudyPage.objects.live()
    counts = live.order_by().values_list("nation").annotate(n=Count("pk"))
    candidates = [(urlencode({"region": value}), n) for value, n in counts if value]
    if not candidates:
        return "", live.count()
    return min(candidates, key=lambda item: abs(item[1] - 1000))


def _url_or_note(name: str, kind: str, obj, note: str, url: str | None = None) -> dict:
    if obj is None:
        return {"name": name, "kind": kind, "path": None, "note": note}
    return {"name": name, "kind": kind, "path": url or obj.url}


def pages_under_test() -> list[dict]:
    """[{name, kind, path[, note]}] in the order they are measured; a missing page is noted."""
    rare, middling, common = RARE_TERMS[0], MIDDLING_TERMS[1], COMMON_TERMS[0]
    pages: list[dict] = [
        {"name": "home", "kind": "home", "path": "/"},
        {"name": "case study index", "kind": "index", "path": "/case-studies/"},
    ]
    method = Method.objects.filter(case_studies__isnull=False).order_by("sort_order").first()
    facets = {"sector": "health", "outcome": "positive"}
    if method is not None:
        facets["method"] = method.slug
    pages += [
        {
            "name": "case study index, 3 facets",
            "kind": "index",
            "path": f"/case-studies/?{urlencode(facets)}",
        },
        {"name": "case study index, page 50", "kind": "index", "path": "/case-studies/?page=50"},
    ]
    for label, term in (("rare", rare), ("middling", middling), ("common", common)):
        pages.append(
            {
                "name": f"case study index, q={term} ({label})",
                "kind": "index_search",
                "path": f"/case-studies/?{urlencode({'q': term})}",
            }
        )
    detail = (
        CaseStudyPage.objects.live()
        .filter(slug__startswith="bench-", outcome_evidence__isnull=False)
        .order_by("path")
        .first()
    )
    pages.append(_url_or_note("case study detail", "detail", detail, "no generated case study"))
    guide = GuidePage.objects.live().order_by("path").last()
    pages.append(_url_or_note("guide", "detail", guide, "no guide"))
    chapter = GuideChapterPage.objects.live().order_by("path").last()
    pages.append(_url_or_note("guidance chapter", "detail", chapter, "no guide chapter"))
    meeting = (
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    pages.append(
        _url_or_note(
            "event page",
            "detail",
            meeting,
            "no upcoming meeting",
            url=meeting.get_absolute_url() if meeting else None,
        )
    )
    for label, term in (("rare", rare), ("middling", middling), ("common", common)):
        pages.append(
            {
                "name": f"/search/ q={term} ({label})",
                "kind": "search",
                "path": f"/search/?{urlencode({'q': term})}",
            }
        )
    pages.append({"name": "events list", "kind": "other", "path": "/events/"})
    pages.append(
        {
            "name": "unconference grid",
            "kind": "other",
            "path": "/unconferences/bench-unconference/schedule/",
        }
    )
    query, count = export_query()
    pages.append(
        {
            "name": f"CSV export ({count} case studies)",
            "kind": "csv",
            "path": f"/case-studies/data.csv?{query}",
            "rows": count,
        }
    )
    return pages


def bench_member():
    """A generated, active member to sign in (the test client's force_login; a session row in
    the database for wrk's cookie)."""
    return (
        get_user_model()
        .objects.filter(email__endswith=MEMBER_EMAIL_DOMAIN, is_active=True)
        .order_by("pk")
        .first()
    )


def member_cookie(member) -> str | None:
    """A Cookie header value for `member`'s new session (what wrk sends as the member)."""
    if member is None:
        return None
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(member)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


# --- In-process measures ------------------------------------------------------------------------
BARE = {"name": "bare view", "kind": "bare", "path": "/bench/bare/"}


def measure_pages(pages: list[dict], repeats: int, member) -> dict:
    """Each page through the test client, page cache off (PAGE_CACHE_SECONDS=0): anonymous, then
    as the signed-in `member`: the first request after a content version bump (`first_ms`), then
    `repeats` timed requests (median, p95; at least 3, fewer than `repeats` when a page has
    taken PAGE_BUDGET_S), the queries of one warm request and its 3 slowest queries. Caches other
    than the page cache (if the code has any) stay as configured: the repeats measure their hits.
    Then the same URL as an anonymous page-cache hit ("cached", pages that opt in). Returns the
    bare view's in-process figures (the baseline of the in-process ratios)."""
    bare: dict = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        bare = _timed(BARE["path"], repeats=max(repeats, 20), client=_client())
        for page in pages:
            if not page.get("path"):
                continue
            log(f"in process: {page['name']}")
            page["anonymous"] = _timed(page["path"], repeats=repeats, client=_client())
            if member is not None:
                client = _client()
                client.force_login(member)
                page["member"] = _timed(page["path"], repeats=repeats, client=client)
            else:
                page["member"] = {"status": f"{NOT_MEASURED}: no generated member"}
            if page.get("kind") == "csv" and page["anonymous"].get("csv_rows") is not None:
                page["rows"] = page["anonymous"]["csv_rows"]
                page["name"] = f"CSV export ({page['rows']} rows)"
    _bump()
    cache_seconds = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
    with override_settings(PAGE_CACHE_SECONDS=cache_seconds):
        for page in pages:
            if page.get("path") and cache_seconds > 0:
                _cached_hit(page)
    return bare


def _client() -> Client:
    return Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")


def _bump() -> None:
    bump = getattr(page_cache, "page_cache_bump", None)
    if bump is not None:
        bump()


def _get(client: Client, path: str):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _timed(path: str, *, repeats: int, client: Client) -> dict:
    _bump()  # the first request after a content change (any cache keyed by content version)
    started = time.perf_counter()
    response, body = _get(client, path)
    first = time.perf_counter() - started
    if response.status_code != 200:
        return {"status": f"{NOT_MEASURED}: HTTP {response.status_code}"}
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    # Read now: captured_queries is a slice of the connection's log, which the next request
    # (request_started -> reset_queries) empties.
    queries = list(captured.captured_queries)
    times: list[float] = []
    budget = time.monotonic() + PAGE_BUDGET_S
    for attempt in range(max(repeats, 3)):
        if attempt >= 3 and time.monotonic() > budget:
            break
        started = time.perf_counter()
        _get(client, path)
        times.append(time.perf_counter() - started)
    slow = sorted(queries, key=lambda q: -float(q["time"]))[:3]
    out = {
        "status": "measured",
        "first_ms": round(first * 1000, 1),
        **timing_summary(times),
        "queries": len(queries),
        "bytes": len(body),
        "slowest_queries": [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]} for q in slow
        ],
    }
    if response.get("Content-Type", "").startswith("text/csv"):
        out["csv_rows"] = max(0, len(body.decode("utf-8", "replace").splitlines()) - 1)
    return out


def _cached_hit(page: dict) -> None:
    client = _client()
    client.get(page["path"])
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response, _body = _get(client, page["path"])
        elapsed = time.perf_counter() - started
    if response.get("X-Page-Cache") == "hit":
        page["cached_queries"] = len(captured)
        page["cached_ms"] = round(elapsed * 1000, 2)


def _index_id_list():
    """The library index's full ranked id list for a query, if this version of the code builds
    one (casestudies.selectors.case_study_search_ids): a callable(term), or None."""
    ids = getattr(casestudies_selectors, "case_study_search_ids", None)
    live = getattr(casestudies_selectors, "case_studies_live", None)
    index_page = getattr(casestudies_selectors, "case_study_index", None)
    if ids is None or live is None or index_page is None:
        return None
    index = index_page()
    return lambda term: ids(base=live(index=index), words=term)


def _site_top20():
    """The library's own top 20 for a word (casestudies.selectors.library.case_study_search_top:
    page 1 of the index sorted by relevance, ranking cap included), if this version of the code
    has it: a callable(term), or None (older versions: the top 20 is Wagtail's, as before)."""
    top = getattr(casestudies_library, "case_study_search_top", None)
    index_page = getattr(casestudies_selectors, "case_study_index", None)
    if top is None or index_page is None:
        return None
    index = index_page()
    return lambda term: top(words=term, index=index)


def _wagtail_top20(term: str) -> None:
    list(CaseStudyPage.objects.live().search(term)[:20])


def measure_search(repeats: int) -> dict:
    """Full-text search over the live case studies on PostgreSQL: the top 20 by relevance as the
    site lists them (``top20``: the library's ``case_study_search_top`` where the code has it,
    else Wagtail's own search, as older versions measured), Wagtail's own
    ``CaseStudyPage.objects.live().search(term)[:20]`` on its own line (``wagtail_top20``: no
    page of the site ranks that way since the library reads its stored search document), and,
    where the code has one, the full ranked id list the library index builds for a query (older
    versions; a missing one is reported as not measured)."""
    id_list = _index_id_list()
    site_top = _site_top20()
    out = {}
    for label, term in (
        ("rare", RARE_TERMS[0]),
        ("middling", MIDDLING_TERMS[1]),
        ("common", COMMON_TERMS[0]),
    ):
        top, wagtail_top, full = [], [], []
        budget = time.monotonic() + SEARCH_BUDGET_S
        for attempt in range(repeats):
            if attempt >= 3 and time.monotonic() > budget:
                break  # slow on this machine: fewer runs, the count is in the results
            started = time.perf_counter()
            (site_top or _wagtail_top20)(term)
            top.append(time.perf_counter() - started)
            if site_top is not None:
                started = time.perf_counter()
                _wagtail_top20(term)
                wagtail_top.append(time.perf_counter() - started)
            if id_list is not None:
                started = time.perf_counter()
                id_list(term)
                full.append(time.perf_counter() - started)
        out[label] = {
            "term": term,
            "matches": CaseStudyPage.objects.live().search(term).count(),
            "top20": timing_summary(top),
            "top20_source": "casestudies.selectors.library.case_study_search_top"
            if site_top is not None
            else "CaseStudyPage.objects.live().search(term)[:20]",
            "wagtail_top20": timing_summary(wagtail_top)
            if wagtail_top
            else {"status": f"{NOT_MEASURED}: the top 20 above is Wagtail's"},
            "index_id_list": timing_summary(full)
            if full
            else {"status": f"{NOT_MEASURED}: no case_study_search_ids in this version"},
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
