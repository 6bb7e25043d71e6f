"""``generate()``: every step in one transaction, then the search index, planner statistics
and a check of the page tree.

Everything is created in bulk. Wagtail pages are inserted with computed treebeard paths
(``Page`` rows with ``bulk_create``, then the page type's own table with one multi-row INSERT per
batch) instead of ``add_child`` one by one: on PostgreSQL here ``add_child`` took about 25 ms a
page, i.e. over four minutes for 10,000 case studies, against a few seconds in bulk. The search
index is then rebuilt once (``update_index``) and the tree is checked with set-based SQL
(``tree_check``).

The generation refuses to run twice on the same database (it would duplicate the data set) and,
as a safety catch, refuses a database whose name does not contain "bench" unless
``allow_any_database`` is given: it adds thousands of rows that nobody wants in a dev database.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from bench.generate.casestudies import make_case_studies
from bench.generate.context import MEMBER_EMAIL_DOMAIN, BenchDataError, Context, Sizes
from bench.generate.events import make_meetings
from bench.generate.guidance import make_guidance
from bench.generate.pages import tree_check
from bench.generate.people import make_members, make_organisations
from bench.generate.unconference import make_unconference


def generate(
    *,
    sizes: Sizes,
    index: bool = True,
    allow_any_database: bool = False,
    out: TextIO | None = None,
) -> dict[str, float]:
    """Make the data set; returns the seconds each step took. Raises ``BenchDataError`` on a
    database not named for benchmarks or one that already has bench data."""
    out = out or sys.stdout
    name = str(connection.settings_dict.get("NAME") or "")
    if "bench" not in name and not allow_any_database:
        raise BenchDataError(
            f"Refusing to fill database {name!r}: its name does not contain 'bench'. "
            "Use a dedicated database (bench/run.py does) or --allow-any-database."
        )
    if get_user_model().objects.filter(email__endswith=MEMBER_EMAIL_DOMAIN).exists():
        raise BenchDataError(
            "This database already has bench data; use a fresh database "
            "(bench/run.py --regenerate drops and recreates it)."
        )
    rng = random.Random(sizes.seed)  # seeded: the same data on every run
    ctx = Context(sizes=sizes, rng=rng, now=timezone.now())
    timings: dict[str, float] = {}

    def step(label: str, fn: Callable[[], object]) -> None:
        out.write(f"- {label} ...\n")
        started = time.perf_counter()
        fn()
        timings[label] = time.perf_counter() - started
        out.write(f"  {label}: {timings[label]:.1f} s\n")

    with transaction.atomic():  # all or nothing: a failed run leaves no partial data set
        step("members", lambda: make_members(ctx))
        step("organisations", lambda: make_organisations(ctx))
        step("case studies", lambda: make_case_studies(ctx))
        step("guidance", lambda: make_guidance(ctx))
        step("meetings and registrations", lambda: make_meetings(ctx))
        step("unconference", lambda: make_unconference(ctx))
    if index:
        step("search index (update_index)", lambda: call_command("update_index", verbosity=0))
    step("planner statistics (VACUUM ANALYZE)", analyze)
    step("tree check", tree_check)
    out.write(f"Bench data generated in {sum(timings.values()):.0f} s.\n")
    return timings


def analyze() -> None:
    """Fresh planner statistics: right after a bulk load PostgreSQL still believes the page
    tables are nearly empty (autovacuum has not caught up) and picks nested loops that make a
    15 ms facet count take 5 s. VACUUM as well: it empties the GIN indexes' pending lists (the
    case studies' stored search documents arrive through a trigger during ``update_index``),
    without which PostgreSQL reads every document instead of the index (docs/performance.md)."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # VACUUM cannot run inside a transaction
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")
