"""Check a calendar file against RFC 5546 (iTIP) for its METHOD with two independent parsers:
``icalendar`` (what the site builds the files with) and ``vobject`` (a separate implementation),
so a file one library writes and reads back but others would not understand still fails.

The table (RFC 5546 section 3.2, VEVENT):

    method   ORGANIZER  ATTENDEE  SEQUENCE                 STATUS               UIDs per file
    PUBLISH  1          0         0 or 1 (present if > 0)  any                  any
    REQUEST  1          1+        0 or 1 (present if > 0)  not CANCELLED        exactly one
    CANCEL   1          0+        1                        CANCELLED (whole)    exactly one

The site always writes SEQUENCE and, for REQUEST/CANCEL, exactly one ATTENDEE (the member).
"""

import datetime as dt
from dataclasses import dataclass

import vobject
from icalendar import Calendar

LONDON = "Europe/London"


@dataclass
class ParsedEvent:
    uid: str
    sequence: int
    status: str
    organizer: str | None
    attendees: list[str]
    attendee_params: list[dict]
    dtstart: dt.datetime
    dtstart_tzid: str | None
    summary: str


@dataclass
class ParsedCalendar:
    method: str
    timezones: list[str]
    events: list[ParsedEvent]


def _with_icalendar(content: bytes) -> ParsedCalendar:
    calendar = Calendar.from_ical(content)
    events = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        organizer = event.get("ORGANIZER")
        events.append(
            ParsedEvent(
                uid=str(event["UID"]),
                sequence=int(event["SEQUENCE"]),
                status=str(event.get("STATUS", "")),
                organizer=str(organizer) if organizer is not None else None,
                attendees=[str(a) for a in attendees],
                attendee_params=[
                    {k.upper(): str(v) for k, v in a.params.items()} for a in attendees
                ],
                dtstart=event.decoded("DTSTART"),
                dtstart_tzid=event["DTSTART"].params.get("TZID"),
                summary=str(event.get("SUMMARY", "")),
            )
        )
    return ParsedCalendar(
        method=str(calendar.get("METHOD", "")),
        timezones=[str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")],
        events=events,
    )


def _with_vobject(content: bytes) -> ParsedCalendar:
    calendar = vobject.readOne(content.decode("utf-8"))
    events = []
    for event in getattr(calendar, "vevent_list", []):
        attendees = getattr(event, "attendee_list", [])
        organizer = getattr(event, "organizer", None)
        status = getattr(event, "status", None)
        events.append(
            ParsedEvent(
                uid=event.uid.value,
                sequence=int(event.sequence.value),
                status=status.value if status is not None else "",
                organizer=organizer.value if organizer is not None else None,
                attendees=[a.value for a in attendees],
                attendee_params=[
                    {k.upper(): ",".join(v) for k, v in a.params.items()} for a in attendees
                ],
                dtstart=event.dtstart.value,
                # vobject moves the TZID parameter it resolved into X-VOBJ-ORIGINAL-TZID
                dtstart_tzid=(
                    event.dtstart.params.get("TZID")
                    or event.dtstart.params.get("X-VOBJ-ORIGINAL-TZID")
                    or [None]
                )[0],
                summary=event.summary.value if hasattr(event, "summary") else "",
            )
        )
    return ParsedCalendar(
        method=calendar.method.value if hasattr(calendar, "method") else "",
        timezones=[tz.tzid.value for tz in getattr(calendar, "vtimezone_list", [])],
        events=events,
    )


PARSERS = {"icalendar": _with_icalendar, "vobject": _with_vobject}


def assert_itip(
    content: bytes,
    *,
    method: str,
    uid: str | None = None,
    sequence: int | None = None,
    status: str | None = None,
    attendee_email: str | None = None,
    organizer_email: str | None = None,
    start: dt.datetime | None = None,
) -> list[ParsedCalendar]:
    """Parse ``content`` with both parsers and check, with each, RFC 5546's rules for ``method``
    and the expected values. Returns both parses (icalendar's first)."""
    parsed = []
    for name, parse in PARSERS.items():
        calendar = parse(content)
        where = f"[{name}]"
        assert calendar.method == method, (where, calendar.method)
        assert calendar.events, (where, "no VEVENT")
        assert LONDON in calendar.timezones, (where, "no VTIMEZONE for Europe/London")
        if method in ("REQUEST", "CANCEL"):
            assert len({e.uid for e in calendar.events}) == 1, (where, "one UID per message")
        for event in calendar.events:
            assert event.organizer and event.organizer.lower().startswith("mailto:"), where
            if organizer_email:
                assert event.organizer.lower() == f"mailto:{organizer_email}".lower(), where
            assert event.dtstart_tzid == LONDON, (where, event.dtstart_tzid)
            assert event.dtstart.tzinfo is not None, where
            if method == "PUBLISH":
                assert event.attendees == [], (where, "PUBLISH carries no ATTENDEE")
            else:
                assert len(event.attendees) == 1, (where, event.attendees)
                (params,) = event.attendee_params
                assert params.get("PARTSTAT") == "ACCEPTED", (where, params)
                assert params.get("RSVP") == "FALSE", (where, params)
                if attendee_email:
                    assert event.attendees[0].lower() == f"mailto:{attendee_email}".lower()
            if method == "REQUEST":
                assert event.status != "CANCELLED", where
            if method == "CANCEL":
                assert event.status == "CANCELLED", (where, event.status)
            if uid is not None:
                assert event.uid == uid, (where, event.uid, uid)
            if sequence is not None:
                assert event.sequence == sequence, (where, event.sequence, sequence)
            if status is not None:
                assert event.status == status, (where, event.status)
            if start is not None:
                assert event.dtstart == start, (where, event.dtstart, start)
        parsed.append(calendar)
    return parsed


def calendar_attachments(message) -> list[tuple[str, bytes, str]]:
    """The text/calendar attachments of an e-mail, each as (filename, content, mimetype), with
    the MIME ``method=`` parameter checked against the file's METHOD."""
    found = []
    for filename, content, mimetype in message.attachments:
        if not mimetype.startswith("text/calendar"):
            continue
        content = content.encode() if isinstance(content, str) else content
        file_method = str(Calendar.from_ical(content)["METHOD"])
        assert mimetype == f"text/calendar; method={file_method}", (mimetype, file_method)
        found.append((filename, content, mimetype))
    return found
