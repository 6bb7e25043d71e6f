"""iCalendar (RFC 5545) files for meetings: per event, the public feed and personal feeds.

Times carry ``TZID=Europe/London`` with a VTIMEZONE (never a "GMT" label); the UID is stable per
occurrence (derived from the series and the original date, or the meeting's primary key);
SEQUENCE is ``Meeting.sequence``; cancelled meetings have ``STATUS:CANCELLED``. The join link is
only ever added for ``for_user`` when that member is registered (not waitlisted).
"""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.functional import lazy
from icalendar import Calendar, Event, vText

from participation.http import absolute_url

from .enums import MeetingMode, MeetingStatus, RegistrationStatus
from .models import Meeting, Registration
from .timezones import LONDON

PRODID = "-//Public participation in data and AI//Meetings//EN"
UID_DOMAIN = "events.participation"


def meeting_uid(meeting: Meeting) -> str:
    """Stable across regenerations: a series occurrence keeps the UID of its original date."""
    if meeting.series_id and meeting.occurrence_key:
        return f"series-{meeting.series_id}-{meeting.occurrence_key:%Y%m%d}@{UID_DOMAIN}"
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def meeting_url(meeting: Meeting) -> str:
    return absolute_url(meeting)


# For e-mails: the link in the member's language (/cy/... for Welsh), worked out when the e-mail
# is rendered inside community.emails.send_member_email.
meeting_url_lazy = lazy(meeting_url, str)


def _registered_ids(meetings: list[Meeting], user) -> set[int]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Registration.objects.filter(
            user=user,
            meeting__in=[m.pk for m in meetings],
            status=RegistrationStatus.REGISTERED,
        ).values_list("meeting_id", flat=True)
    )


def _event(meeting: Meeting, *, with_join_link: bool, method: str) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(LONDON))
    event.add("dtend", meeting.ends_at.astimezone(LONDON))
    event.add("sequence", meeting.sequence)
    summary = meeting.title
    cancelled = meeting.status == MeetingStatus.CANCELLED or method == "CANCEL"
    if cancelled:
        summary = f"Cancelled: {meeting.title}"
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    url = meeting_url(meeting)
    event.add("url", url)
    lines = []
    if meeting.agenda:
        lines.append(meeting.agenda)
    lines.append(f"Details: {url}")
    if with_join_link and meeting.join_url and not cancelled:
        lines.append(f"Join online: {meeting.join_url}")
    elif meeting.mode != MeetingMode.IN_PERSON and not cancelled:
        lines.append("The joining link is on the event page for registered attendees.")
    if meeting.chatham_house:
        lines.append("This meeting is held under the Chatham House rule.")
    event.add("description", "\n\n".join(lines))
    if meeting.venue:
        event.add("location", meeting.venue)
    elif with_join_link and meeting.join_url and not cancelled:
        event.add("location", vText(meeting.join_url))
    else:
        event.add("location", "Online" if meeting.mode == MeetingMode.ONLINE else "")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at)
    return event


def meeting_ics(
    *,
    meetings: Iterable[Meeting],
    for_user=None,
    method: str = "PUBLISH",
    name: str | None = None,
) -> bytes:
    """Build a calendar. ``for_user``: add join links for meetings this member is registered for.
    ``method``: PUBLISH (downloads and feeds), REQUEST (invitations, changes) or CANCEL."""
    meetings = list(meetings)
    registered = _registered_ids(meetings, for_user)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        calendar.add_component(
            _event(meeting, with_join_link=meeting.pk in registered, method=method)
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
