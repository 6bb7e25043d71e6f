"""Writes for events: series generation, RSVP with waiting list, move/cancel, feed tokens."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.permissions import participation_refusal
from core.http import absolute_url

from .enums import MeetingStatus, RegistrationStatus
from .models import (
    CalendarFeedToken,
    Meeting,
    MeetingSeries,
    OrganiserMessage,
    Registration,
    SeriesRegistration,
    new_feed_token,
)
from .recurrence import occurrence_dates, occurrence_instants
from .timezones import LONDON


class RegistrationRefused(ValidationError):
    """The member may not register (pending, declined, anonymous, meeting over or cancelled)."""


def _on_commit_task(task, **kwargs) -> None:
    transaction.on_commit(lambda: task.delay(**kwargs))


# --- Series generation -------------------------------------------------------------------------


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
                _notify_change(meeting, method="REQUEST", previous=previous_times)
        else:
            counts["unchanged"] += 1
    wanted = set(days)
    for day, meeting in existing.items():
        if day not in wanted and not meeting.detached and meeting.status == MeetingStatus.SCHEDULED:
            meeting.status = MeetingStatus.CANCELLED
            meeting.sequence += 1
            meeting.save(update_fields=["status", "sequence", "updated_at"])
            counts["cancelled"] += 1
            _notify_change(meeting, method="CANCEL")
    subscribers = list(SeriesRegistration.objects.filter(series=series).select_related("user"))
    for meeting in new_meetings:
        for subscription in subscribers:
            if participation_refusal(subscription.user) is None:
                _register_locked(meeting=meeting, user=subscription.user, notify=False)
    return counts


def meeting_series_generate_all(*, until: dt.date) -> dict[str, int]:
    totals: dict[str, int] = {}
    for series in MeetingSeries.objects.filter(active=True):
        for key, value in meeting_series_generate(series=series, until=until).items():
            totals[key] = totals.get(key, 0) + value
    return totals


# --- RSVP -------------------------------------------------------------------------------------


def _check_can_register(*, meeting: Meeting, user) -> None:
    refusal = participation_refusal(user)
    if refusal:
        raise RegistrationRefused(refusal)
    if meeting.status == MeetingStatus.CANCELLED:
        raise RegistrationRefused(_("This meeting has been cancelled."))
    if meeting.ends_at <= timezone.now():
        raise RegistrationRefused(_("This meeting has already taken place."))


def _register_locked(*, meeting: Meeting, user, notify: bool = True) -> Registration:
    """Register with the meeting row already locked by the caller's transaction."""
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration and registration.status != RegistrationStatus.CANCELLED:
        return registration
    registered = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).count()
    has_room = meeting.capacity is None or registered < meeting.capacity
    if registration is None:
        registration = Registration(meeting=meeting, user=user)
    if has_room:
        registration.status = RegistrationStatus.REGISTERED
        registration.waitlist_position = None
    else:
        last = Registration.objects.filter(meeting=meeting).aggregate(m=Max("waitlist_position"))
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = (last["m"] or 0) + 1
    registration.attended = None
    registration.full_clean(validate_unique=False, validate_constraints=False)
    registration.save()
    if notify:
        from .tasks import send_registration_confirmation

        _on_commit_task(
            send_registration_confirmation,
            registration_id=registration.pk,
            status=registration.status,
        )
    return registration


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def meeting_register(*, meeting: Meeting, user) -> Registration:
    """Register a member (or put them on the waiting list when full). Safe under concurrent
    requests: the meeting row is locked while seats are counted. Re-registering is a no-op."""
    meeting = _lock_meeting(meeting)
    _check_can_register(meeting=meeting, user=user)
    try:
        with transaction.atomic():
            return _register_locked(meeting=meeting, user=user)
    except IntegrityError as error:  # the unique constraint: a parallel request won
        raise RegistrationRefused(_("You are already registered for this meeting.")) from error


@transaction.atomic
def meeting_series_register(*, series: MeetingSeries, user) -> list[Registration]:
    """Register for every future meeting of the series, including ones generated later."""
    refusal = participation_refusal(user)
    if refusal:
        raise RegistrationRefused(refusal)
    SeriesRegistration.objects.get_or_create(series=series, user=user)
    registrations = []
    upcoming = Meeting.objects.filter(
        series=series, status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now()
    ).order_by("starts_at")
    for meeting in upcoming:
        meeting = _lock_meeting(meeting)
        registrations.append(_register_locked(meeting=meeting, user=user, notify=False))
    if registrations:
        from .tasks import send_series_confirmation

        _on_commit_task(send_series_confirmation, series_id=series.pk, user_id=user.pk)
    return registrations


def _promote_locked(meeting: Meeting) -> list[Registration]:
    promoted = []
    if meeting.status == MeetingStatus.CANCELLED:
        return promoted
    registered = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).count()
    while meeting.capacity is None or registered < meeting.capacity:
        candidate = (
            Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITLISTED)
            .order_by("waitlist_position", "created_at", "pk")
            .first()
        )
        if candidate is None:
            break
        candidate.status = RegistrationStatus.REGISTERED
        candidate.waitlist_position = None
        candidate.save(update_fields=["status", "waitlist_position", "updated_at"])
        promoted.append(candidate)
        registered += 1
        from .tasks import send_registration_confirmation

        _on_commit_task(
            send_registration_confirmation,
            registration_id=candidate.pk,
            status="promoted",
        )
    return promoted


@transaction.atomic
def meeting_promote_waitlist(*, meeting: Meeting) -> list[Registration]:
    """Fill free seats from the waiting list in order (after a cancellation or more capacity)."""
    return _promote_locked(_lock_meeting(meeting))


