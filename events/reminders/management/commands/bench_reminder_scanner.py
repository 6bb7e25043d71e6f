"""Time one reminder scan over N registrations (DESIGN.md section 7: 100,000 in under 5 s).

Everything is created inside a transaction that is rolled back, so the database is left as it
was and no task is enqueued. Prints (and with --output, writes) a JSON result.
"""

import datetime as dt
import json
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from events.models import Meeting, Registration

from ...services.scanner import reminders_queue_due


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the reminder scanner over many registrations (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--registrations", type=int, default=100_000)
        parser.add_argument("--meetings", type=int, default=10)
        parser.add_argument("--output", help="Also write the JSON result to this file.")

    def handle(self, *args, registrations: int, meetings: int, output=None, **options):
        result = {}
        try:
            with transaction.atomic():
                result = self._run(registrations=registrations, meetings=meetings)
                raise _Rollback
        except _Rollback:
            pass
        text = json.dumps(result, indent=2)
        self.stdout.write(text)
        if output:
            Path(output).write_text(text + "\n")

    def _run(self, *, registrations: int, meetings: int) -> dict:
        User = get_user_model()
        now = timezone.now()
        stamp = f"{now:%Y%m%d%H%M%S%f}"
        per_meeting = max(1, registrations // meetings)
        users = User.objects.bulk_create(
            [
                User(email=f"bench-{stamp}-{i}@example.invalid", name=f"Bench {i}")
                for i in range(per_meeting)
            ],
            batch_size=5000,
        )
        created_meetings = [
            Meeting.objects.create(
                title=f"Bench meeting {n}",
                slug=f"bench-{stamp}-{n}",
                starts_at=now + dt.timedelta(minutes=50),
                ends_at=now + dt.timedelta(minutes=110),
                reminder_offsets=[60],
            )
            for n in range(meetings)
        ]
        Registration.objects.bulk_create(
            [Registration(meeting=m, user=u) for m in created_meetings for u in users],
            batch_size=5000,
        )
        started = time.perf_counter()
        scan = reminders_queue_due(now=now)
        seconds = time.perf_counter() - started
        again_started = time.perf_counter()
        again = reminders_queue_due(now=now + dt.timedelta(seconds=30))
        again_seconds = time.perf_counter() - again_started
        return {
            "benchmark": "reminder_scanner",
            "database": connection.vendor,
            "registrations": per_meeting * meetings,
            "rows_recorded": scan.created,
            "scan_seconds": round(seconds, 3),
            "rescan_seconds": round(again_seconds, 3),
            "rescan_rows_recorded": again.created,
            "goal_seconds": 5,
            "within_goal": seconds < 5,
        }
