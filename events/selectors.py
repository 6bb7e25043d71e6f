"""Reads for events: listings, the next meeting, registrations and UK time display."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .enums import MeetingStatus, RegistrationStatus
from .models import (
    CalendarFeedToken,
    Meeting,
    OrganiserMessage,
    Registration,
    SeriesRegistration,
)
from .timezones import LONDON, to_london


def _clock(value: dt.datetime) -> str:
    """2pm, 3:15pm, 12 noon style (GOV.UK style guide)."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def _zone_label(value: dt.datetime) -> str:
    return "BST" if value.dst() else "GMT"


def _day(value: dt.datetime) -> str:
    """Day and month names in the active language ("Wednesday 9 April 2025")."""
    return dateformat.format(value, "l j F Y")


def uk_time_display(*, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """ "Wednesday 9 April 2025, 2pm to 3:15pm UK time (BST)" (zone from the start)."""
    start = to_london(starts_at)
    end = to_london(ends_at)
    if start.date() == end.date():
        text = _("%(day)s, %(start)s to %(end)s UK time (%(zone)s)") % {
            "day": _day(start),
            "start": _clock(start),
            "end": _clock(end),
            "zone": _zone_label(start),
        }
        if _zone_label(end) != _zone_label(start):  # pragma: no cover - only across a DST change
            text = _("%(day)s, %(start)s (%(zone)s) to %(end)s UK time (%(end_zone)s)") % {
                "day": _day(start),
                "start": _clock(start),
                "zone": _zone_label(start),
                "end": _clock(end),
                "end_zone": _zone_label(end),
            }
        return text
    text = _("%(start_day)s, %(start)s (%(zone)s) to %(end_day)s, %(end)s UK time (%(end_zone)s)")
    return text % {
        "start_day": _day(start),
        "start": _clock(start),
        "zone": _zone_label(start),
        "end_day": _day(end),
        "end": _clock(end),
        "end_zone": _zone_label(end),
    }


# The same text, worked out when it is rendered: for e-mails, whose language is the member's and is
# chosen inside community.emails.send_member_email (docs/welsh.md).
uk_time_display_lazy = lazy(uk_time_display, str)


def meetings_published(*, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return Meeting.objects.filter(Q(publish_from__isnull=True) | Q(publish_from__lte=now))


def meetings_with_counts(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.select_related("series").annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def meetings_upcoming(*, limit: int | None = None, now: dt.datetime | None = None) -> list[Meeting]:
    """Published meetings not yet ended, soonest first (cancelled ones included, marked)."""
    now = now or timezone.now()
    queryset = meetings_published(now=now).filter(ends_at__gt=now).select_related("series")
    queryset = queryset.order_by("starts_at", "pk")
    if limit is not None:
        queryset = queryset[:limit]
    return list(queryset)


def meeting_next(*, now: dt.datetime | None = None) -> Meeting | None:
    """The next published meeting that is not cancelled, or None."""
    now = now or timezone.now()
    return (
        meetings_published(now=now)
        .filter(ends_at__gt=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("series")
        .order_by("starts_at", "pk")
        .first()
    )


def meeting_list(*, past: bool, kind: str | None = None, now: dt.datetime | None = None):
    now = now or timezone.now()
    queryset = meetings_published(now=now).select_related("series")
    if past:
        queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def registration_for(*, meeting: Meeting, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(meeting=meeting, user=user).first()


def series_registered(*, meeting: Meeting, user) -> bool:
    """Registered for every future meeting of ``meeting``'s series."""
    if not meeting.series_id or not user.is_authenticated:
        return False
    return SeriesRegistration.objects.filter(series_id=meeting.series_id, user=user).exists()


def user_is_registered(*, meeting: Meeting, user) -> bool:
    """Registered (not waitlisted, not cancelled): the only people who see the join link."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(
        meeting=meeting, user=user, status=RegistrationStatus.REGISTERED
    ).exists()


def registrations_for_user(*, user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("meeting", "meeting__series")
        .order_by("meeting__starts_at", "pk")
    )


@dataclass(frozen=True)
class MemberEvents:
    """What the account page's "Your events" lists (``member_events``)."""

    upcoming: list[Registration]  # registered or waiting, soonest first; waiting ones have .place
    series: list[SeriesRegistration]
    attended: list[Registration]  # past meetings marked attended, newest first


def member_events(*, user, now: dt.datetime | None = None, past_limit: int = 10) -> MemberEvents:
    """The member's upcoming meetings (registered, or waiting with their place), the series
    they follow and the past meetings they attended. Four queries, whatever the numbers."""
    now = now or timezone.now()
    upcoming = list(
        Registration.objects.filter(
            user=user,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
            meeting__ends_at__gt=now,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    places = waitlist_places(
        user=user,
        meeting_ids=[r.meeting_id for r in upcoming if r.status == RegistrationStatus.WAITLISTED],
    )
    for registration in upcoming:
        registration.place = places.get(registration.meeting_id)
        registration.meeting.time_display = uk_time_display(
            starts_at=registration.meeting.starts_at, ends_at=registration.meeting.ends_at
        )
    next_meeting = (
        meetings_published(now=now)
        .filter(series_id=OuterRef("series_id"), ends_at__gt=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
    series = list(
        SeriesRegistration.objects.filter(user=user)
        .select_related("series")
        .annotate(
            next_slug=Subquery(next_meeting.values("slug")[:1]),
            next_starts_at=Subquery(next_meeting.values("starts_at")[:1]),
        )
        .order_by("series__title", "pk")
    )
    attended = list(
        Registration.objects.filter(user=user, attended=True, meeting__ends_at__lte=now)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-pk")[:past_limit]
    )
    return MemberEvents(upcoming=upcoming, series=series, attended=attended)


def calendar_feed_token_for(*, user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user).first()


def registration_statuses_for(*, user, meetings: list[Meeting]) -> dict[int, str]:
    """{meeting id: my registration status} for a page of meetings, in one query."""
    if not getattr(user, "is_authenticated", False) or not meetings:
        return {}
    return dict(
        Registration.objects.filter(user=user, meeting__in=[m.pk for m in meetings])
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("meeting_id", "status")
    )


def meeting_counts(*, meeting: Meeting) -> dict[str, int | None]:
    counts = Registration.objects.filter(meeting=meeting).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    places_left = None
    if meeting.capacity is not None:
        places_left = max(meeting.capacity - counts["registered"], 0)
    return {**counts, "places_left": places_left}


@dataclass(frozen=True)
class RsvpState:
    """Where the viewer stands with a meeting, for a short status line (home page).

    ``state`` is one of ``signed_out``, ``registered``, ``waitlisted`` (with ``waitlist_place``,
    1 = next to be offered a place), ``full`` (no place left: the viewer can join the waiting
    list) or ``open`` (places left, or no limit)."""

    state: str
    waitlist_place: int | None = None


def waitlist_places(*, user, meeting_ids) -> dict[int, int]:
    """THE waiting-list position: {meeting id: this member's place} for every meeting in
    ``meeting_ids`` where they are waiting, 1 for the next person to be offered a place. The
    order is the one ``services.registrations.waitlist_promote_locked`` promotes in (position,
    then time, then id). One query, whatever the number of meetings or people waiting."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return _waitlist_places(user_id=user.pk, meeting_ids=meeting_ids)


def _waitlist_places(*, user_id: int, meeting_ids) -> dict[int, int]:
    meeting_ids = list(meeting_ids)
    if not meeting_ids:
        return {}
    ahead = (
        Registration.objects.filter(
            meeting_id=OuterRef("meeting_id"), status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(waitlist_position__lt=OuterRef("waitlist_position"))
            | Q(
                waitlist_position=OuterRef("waitlist_position"),
                created_at__lt=OuterRef("created_at"),
            )
            | Q(
                waitlist_position=OuterRef("waitlist_position"),
                created_at=OuterRef("created_at"),
                pk__lt=OuterRef("pk"),
            )
        )
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mine = (
        Registration.objects.filter(
            user_id=user_id, meeting_id__in=meeting_ids, status=RegistrationStatus.WAITLISTED
        )
        .annotate(ahead=Coalesce(Subquery(ahead), 0))
        .values_list("meeting_id", "ahead")
    )
    return {meeting_id: count + 1 for meeting_id, count in mine}


def registration_waitlist_place(*, registration: Registration) -> int:
    """This waitlisted registration's place (``waitlist_places``); one query."""
    places = _waitlist_places(user_id=registration.user_id, meeting_ids=[registration.meeting_id])
    return places.get(registration.meeting_id, 1)


def meeting_rsvp_state(*, meeting: Meeting, user) -> RsvpState:
    """The viewer's own state for ``meeting`` (at most two queries, whatever the numbers)."""
    if not getattr(user, "is_authenticated", False):
        return RsvpState(state="signed_out")
    mine = (
        Registration.objects.filter(meeting=meeting, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .only("pk", "meeting_id", "status", "waitlist_position", "created_at")
        .first()
    )
    if mine is not None and mine.status == RegistrationStatus.REGISTERED:
        return RsvpState(state="registered")
    if mine is not None:
        return RsvpState(
            state="waitlisted", waitlist_place=registration_waitlist_place(registration=mine)
        )
    if meeting.capacity is not None:
        registered = Registration.objects.filter(
            meeting=meeting, status=RegistrationStatus.REGISTERED
        ).count()
        if registered >= meeting.capacity:
            return RsvpState(state="full")
    return RsvpState(state="open")


def meeting_related_case_studies(*, meeting: Meeting) -> list:
    """Live case studies discussed at the meeting (empty until that relation exists)."""
    field = getattr(meeting, "case_studies", None)
    if field is None:
        return []
    return list(field.live().public()) if hasattr(field, "live") else list(field.all())


def meetings_for_public_feed(*, now: dt.datetime, cancelled_days: int = 30) -> list[Meeting]:
    """Upcoming published meetings (cancelled ones included so subscribers see them cancelled)
    and anything cancelled in the last ``cancelled_days`` days."""
    since = now - dt.timedelta(days=cancelled_days)
    return list(
        meetings_published(now=now)
        .filter(
            Q(ends_at__gt=now)
            | Q(status=MeetingStatus.CANCELLED, updated_at__gte=since, ends_at__gt=since)
        )
        .select_related("series")  # occurrences' inherited texts in DESCRIPTION
        .order_by("starts_at", "pk")
    )


def meetings_for_personal_feed(*, user) -> list[Meeting]:
    """Meetings I am registered or waitlisted for, from 90 days ago on (including cancelled)."""
    since = timezone.now() - dt.timedelta(days=90)
    return list(
        Meeting.objects.filter(
            registrations__user=user,
            registrations__status__in=[
                RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITLISTED,
            ],
            ends_at__gt=since,
        )
        .distinct()
        .select_related("series")  # occurrences' inherited texts in DESCRIPTION
        .order_by("starts_at", "pk")
    )


def meetings_for_dashboard(*, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    since = now - dt.timedelta(days=14)
    return meetings_with_counts(Meeting.objects.filter(ends_at__gt=since)).order_by(
        "starts_at", "pk"
    )


def meetings_discussing_case_study(*, case_study) -> list[Meeting]:
    """Published meetings that discussed this case study, newest first (one query)."""
    return list(
        meetings_published()
        .filter(case_studies=case_study)
        .order_by("-starts_at", "pk")
        .only("title", "slug", "starts_at", "ends_at", "status")
    )


def meeting_free_slug(*, title: str, starts_at: dt.datetime) -> str:
    """A slug no meeting has yet, from the title and the UK date (for a new meeting without one)."""
    base = slugify(f"{title} {starts_at.astimezone(LONDON):%Y-%m-%d}")[:130] or "meeting"
    slug, counter = base, 2
    while Meeting.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def organiser_message_sent_with(*, send_token) -> OrganiserMessage:
    """The organiser message a preview form's one-time token sent (it must have sent one)."""
    return OrganiserMessage.objects.select_related("meeting").get(send_token=send_token)
