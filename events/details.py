"""A meeting's descriptive text (topic, host, description, agenda) as plain-text lines, for the
places that describe a meeting outside its page: the .ics DESCRIPTION and the "add to calendar"
links. An occurrence's empty fields take its series' text (``Meeting.effective_*``). Calendar
files are written in English, like the rest of ``events.calendars``."""

from .models import Meeting


def meeting_details_lines(meeting: Meeting) -> list[str]:
    lines = []
    if meeting.topic.strip():
        lines.append(f"Topic: {meeting.topic.strip()}")
    if meeting.effective_host:
        lines.append(f"Host: {meeting.effective_host}")
    if meeting.effective_description:
        lines.append(meeting.effective_description)
    if meeting.effective_agenda:
        lines.append(f"Agenda:\n{meeting.effective_agenda}")
    return lines
