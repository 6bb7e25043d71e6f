"""'Add to calendar' links for Google Calendar and Outlook (no join link: these are public)."""

from urllib.parse import urlencode

from .calendars import meeting_url
from .details import meeting_details_lines
from .models import Meeting


def _details(meeting: Meeting) -> str:
    text = "\n\n".join(meeting_details_lines(meeting))[:600]
    return f"{text}\n\n{meeting_url(meeting)}".strip()


def google_calendar_url(meeting: Meeting) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    params = {
        "action": "TEMPLATE",
        "text": meeting.title,
        "dates": f"{meeting.starts_at:{fmt}}/{meeting.ends_at:{fmt}}",
        "details": _details(meeting),
        "location": meeting.venue,
        "ctz": "Europe/London",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_calendar_url(meeting: Meeting) -> str:
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": meeting.title,
        "startdt": f"{meeting.starts_at:{fmt}}",
        "enddt": f"{meeting.ends_at:{fmt}}",
        "body": _details(meeting),
        "location": meeting.venue,
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(params)