@transaction.atomic
def registration_cancel(*, meeting: Meeting, user, notify: bool = True) -> Registration | None:
    """Cancel a member's registration; a freed seat goes to the first on the waiting list. The
    member is sent a confirmation, with a calendar cancellation for a place they held."""
    meeting = _lock_meeting(meeting)
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return registration
    was_registered = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    registration.save(update_fields=["status", "waitlist_position", "updated_at"])
    if notify:
        from .tasks import send_registration_cancellation

        _on_commit_task(
            send_registration_cancellation,
            registration_id=registration.pk,
            cancelled_at=registration.updated_at.isoformat(),
            was_registered=was_registered,
        )
    _promote_locked(meeting)
    return registration


@transaction.atomic
def meeting_series_unregister(*, series: MeetingSeries, user) -> None:
    """Stop registering for new meetings of the series and cancel future registrations. One
    e-mail confirms it, with a calendar cancellation for each meeting they held a place at."""
    SeriesRegistration.objects.filter(series=series, user=user).delete()
    cancellations = []
    for registration in Registration.objects.filter(
        meeting__series=series, user=user, meeting__starts_at__gt=timezone.now()
    ).exclude(status=RegistrationStatus.CANCELLED):
        was_registered = registration.status == RegistrationStatus.REGISTERED
        cancelled = registration_cancel(meeting=registration.meeting, user=user, notify=False)
        cancellations.append([cancelled.pk, cancelled.updated_at.isoformat(), was_registered])
    if cancellations:
        from .tasks import send_series_cancellation

        _on_commit_task(
            send_series_cancellation,
            series_id=series.pk,
            user_id=user.pk,
            cancellations=cancellations,
        )


@transaction.atomic
def registration_set_attendance(*, registration: Registration, attended: bool | None) -> None:
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])


# --- Organiser changes -------------------------------------------------------------------------


def _notify_change(
    meeting: Meeting, *, method: str, previous: tuple[dt.datetime, dt.datetime] | None = None
) -> None:
    """Queue the change notice. ``previous``: the (start, end) members had before this change,
    recorded now because the meeting row only keeps the new time; the e-mail states both."""
    from .tasks import send_meeting_change_notices

    times = {}
    if previous is not None:
        times = {
            "previous_starts_at": previous[0].isoformat(),
            "previous_ends_at": previous[1].isoformat(),
        }
    _on_commit_task(
        send_meeting_change_notices,
        meeting_id=meeting.pk,
        sequence=meeting.sequence,
        method=method,
        **times,
    )


@transaction.atomic
def meeting_move(*, meeting: Meeting, starts_at: dt.datetime, ends_at: dt.datetime) -> Meeting:
    """Move a meeting: new SEQUENCE, detached from its series, notices to attendees."""
    meeting = _lock_meeting(meeting)
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
    _notify_change(meeting, method="REQUEST", previous=previous_times)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """Cancel a meeting: STATUS:CANCELLED with a new SEQUENCE, notices to everyone registered."""
    meeting = _lock_meeting(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    meeting.status = MeetingStatus.CANCELLED
    meeting.detached = True
    meeting.sequence += 1
    meeting.save(update_fields=["status", "detached", "sequence", "updated_at"])
    _notify_change(meeting, method="CANCEL")
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
    _notify_change(
        meeting,
        method="CANCEL" if cancelled else "REQUEST",
        previous=(previous.starts_at, previous.ends_at) if time_changed else None,
    )
    return meeting


@transaction.atomic
def organiser_message_send(
    *, meeting: Meeting, sender, subject: str, body: str, include_waitlist: bool = False
) -> OrganiserMessage:
    message = OrganiserMessage(
        meeting=meeting,
        sender=sender,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
    )
    message.full_clean()
    message.save()
    from .tasks import send_organiser_message

    _on_commit_task(send_organiser_message, message_id=message.pk)
    return message


# --- Calendar feed tokens ----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_token_get_or_create(*, user) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_feed_token_regenerate(*, user) -> CalendarFeedToken:
    """A new secret; the old feed URL stops working at once."""
    token, created = CalendarFeedToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_feed_token()
        token.save(update_fields=["token", "updated_at"])
    return token


@transaction.atomic
def calendar_feed_token_revoke(*, user) -> None:
    CalendarFeedToken.objects.filter(user=user).delete()


# --- Data rights -------------------------------------------------------------------------------


def registrations_export(user) -> list[dict]:
    return [
        {
            "meeting": registration.meeting.title,
            "meeting_url": absolute_url(registration.meeting),
            "starts_at": registration.meeting.starts_at.isoformat(),
            "status": registration.status,
            "waitlist_position": registration.waitlist_position,
            "attended": registration.attended,
            "registered_at": registration.created_at.isoformat(),
        }
        for registration in Registration.objects.filter(user=user)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    ] + [
        {"series": subscription.series.title, "all_future_meetings": True}
        for subscription in SeriesRegistration.objects.filter(user=user).select_related("series")
    ]


@transaction.atomic
def registrations_erase(*, user) -> None:
    """Delete the member's registrations and feed token; freed seats go to the waiting list."""
    freed = list(
        Registration.objects.filter(
            user=user, status=RegistrationStatus.REGISTERED, meeting__ends_at__gt=timezone.now()
        ).values_list("meeting_id", flat=True)
    )
    Registration.objects.filter(user=user).delete()
    SeriesRegistration.objects.filter(user=user).delete()
    CalendarFeedToken.objects.filter(user=user).delete()
    for meeting in Meeting.objects.filter(pk__in=freed):
        _promote_locked(_lock_meeting(meeting))


def slug_for_meeting(*, title: str, starts_at: dt.datetime) -> str:
    base = slugify(f"{title} {starts_at.astimezone(LONDON):%Y-%m-%d}")[:130] or "meeting"
    slug, counter = base, 2
    while Meeting.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug
