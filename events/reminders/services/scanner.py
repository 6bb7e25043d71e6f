"""The reminder scanner: one set-based pass, run by beat every minute (events.queue_due_reminders).

Per pass, whatever the number of registrations: a few sweeping UPDATEs of open rows, one query
for the meetings whose reminders can be due, and one INSERT ... SELECT ... ON CONFLICT DO NOTHING
RETURNING of every due row that is missing (the database decides each row's status). Each new
pending row gets one send task after commit.
"""

import datetime as dt
import itertools
import logging
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import EmailPreferences
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


# What a due (meeting, offset) pair's new rows get. SENDABLE: not too late and the meeting not
# started: the closest such offset of a registration is pending, the others skipped as "closer".
# TOO_LATE, STARTED: skipped with the pair's reason.
SENDABLE, TOO_LATE, STARTED = 1, 2, 3


class DuePair(NamedTuple):
    """One (meeting, offset) whose reminder is due now."""

    meeting_id: int
    offset_minutes: int
    schedule_version: int
    due_at: dt.datetime
    kind: int  # SENDABLE, TOO_LATE or STARTED
    reason: str


def _due_pairs(*, now: dt.datetime, grace: dt.timedelta) -> list[DuePair]:
    """Every (meeting, offset) that is due now, from one query over the meetings not cancelled
    and not started more than the grace window ago (the meetings' starts_at index: a due time
    is starts_at minus the offset). A few hundred rows at most, whatever the registrations."""
    meetings = (
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__gt=now - grace)
        .select_related("series")
        .only("pk", "starts_at", "sequence", "reminder_offsets", "series__reminder_offsets")
        .order_by("pk")
    )
    too_late = _("Too late to send (more than %(hours)s hours after it was due).") % {
        "hours": round(grace.total_seconds() / 3600, 1)
    }
    started = _("The meeting had already started.")
    pairs: list[DuePair] = []
    for meeting in meetings:
        for minutes in meeting_reminder_offsets(meeting=meeting):
            due_at = meeting.starts_at - dt.timedelta(minutes=minutes)
            if due_at > now:
                continue
            if due_at < now - grace:
                kind, reason = TOO_LATE, too_late
            elif meeting.starts_at <= now:
                kind, reason = STARTED, started
            else:
                kind, reason = SENDABLE, ""
            pairs.append(DuePair(meeting.pk, minutes, meeting.sequence, due_at, kind, reason))
    return pairs


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
# Due pairs per INSERT statement (6 parameters each: under SQLite's 32,766). A meeting's pairs
# always go in the same statement (the "closest offset" choice is made within a registration).
PAIRS_PER_STATEMENT = 2000


def _offsets_off_sql() -> tuple[str, str]:
    """FROM items naming `p` (a preferences row) and `off` (one of its values), and the SQL of
    that value in whole minutes: each reminder offset a member switched off
    (EmailPreferences.reminder_offsets_off, a JSON list of whole minutes: a few hundred rows,
    anti-joined as a set rather than searched per registration)."""
    table = connection.ops.quote_name(EmailPreferences._meta.db_table)
    if connection.vendor == "postgresql":
        return (
            f"{table} p CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN "
            "jsonb_typeof(p.reminder_offsets_off) = 'array' THEN p.reminder_offsets_off "
            "ELSE '[]'::jsonb END) AS off(value)",
            "trunc(off.value::numeric)",
        )
    return f"{table} p, json_each(p.reminder_offsets_off) AS off", "CAST(off.value AS INTEGER)"


