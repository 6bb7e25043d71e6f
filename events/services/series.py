"""Series generation: materialise a meeting series' occurrences, and meeting slugs."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community.permissions import participation_refusal

from ..enums import MeetingStatus
from ..models import Meeting, MeetingSeries, SeriesRegistration
from ..recurrence import occurrence_dates, occurrence_instants
from ..timezones import LONDON
from .notices import change_notice_queue
from .registrations import register_locked


def _occurrence_slug(series: MeetingSeries, day: dt.date) -> str:
    base = f"{series.slug}-{day.isoformat()}"[:140]
    slug = base
    counter = 2
    while Meeting.objects.filter(slug=slug).exclude(series=series, occurrence_key=day).exists():
        slug = f"{base[:130]}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def meeting_series_generate(
    *, series: MeetingSeries, until: dt.date, since: dt.date | None = None
) -> dict[str, int]:
    """Materialise the series' occurrences from ``since`` (default today, UK) to ``until``.

    Idempotent: an occurrence is keyed by (series, original local date). Occurrences an organiser
    moved, cancelled or otherwise detached are never touched; scheduled, attached ones follow the
    series (time, place, join link) and their SEQUENCE increases when their time changes. A date
    that became a skipped date cancels its attached occurrence.
    """
    since = since or timezone.now().astimezone(LONDON).date()
    counts = {"created": 0, "updated": 0, "cancelled": 0, "unchanged": 0}
    if not series.active:
        return counts
    days = occurrence_dates(
        rule=series.rrule,
        first_date=series.first_date,
        start_time=series.start_time,
        since=since,
        until=until,
        exceptions=series.exception_dates,
        extras=series.extra_dates,
    )
    existing = {
        meeting.occurrence_key: meeting
        for meeting in Meeting.objects.select_for_update().filter(
            series=series, occurrence_key__gte=since, occurrence_key__lte=until
        )
    }
    new_meetings = []
    for day in days:
        starts_at, ends_at = occurrence_instants(
            day=day, start_time=series.start_time, duration_minutes=series.duration_minutes
        )
        meeting = existing.get(day)
        if meeting is None:
            meeting = Meeting(
                series=series,
                occurrence_key=day,
                title=series.title,
                slug=_occurrence_slug(series, day),
                kind=series.kind,
                agenda="",
                mode=series.mode,
                venue=series.venue,
                join_url=series.join_url,
                capacity=series.default_capacity,
                starts_at=starts_at,
                ends_at=ends_at,
            )
            meeting.full_clean()
            meeting.save()
            new_meetings.append(meeting)
            counts["created"] += 1
            continue
        if meeting.detached or meeting.status != MeetingStatus.SCHEDULED:
            counts["unchanged"] += 1
            continue
        changed_time = (meeting.starts_at, meeting.ends_at) != (starts_at, ends_at)
        changed_place = (meeting.mode, meeting.venue, meeting.join_url) != (
            series.mode,
            series.venue,
            series.join_url,
        )
        if changed_time or changed_place:
            previous_times = (meeting.starts_at, meeting.ends_at)
            meeting.starts_at, meeting.ends_at = starts_at, ends_at
            meeting.mode, meeting.venue, meeting.join_url = (
                series.mode,
                series.venue,
                series.join_url,
            )
            meeting.sequence += 1
            meeting.full_clean()
            meeting.save()
            counts["updated"] += 1
            if changed_time:
                change_notice_queue(meeting, method="REQUEST", previous=previous_times)
        else:
            counts["unchanged"] += 1
    wanted = set(days)
    for day, meeting in existing.items():
        if day not in wanted and not meeting.detached and meeting.status == MeetingStatus.SCHEDULED:
            meeting.status = MeetingStatus.CANCELLED
            meeting.sequence += 1
            meeting.save(update_fields=["status", "sequence", "updated_at"])
            counts["cancelled"] += 1
            change_notice_queue(meeting, method="CANCEL")
    subscribers = list(SeriesRegistration.objects.filter(series=series).select_related("user"))
    for meeting in new_meetings:
        for subscription in subscribers:
            if participation_refusal(subscription.user) is None:
                register_locked(meeting=meeting, user=subscription.user, notify=False)
    return counts


def generation_horizon(*, months: int | None = None) -> dt.date:
    """The last day (UK) a series is materialised to: ``months`` (default
    ``EVENTS_GENERATE_MONTHS``, 6) of 31 days from today."""
    months = months or getattr(settings, "EVENTS_GENERATE_MONTHS", 6)
    return timezone.now().astimezone(LONDON).date() + dt.timedelta(days=31 * months)


def meeting_series_generate_ahead(*, series: MeetingSeries) -> dict[str, int]:
    """Generate the series up to the horizon: after an organiser creates or edits it."""
    return meeting_series_generate(series=series, until=generation_horizon())


def meeting_series_generate_all(*, months: int | None = None) -> dict[str, int]:
    """Keep every active series materialised up to the horizon (the daily task)."""
    until = generation_horizon(months=months)
    totals: dict[str, int] = {}
    for series in MeetingSeries.objects.filter(active=True):
        for key, value in meeting_series_generate(series=series, until=until).items():
            totals[key] = totals.get(key, 0) + value
    return totals
