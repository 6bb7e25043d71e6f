"""iCalendar files for an unconference schedule (TZID=Europe/London with a VTIMEZONE).

Downloads (the whole schedule, "my sessions"): METHOD:PUBLISH with an ORGANIZER and no ATTENDEE,
as RFC 5546 requires for PUBLISH. SEQUENCE is the published version minus one (0 for the first
release), so a calendar that imports a later version takes its times over the earlier ones."""

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from core.http import absolute_url
from events.calendars import add_london_timezone, organizer_address
from events.timezones import LONDON

from .models import ScheduleRelease, Session, Unconference

PRODID = "-//Public participation in data and AI//Unconferences//EN"


def session_uid(session: Session) -> str:
    return f"unconference-topic-{session.topic_id}@unconferences.participation"


def schedule_sequence(*, unconference: Unconference) -> int:
    latest = ScheduleRelease.objects.filter(unconference=unconference).order_by("-number").first()
    return max((latest.number - 1) if latest else 0, 0)


def schedule_ics(*, unconference: Unconference, sessions: Iterable[Session], name: str) -> bytes:
    sequence = schedule_sequence(unconference=unconference)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    add_london_timezone(calendar)
    for session in sessions:
        event = Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.slot.starts_at.astimezone(LONDON))
        event.add("dtend", session.slot.ends_at.astimezone(LONDON))
        event.add("sequence", sequence)
        event.add("status", "CONFIRMED")
        event.add("organizer", organizer_address())
        event.add("summary", session.topic.title)
        url = absolute_url(session)
        event.add("url", url)
        event.add("description", f"{session.topic.description}\n\n{url}")
        location = session.space.name
        if unconference.venue:
            location = f"{location}, {unconference.venue}"
        event.add("location", location)
        calendar.add_component(event)
    return calendar.to_ical()
