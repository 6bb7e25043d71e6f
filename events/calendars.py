"""iCalendar (RFC 5545) files for meetings: per event, the public feed and personal feeds.

Times carry ``TZID=Europe/London`` with a VTIMEZONE (never a "GMT" label); the UID is stable per
occurrence (derived from the series and the original date, or the meeting's primary key);
SEQUENCE is ``Meeting.sequence``; cancelled meetings have ``STATUS:CANCELLED``. The join link is
only ever added for ``for_user`` when that member is registered (not waitlisted); a meeting
``for_user`` is waiting for is marked "Waiting list: " in its SUMMARY, says their place in its
DESCRIPTION and is TENTATIVE (downloads and the personal feed).

Every file conforms to RFC 5546 (iTIP) for its METHOD (see docs/calendars.md):

- PUBLISH (downloads and subscribed feeds): ORGANIZER, no ATTENDEE, any number of events.
- REQUEST (every file e-mailed to a registered member: confirmation, change, reminder): ORGANIZER
  (the site's from-address, CN the site name) and one ATTENDEE (the member, PARTSTAT=ACCEPTED,
  RSVP=FALSE); one event (one UID) per file.
- CANCEL (the organiser cancelled, or the member cancelled their place): the same ORGANIZER and
  ATTENDEE, STATUS:CANCELLED, a higher SEQUENCE than anything the member received before.
"""

from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from core.http import absolute_url

from .details import meeting_details_lines
from .enums import MeetingMode, MeetingStatus, RegistrationStatus
from .models import EventEmail, Meeting, Registration
from .selectors import waitlist_places
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


# Europe/London as calendar programs themselves write it: the UK rules since 1996 as two RRULEs.
# (icalendar's generated VTIMEZONE lists every change as RDATEs after a 1970 "BST" of +01:00, and
# parsers that read VTIMEZONE rules, such as dateutil behind vobject, put every date at +01:00.)
LONDON_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/London\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0000\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:BST\r\n"
    "DTSTART:19960331T010000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0000\r\n"
    "TZNAME:GMT\r\n"
    "DTSTART:19961027T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


def add_london_timezone(calendar: Calendar) -> None:
    """The VTIMEZONE every DTSTART;TZID=Europe/London refers to."""
    calendar.add_component(Timezone.from_ical(LONDON_VTIMEZONE))


# EventEmail key of a member's own cancellation of their place (one per cancellation).
WITHDRAWAL_KEY = "rsvp-cancel:{meeting_id}:{stamp}"
SCHEDULING_METHODS = ("REQUEST", "CANCEL")


def organizer_address() -> vCalAddress:
    """ORGANIZER: the address the site's e-mails come from, with the site's name as CN."""
    display_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = vText(getattr(settings, "WAGTAIL_SITE_NAME", "") or display_name)
    return organizer


def attendee_address(user) -> vCalAddress:
    """ATTENDEE: the member the file is sent to, who has accepted (registered) already."""
    attendee = vCalAddress(f"mailto:{user.email}")
    if getattr(user, "name", ""):
        attendee.params["CN"] = vText(user.name)
    attendee.params["CUTYPE"] = "INDIVIDUAL"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "ACCEPTED"
    attendee.params["RSVP"] = "FALSE"
    return attendee


def member_withdrawals(*, meeting: Meeting, user) -> int:
    """How many times this member cancelled their own place in this meeting (from the ledger)."""
    prefix = WITHDRAWAL_KEY.format(meeting_id=meeting.pk, stamp="")
    return EventEmail.objects.filter(user=user, key__startswith=prefix).count()


def member_sequence(*, meeting: Meeting, user, withdrawal: bool = False) -> int:
    """SEQUENCE of the copy of ``meeting`` in this member's calendar.

    ``Meeting.sequence`` grows with every organiser change; each time the member cancels their own
    place the CANCEL must outrank the invitation they had, and a later re-registration must
    outrank that CANCEL, without touching the meeting's sequence (reminders key on it). So the
    member's copy is ``Meeting.sequence + 2 x withdrawals`` and their own CANCEL is one less
    than that, counting the withdrawal being sent: always higher than anything sent before."""
    withdrawals = member_withdrawals(meeting=meeting, user=user)
    return meeting.sequence + 2 * withdrawals - (1 if withdrawal else 0)


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


def _event(
    meeting: Meeting,
    *,
    with_join_link: bool,
    method: str,
    sequence: int,
    attendee=None,
    waitlist_place: int | None = None,
) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(LONDON))
    event.add("dtend", meeting.ends_at.astimezone(LONDON))
    event.add("sequence", sequence)
    event.add("organizer", organizer_address())
    if attendee is not None:
        event.add("attendee", attendee_address(attendee))
    summary = meeting.title
    cancelled = meeting.status == MeetingStatus.CANCELLED or method == "CANCEL"
    waiting = waitlist_place is not None and not cancelled
    if cancelled:
        summary = f"Cancelled: {meeting.title}"
    elif waiting:
        summary = f"Waiting list: {meeting.title}"
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "TENTATIVE" if waiting else "CONFIRMED")
    url = meeting_url(meeting)
    event.add("url", url)
    lines = []
    if waiting:
        lines.append(
            f"Waiting list: you are number {waitlist_place} on the waiting list. This is not a "
            "confirmed place; we will email you if a place comes up."
        )
    lines.extend(meeting_details_lines(meeting))
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
    withdrawal: bool = False,
) -> bytes:
    """Build a calendar. ``for_user``: add join links for meetings this member is registered for.
    ``method``: PUBLISH (downloads and feeds), REQUEST (what is e-mailed to a registered member:
    confirmations, changes, reminders) or CANCEL. REQUEST and CANCEL are addressed to
    ``for_user`` (ORGANIZER + ATTENDEE) and carry exactly one meeting, as RFC 5546 requires one
    UID per scheduling message. ``withdrawal``: a CANCEL because the member cancelled their own
    place (the meeting itself goes ahead)."""
    meetings = list(meetings)
    scheduling = method in SCHEDULING_METHODS
    if scheduling and (for_user is None or len(meetings) != 1):
        raise ValueError(f"METHOD:{method} is addressed to one member about one meeting.")
    registered = _registered_ids(meetings, for_user)
    waiting = (
        {}
        if scheduling
        else waitlist_places(user=for_user, meeting_ids=[m.pk for m in meetings])
        if for_user is not None
        else {}
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    calendar.add("x-wr-timezone", "Europe/London")
    add_london_timezone(calendar)
    for meeting in meetings:
        if scheduling:
            sequence = member_sequence(meeting=meeting, user=for_user, withdrawal=withdrawal)
        else:
            sequence = meeting.sequence
        calendar.add_component(
            _event(
                meeting,
                with_join_link=meeting.pk in registered and not withdrawal,
                method=method,
                sequence=sequence,
                attendee=for_user if scheduling else None,
                waitlist_place=waiting.get(meeting.pk),
            )
        )
    return calendar.to_ical()
