"""'Add to calendar' links for Google Calendar and Outlook (no join link: these are public)."""

from urllib.parse import urlencode

from .calendars import meeting_url
from .details import meeting_details_lines
from .models import Meeting

WAITING_PREFIX = "Waiting list: "
WAITING_NOTE = (
    "You are on the waiting list. This is not a confirmed place; we will email you if a place "
    "comes up."
)


def _details(meeting: Meeting, *, waitlisted: bool = False) -> str:
    text = "\n\n".join(meeting_details_lines(meeting))[:600]
    if waitlisted:
        text = f"{WAITING_NOTE}\n\n{text}"
    return f"{text}\n\n{meeting_url(meeting)}".strip()


def _title(meeting: Meeting, *, waitlisted: bool) -> str:
    return f"{WAITING_PREFIX}{meeting.title}" if waitlisted else meeting.title


def google_calendar_url(meeting: Meeting, *, waitlisted: bool = False) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    params = {
        "action": "TEMPLATE",
        "text": _title(meeting, waitlisted=waitlisted),
        "dates": f"{meeting.starts_at:{fmt}}/{meeting.ends_at:{fmt}}",
        "details": _details(meeting, waitlisted=waitlisted),
        "location": meeting.venue,
        "ctz": "Europe/London",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_calendar_url(meeting: Meeting, *, waitlisted: bool = False) -> str:
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": _title(meeting, waitlisted=waitlisted),
        "startdt": f"{meeting.starts_at:{fmt}}",
        "enddt": f"{meeting.ends_at:{fmt}}",
        "body": _details(meeting, waitlisted=waitlisted),
        "location": meeting.venue,
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(params)