def _insert_sql(pair_count: int) -> str:
    """One INSERT ... SELECT for `pair_count` due pairs: registered members of those meetings
    (the registrations' (meeting, status) index) without a row for (offset, current version)
    (the ledger's unique index), reminders not switched off, each row's status decided in SQL.
    ON CONFLICT DO NOTHING on the unique key: a concurrent pass that inserted the same keys first
    keeps them, and RETURNING gives exactly the rows this pass inserted."""
    ops = connection.ops
    q = ops.quote_name
    user_model = Registration._meta.get_field("user").related_model
    postgres = connection.vendor == "postgresql"
    row = (
        "(%s::bigint, %s::integer, %s::integer, %s::timestamptz, %s::integer, %s::text)"
        if postgres
        else "(%s, %s, %s, %s, %s, %s)"
    )
    columns = ", ".join(q(c) for c in INSERT_COLUMNS)
    offsets_off, off_minutes = _offsets_off_sql()
    pending = f"c.kind = {SENDABLE} AND c.offset_minutes = c.closest"
    # Identifiers are the models' own (quoted); every value is a query parameter.
    return (
        "WITH d (meeting_id, offset_minutes, schedule_version, due_at, kind, reason) AS "  # noqa: S608
        f"(VALUES {', '.join([row] * pair_count)}), "
        "c AS (SELECT r.id AS registration_id, d.meeting_id, d.offset_minutes, "
        "d.schedule_version, d.due_at, d.kind, d.reason, "
        f"MIN(CASE WHEN d.kind = {SENDABLE} THEN d.offset_minutes END) "
        "OVER (PARTITION BY r.id) AS closest "
        f"FROM d JOIN {q(Registration._meta.db_table)} r "
        "ON r.meeting_id = d.meeting_id AND r.status = %s "
        f"JOIN {q(user_model._meta.db_table)} u ON u.id = r.user_id AND u.is_active = %s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {q(ReminderDelivery._meta.db_table)} x "
        "WHERE x.registration_id = r.id AND x.offset_minutes = d.offset_minutes "
        "AND x.schedule_version = d.schedule_version) "
        # Reminders switched off (a member without preferences gets them all).
        f"AND NOT EXISTS (SELECT 1 FROM {q(EmailPreferences._meta.db_table)} p "
        "WHERE p.user_id = r.user_id AND p.meeting_reminders = %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {offsets_off} "
        f"WHERE p.user_id = r.user_id AND {off_minutes} = d.offset_minutes "
        f"AND p.reminder_offsets_off <> {'%s::jsonb' if postgres else '%s'}) "
        # Registered after a reminder that is already too late: it was never owed, no row.
        f"AND NOT (d.kind = {TOO_LATE} AND r.created_at > d.due_at)) "
        f"INSERT INTO {q(ReminderDelivery._meta.db_table)} ({columns}) "
        "SELECT %s, %s, c.registration_id, c.meeting_id, c.offset_minutes, c.schedule_version, "
        f"c.due_at, CASE WHEN {pending} THEN %s ELSE %s END, "
        f"CASE WHEN c.kind <> {SENDABLE} THEN c.reason WHEN {pending} THEN '' "
        "ELSE %s END, 0, '', "
        f"CASE WHEN {pending} THEN %s END "
        # WHERE: SQLite needs one before ON CONFLICT in an INSERT ... SELECT (parsing).
        "FROM c WHERE 1 = 1 "
        f"ON CONFLICT DO NOTHING RETURNING {q('id')}, {q('status')}"
    )


def _insert_due_rows(*, now: dt.datetime, grace: dt.timedelta) -> list[tuple[int, str]]:
    """Record every reminder due now that has no row yet: one set-based INSERT ... SELECT (one
    per 2,000 due (meeting, offset) pairs), however many registrations. Returns the (id, status)
    of the rows this pass inserted.

    Per row, as decided before: due more than the grace window ago -> skipped as too late (no row
    at all if the member registered after it was due: it was never owed); meeting started ->
    skipped; several due at once after downtime -> only the closest offset is pending, the
    others skipped."""
    pairs = _due_pairs(now=now, grace=grace)
    if not pairs:
        return []
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    closer = _("A closer reminder for the same meeting was due at the same time.")
    chunks: list[list[DuePair]] = [[]]
    for _meeting_id, group in itertools.groupby(pairs, key=lambda pair: pair.meeting_id):
        meeting_pairs = list(group)
        if chunks[-1] and len(chunks[-1]) + len(meeting_pairs) > PAIRS_PER_STATEMENT:
            chunks.append([])
        chunks[-1].extend(meeting_pairs)
    inserted: list[tuple[int, str]] = []
    with connection.cursor() as cursor:
        for chunk in chunks:
            params: list = []
            for pair in chunk:
                params += [
                    pair.meeting_id,
                    pair.offset_minutes,
                    pair.schedule_version,
                    ops.adapt_datetimefield_value(pair.due_at),
                    pair.kind,
                    pair.reason,
                ]
            params += [
                RegistrationStatus.REGISTERED.value,
                True,
                False,
                "[]",
                at,
                at,
                DeliveryStatus.PENDING.value,
                DeliveryStatus.SKIPPED.value,
                closer,
                at,
            ]
            cursor.execute(_insert_sql(len(chunk)), params)
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
        created = _insert_due_rows(now=now, grace=grace)
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
