"""iCalendar files for an unconference schedule (TZID=Europe/London with a VTIMEZONE)."""

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from events.timezones import LONDON
from participation.http import absolute_url

from .models import Session, Unconference

PRODID = "-//Public participation in data and AI//Unconferences//EN"


def session_uid(session: Session) -> str:
    return f"unconference-topic-{session.topic_id}@unconferences.participation"


def schedule_ics(*, unconference: Unconference, sessions: Iterable[Session], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for session in sessions:
        event = Event()
        event.add("uid", session_uid(session))
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.slot.starts_at.astimezone(LONDON))
        event.add("dtend", session.slot.ends_at.astimezone(LONDON))
        event.add("summary", session.topic.title)
        url = absolute_url(session)
        event.add("url", url)
        event.add("description", f"{session.topic.description}\n\n{url}")
        location = session.space.name
        if unconference.venue:
            location = f"{location}, {unconference.venue}"
        event.add("location", location)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
