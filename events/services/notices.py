"""Organiser changes to a meeting (move, cancel, admin edit): a new SEQUENCE and a change
notice (with calendar update) to everyone registered or waiting."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.queue import enqueue_on_commit

from ..enums import MeetingStatus
from ..models import Meeting
from .registrations import meeting_lock, waitlist_promote_locked


def change_notice_queue(
    meeting: Meeting, *, method: str, previous: tuple[dt.datetime, dt.datetime] | None = None
) -> None:
    """Queue the change notice. ``previous``: the (start, end) members had before this change,
    recorded now because the meeting row only keeps the new time; the e-mail states both."""
    times = {}
    if previous is not None:
        times = {
            "previous_starts_at": previous[0].isoformat(),
            "previous_ends_at": previous[1].isoformat(),
        }
    enqueue_on_commit(
        "events.send_meeting_change_notices",
        meeting_id=meeting.pk,
        sequence=meeting.sequence,
        method=method,
        **times,
    )


@transaction.atomic
def meeting_move(*, meeting: Meeting, starts_at: dt.datetime, ends_at: dt.datetime) -> Meeting:
    """Move a meeting: new SEQUENCE, detached from its series, notices to attendees."""
    meeting = meeting_lock(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be moved."))
    if starts_at >= ends_at:
        raise ValidationError(_("The end must be after the start."))
    if (meeting.starts_at, meeting.ends_at) == (starts_at, ends_at):
        return meeting
    previous_times = (meeting.starts_at, meeting.ends_at)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.status = MeetingStatus.MOVED
    meeting.detached = True
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    change_notice_queue(meeting, method="REQUEST", previous=previous_times)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """Cancel a meeting: STATUS:CANCELLED with a new SEQUENCE, notices to everyone registered."""
    meeting = meeting_lock(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    meeting.status = MeetingStatus.CANCELLED
    meeting.detached = True
    meeting.sequence += 1
    meeting.save(update_fields=["status", "detached", "sequence", "updated_at"])
    change_notice_queue(meeting, method="CANCEL")
    return meeting


@transaction.atomic
def meeting_record_change(*, meeting: Meeting, previous: Meeting) -> Meeting:
    """After an admin edit: bump SEQUENCE, detach, and notify when time/status/place changed."""
    time_changed = (meeting.starts_at, meeting.ends_at) != (previous.starts_at, previous.ends_at)
    place_changed = (meeting.mode, meeting.venue, meeting.join_url) != (
        previous.mode,
        previous.venue,
        previous.join_url,
    )
    status_changed = meeting.status != previous.status
    if not (time_changed or place_changed or status_changed):
        return meeting
    meeting.sequence = previous.sequence + 1
    meeting.detached = True
    if time_changed and meeting.status == MeetingStatus.SCHEDULED and meeting.series_id:
        meeting.status = MeetingStatus.MOVED
    meeting.save(update_fields=["sequence", "detached", "status", "updated_at"])
    cancelled = meeting.status == MeetingStatus.CANCELLED
    change_notice_queue(
        meeting,
        method="CANCEL" if cancelled else "REQUEST",
        previous=(previous.starts_at, previous.ends_at) if time_changed else None,
    )
    return meeting


@transaction.atomic
def meeting_edited(*, meeting: Meeting, previous: Meeting) -> Meeting:
    """After the admin saved an edit of ``previous`` as ``meeting``: record the change (new
    SEQUENCE, notices) and, when there is more room than before, fill it from the waiting list.
    One transaction with the admin's save."""
    meeting = meeting_record_change(meeting=meeting, previous=previous)
    if meeting.capacity is None or (
        previous.capacity is not None and meeting.capacity > previous.capacity
    ):
        waitlist_promote_locked(meeting_lock(meeting))
    return meeting
