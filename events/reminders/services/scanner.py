"""The reminder scanner: one set-based pass, run by beat every minute (events.queue_due_reminders).

Per pass, whatever the number of registrations: one query for candidate meetings, one per
distinct offset that is due for a meeting (usually 1-3), a few sweeping UPDATEs, bulk inserts,
and one query for the IDs this pass created. Each new pending row gets one send task after commit.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import heartbeat_record
from events.enums import MeetingStatus, RegistrationStatus
from events.models import Meeting, Registration

from ..enums import DeliveryStatus
from ..models import ReminderDelivery
from .sending import deliveries_enqueue_on_commit

logger = logging.getLogger(__name__)

SCANNER_HEARTBEAT = "reminder-scanner"
REQUEUE_LIMIT = 5000


@dataclass
class ScanResult:
    created: int = 0
    skipped: int = 0
    superseded: int = 0
    requeued: int = 0
    to_send: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "skipped": self.skipped,
            "superseded": self.superseded,
            "requeued": self.requeued,
            "enqueued": len(self.to_send),
        }


def meeting_reminder_offsets(*, meeting: Meeting) -> list[int]:
    """The meeting's offsets, else its series', else the default; positive whole minutes only."""
    offsets = set()
    for value in meeting.effective_reminder_offsets or []:
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            continue
        if minutes > 0:
            offsets.add(minutes)
    return sorted(offsets, reverse=True)


def _sweep_open_rows(*, now: dt.datetime, result: ScanResult) -> None:
    """Pending rows that must no longer be sent: the meeting was cancelled, moved (new schedule
    version), has started, or the member is no longer registered."""
    pending = ReminderDelivery.objects.filter(status=DeliveryStatus.PENDING)
    result.superseded += pending.filter(meeting__status=MeetingStatus.CANCELLED).update(
        status=DeliveryStatus.SUPERSEDED,
        reason=_("The meeting was cancelled."),
        updated_at=now,
    )
    result.superseded += pending.exclude(schedule_version=F("meeting__sequence")).update(
        status=DeliveryStatus.SUPERSEDED,
        reason=_("The meeting changed; reminders for the new time replace this one."),
        updated_at=now,
    )
    result.skipped += pending.exclude(registration__status=RegistrationStatus.REGISTERED).update(
        status=DeliveryStatus.SKIPPED,
        reason=_("The member was no longer registered."),
        updated_at=now,
    )
    result.skipped += pending.filter(meeting__starts_at__lte=now).update(
        status=DeliveryStatus.SKIPPED,
        reason=_("The meeting had already started."),
        updated_at=now,
    )


def _requeue_stuck_rows(*, now: dt.datetime, result: ScanResult) -> None:
    """Rows whose send task was lost: pending and not queued for a while (the broker lost the
    message or it waits behind a long visibility timeout), or "sending" past the lease (the
    worker died mid-send: at-least-once, see docs/reminders.md)."""
    lease = dt.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)
    max_attempts = settings.REMINDER_MAX_RETRIES + 1
    stale_sending = ReminderDelivery.objects.filter(
        status=DeliveryStatus.SENDING, sending_started_at__lt=now - lease
    )
    stale_sending.filter(attempts__gte=max_attempts).update(
        status=DeliveryStatus.FAILED,
        last_error=_("The worker stopped while sending, too many times."),
        updated_at=now,
    )
    stale_sending.update(
        status=DeliveryStatus.PENDING,
        last_error=_("The worker stopped while sending; sending again."),
        queued_at=None,
        updated_at=now,
    )
    requeue_before = now - dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    ids = list(
        ReminderDelivery.objects.filter(status=DeliveryStatus.PENDING)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=requeue_before))
        .order_by("due_at")
        .values_list("pk", flat=True)[:REQUEUE_LIMIT]
    )
    if ids:
        ReminderDelivery.objects.filter(pk__in=ids).update(queued_at=now, updated_at=now)
        result.requeued += len(ids)
        result.to_send.extend(ids)


def _candidate_meetings(*, now: dt.datetime, grace: dt.timedelta) -> dict[int, list[Meeting]]:
    """{offset: [meetings for which that offset is due now]} over meetings not long started."""
    meetings = (
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__gt=now - grace)
        .select_related("series")
        .only("pk", "starts_at", "sequence", "reminder_offsets", "series__reminder_offsets")
    )
    due: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        for minutes in meeting_reminder_offsets(meeting=meeting):
            if meeting.starts_at - dt.timedelta(minutes=minutes) <= now:
                due[minutes].append(meeting)
    return due


def _new_rows(*, now: dt.datetime, grace: dt.timedelta) -> list["NewRow"]:
    due = _candidate_meetings(now=now, grace=grace)
    # {registration id: [(offset, meeting, registered_at, user preferences...)]}
    candidates: dict[int, list[tuple]] = defaultdict(list)
    for minutes, meetings in due.items():
        by_id = {meeting.pk: meeting for meeting in meetings}
        already = ReminderDelivery.objects.filter(
            registration=OuterRef("pk"),
            offset_minutes=minutes,
            schedule_version=OuterRef("meeting__sequence"),
        )
        rows = (
            Registration.objects.filter(
                meeting_id__in=list(by_id),
                status=RegistrationStatus.REGISTERED,
                user__is_active=True,
            )
            .exclude(Exists(already))
            .values_list(
                "pk",
                "meeting_id",
                "created_at",
                "user__email_preferences__meeting_reminders",
                "user__email_preferences__reminder_offsets_off",
            )
        )
        for pk, meeting_id, registered_at, reminders_on, offsets_off in rows.iterator(
            chunk_size=5000
        ):
            if reminders_on is False or minutes in {int(v) for v in offsets_off or []}:
                continue  # the member switched these reminders off: no row, nothing to send
            candidates[pk].append((minutes, by_id[meeting_id], registered_at))

    too_late = _("Too late to send (more than %(hours)s hours after it was due).") % {
        "hours": round(grace.total_seconds() / 3600, 1)
    }
    started = _("The meeting had already started.")
    closer = _("A closer reminder for the same meeting was due at the same time.")
    new: list[NewRow] = []
    for registration_id, items in candidates.items():
        # Closest reminder first: after downtime only the closest due one goes out.
        items.sort(key=lambda item: item[0])
        sending_one = False
        for minutes, meeting, registered_at in items:
            due_at = meeting.starts_at - dt.timedelta(minutes=minutes)
            if due_at < now - grace:
                if registered_at > due_at:
                    continue  # registered after this reminder was due: it was never owed
                status, reason = DeliveryStatus.SKIPPED, too_late
            elif meeting.starts_at <= now:
                status, reason = DeliveryStatus.SKIPPED, started
            elif sending_one:
                status, reason = DeliveryStatus.SKIPPED, closer
            else:
                sending_one = True
                status, reason = DeliveryStatus.PENDING, ""
            new.append(NewRow(registration_id, meeting, minutes, due_at, status, reason))
    return new


class NewRow(NamedTuple):
    registration_id: int
    meeting: Meeting
    offset_minutes: int
    due_at: dt.datetime
    status: str
    reason: str


INSERT_COLUMNS = [
    "created_at",
    "updated_at",
    "registration_id",
    "meeting_id",
    "offset_minutes",
    "schedule_version",
    "due_at",
    "status",
    "reason",
    "attempts",
    "last_error",
    "queued_at",
]
INSERT_BATCH = 2000  # x 12 parameters stays under SQLite's 32,766 limit


def _insert_rows(rows: list[NewRow], *, now: dt.datetime) -> list[tuple[int, str]]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id, status (PostgreSQL: from arrays;
    SQLite 3.35+: multi-row VALUES): the (id, status) of exactly the rows this pass inserted;
    a concurrent pass that inserted the same keys first keeps them. What
    bulk_create(ignore_conflicts=True) does, but with the new keys, and without building
    100,000 model instances."""
    if not rows:
        return []
    ops = connection.ops
    table = ops.quote_name(ReminderDelivery._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in INSERT_COLUMNS)
    placeholder = "(" + ", ".join(["%s"] * len(INSERT_COLUMNS)) + ")"
    at = ops.adapt_datetimefield_value(now)
    due_values: dict[dt.datetime, object] = {}

    def due(value: dt.datetime):
        if value not in due_values:
            due_values[value] = ops.adapt_datetimefield_value(value)
        return due_values[value]

    inserted: list[tuple[int, str]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per 10,000 rows with array parameters: psycopg would otherwise
            # spend seconds parsing a statement with tens of thousands of placeholders.
            meeting_table = ops.quote_name(Meeting._meta.db_table)
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                "SELECT %s, %s, t.r, t.m, t.o, t.v, "
                "mt.starts_at - t.o * interval '1 minute', t.s, t.rs, 0, '', "
                "CASE WHEN t.s = 'pending' THEN %s::timestamptz END "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::integer[], %s::integer[], "
                "%s::text[], %s::text[]) AS t(r, m, o, v, s, rs) "
                f"JOIN {meeting_table} mt ON mt.id = t.m "
                'ON CONFLICT DO NOTHING RETURNING "id", "status"'
            )
            for start in range(0, len(rows), 10_000):
                chunk = rows[start : start + 10_000]
                cursor.execute(
                    sql,
                    [
                        now,
                        now,
                        now,
                        [row.registration_id for row in chunk],
                        [row.meeting.pk for row in chunk],
                        [row.offset_minutes for row in chunk],
                        [row.meeting.sequence for row in chunk],
                        [str(row.status) for row in chunk],
                        [row.reason for row in chunk],
                    ],
                )
                inserted += [(pk, status) for pk, status in cursor.fetchall()]
            return inserted
        for start in range(0, len(rows), INSERT_BATCH):
            chunk = rows[start : start + INSERT_BATCH]
            params: list = []
            for row in chunk:
                pending = row.status == DeliveryStatus.PENDING
                params += [
                    at,
                    at,
                    row.registration_id,
                    row.meeting.pk,
                    row.offset_minutes,
                    row.meeting.sequence,
                    due(row.due_at),
                    str(row.status),
                    row.reason,
                    0,
                    "",
                    at if pending else None,
                ]
            # Identifiers are the model's own (quoted); every value is a query parameter.
            sql = (
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
                + ", ".join([placeholder] * len(chunk))
                + ' ON CONFLICT DO NOTHING RETURNING "id", "status"'
            )
            cursor.execute(sql, params)
            inserted += [(pk, status) for pk, status in cursor.fetchall()]
    return inserted


