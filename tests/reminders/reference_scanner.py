"""The reminder scanner's row decisions as they were before the set-based INSERT ... SELECT
(events/reminders/services/scanner.py at commit 0112a1b: `_candidate_meetings` and `_new_rows`,
copied unchanged except for names): one query per due offset, a Python sweep of the candidate
registrations, every row's status decided in Python. The scanner's tests compare the rows the
new scan records with the rows this reference would have recorded on the same data."""

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from events.enums import MeetingStatus, RegistrationStatus
from events.models import Meeting, Registration
from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from events.reminders.services.scanner import meeting_reminder_offsets


class NewRow(NamedTuple):
    registration_id: int
    meeting: Meeting
    offset_minutes: int
    due_at: dt.datetime
    status: str
    reason: str


def candidate_meetings(*, now: dt.datetime, grace: dt.timedelta) -> dict[int, list[Meeting]]:
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


def new_rows(*, now: dt.datetime, grace: dt.timedelta) -> list[NewRow]:
    due = candidate_meetings(now=now, grace=grace)
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


def reference_rows(*, now: dt.datetime, grace: dt.timedelta) -> set[tuple]:
    """What the old scan would have recorded now, as comparable tuples (the old scan inserted
    every row it decided, with queued_at set on pending rows)."""
    return {
        (
            row.registration_id,
            row.meeting.pk,
            row.offset_minutes,
            row.meeting.sequence,
            row.due_at,
            str(row.status),
            str(row.reason),
            row.status == DeliveryStatus.PENDING,
        )
        for row in new_rows(now=now, grace=grace)
    }
