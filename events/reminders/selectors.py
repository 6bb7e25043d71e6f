"""Reads for the organisers' reminder pages, /healthz and "download my data"."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from core.models import Heartbeat
from events.models import Meeting

from .enums import DeliveryStatus
from .models import DigestDelivery, ReminderDelivery
from .services.scanner import SCANNER_HEARTBEAT

STATUS_KEYS = [status.value for status in DeliveryStatus]


def meetings_with_reminder_counts(*, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings with any reminder row or starting from a week ago on, with a count per status
    (one query)."""
    now = now or timezone.now()
    counts = {
        f"reminders_{status}": Count(
            "reminder_deliveries", filter=Q(reminder_deliveries__status=status)
        )
        for status in STATUS_KEYS
    }
    return (
        Meeting.objects.filter(
            Q(starts_at__gte=now - dt.timedelta(days=7)) | Q(reminder_deliveries__isnull=False)
        )
        .annotate(**counts, reminders_last_sent=Max("reminder_deliveries__sent_at"))
        .order_by("-starts_at", "-pk")
        .distinct()
    )


def reminder_deliveries_for_meeting(*, meeting: Meeting) -> QuerySet[ReminderDelivery]:
    return (
        ReminderDelivery.objects.filter(meeting=meeting)
        .select_related("registration__user")
        .order_by("-schedule_version", "-offset_minutes", "registration__user__name", "pk")
    )


def reminder_counts_for_meeting(*, meeting: Meeting) -> dict[str, int]:
    rows = (
        ReminderDelivery.objects.filter(meeting=meeting)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = dict.fromkeys(STATUS_KEYS, 0)
    counts.update(dict(rows))
    return counts


def reminder_scanner_health() -> dict:
    """For /healthz: raises when the scanner's last run is stale (beat or the worker is down);
    "never" (a fresh install) is reported but not a failure."""
    beat = Heartbeat.objects.filter(name=SCANNER_HEARTBEAT).first()
    if beat is None:
        return {"last_run": "never"}
    age = (timezone.now() - beat.last_seen).total_seconds()
    if age > settings.REMINDER_SCANNER_STALE_SECONDS:
        raise RuntimeError(f"the reminder scanner last ran {int(age)} s ago")
    return {"last_run": beat.last_seen.isoformat(), "age_seconds": int(age)}


def reminders_export(user) -> dict:
    """The reminders and digests we recorded for this member (for "download my data")."""
    reminders = (
        ReminderDelivery.objects.filter(registration__user=user)
        .select_related("meeting")
        .order_by("due_at", "pk")
    )
    digests = DigestDelivery.objects.filter(user=user).order_by("week")
    return {
        "reminders": [
            {
                "meeting": row.meeting.title,
                "meeting_starts_at": row.meeting.starts_at.isoformat(),
                "minutes_before": row.offset_minutes,
                "status": row.status,
                "due_at": row.due_at.isoformat(),
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
            }
            for row in reminders
        ],
        "digests": [
            {
                "week": row.week.isoformat(),
                "status": row.status,
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
            }
            for row in digests
        ],
    }