def _refresh_statistics() -> None:
    """After a mass insert (a long outage, every meeting moved), PostgreSQL's statistics still
    say the ledger is nearly empty until autovacuum analyses it, and the next pass's sweeps get
    nested-loop plans that ran for minutes (60 s timeout hit at 75,000 new rows; 0.3 s after
    ANALYZE: docs/performance.md). ANALYZE counts this transaction's own rows. Only the columns
    the sweeps filter and join on, from a small sample (statistics target 10, 3,000 rows): 13 ms
    instead of 0.5-0.7 s for the whole table at the default target."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(ReminderDelivery._meta.db_table)
    try:
        # A savepoint: if ANALYZE fails or waits over a second for its lock (autovacuum), the
        # scan goes on without it (autovacuum analyses the table later).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('lock_timeout'), "
                "current_setting('default_statistics_target')"
            )
            lock_timeout, target = cursor.fetchone()
            cursor.execute("SELECT set_config('lock_timeout', '1s', true)")
            cursor.execute("SELECT set_config('default_statistics_target', '10', true)")
            cursor.execute(
                f"ANALYZE {table} (status, meeting_id, registration_id, schedule_version)"
            )
            # Back as they were for the rest of the scan's transaction.
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
            cursor.execute("SELECT set_config('default_statistics_target', %s, true)", [target])
    except DatabaseError:
        logger.warning("reminder scan: could not refresh the ledger statistics", exc_info=True)


def reminders_queue_due(*, now: dt.datetime | None = None) -> ScanResult:
    """Record every reminder that is due and enqueue one send task per new (or stuck) row."""
    now = now or timezone.now()
    grace = dt.timedelta(minutes=settings.REMINDER_GRACE_MINUTES)
    result = ScanResult()
    with transaction.atomic():
        _sweep_open_rows(now=now, result=result)
        _requeue_stuck_rows(now=now, result=result)
        created = _insert_rows(_new_rows(now=now, grace=grace), now=now)
        if len(created) >= settings.REMINDER_ANALYZE_AFTER_ROWS:
            _refresh_statistics()
        for pk, status in created:
            result.created += 1
            if status == DeliveryStatus.PENDING:
                result.to_send.append(pk)
            else:
                result.skipped += 1
        heartbeat_record(name=SCANNER_HEARTBEAT)
        deliveries_enqueue_on_commit("events.send_reminder", ids=result.to_send)
    if result.created or result.requeued or result.superseded:
        logger.info("reminder scan", extra={"scan": result.as_dict()})
    return result
