"""ICS files and feeds: parse, round trip, TZID, VTIMEZONE, UID, SEQUENCE, cancelled, join links."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from events.calendars import meeting_ics
from events.enums import RegistrationStatus
from events.models import CalendarFeedToken, Meeting
from events.services import (
    calendar_feed_token_regenerate,
    meeting_cancel,
    meeting_move,
    meeting_register,
    meeting_series_generate,
)
from tests.factories.events import MeetingFactory, MeetingSeriesFactory, RegistrationFactory
from tests.factories.users import UserFactory

UTC = dt.UTC
JOIN = "https://meet.example.org/secret-join-link"
pytestmark = pytest.mark.django_db


def parse(content: bytes) -> Calendar:
    calendar = Calendar.from_ical(content)
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()  # round trip
    return calendar


def unfolded(content: bytes) -> str:
    """The ICS text with RFC 5545 line folding undone (so a folded link can't hide)."""
    return content.decode().replace("\r\n ", "").replace("\r\n\t", "")


def events_of(calendar: Calendar):
    return list(calendar.walk("VEVENT"))


def test_event_ics_has_london_tzid_vtimezone_and_no_gmt_label(client, meeting):
    meeting.starts_at = dt.datetime(2030, 4, 10, 13, 0, tzinfo=UTC)
    meeting.ends_at = dt.datetime(2030, 4, 10, 14, 15, tzinfo=UTC)
    meeting.save()
    response = client.get(reverse("events:meeting_ics", kwargs={"slug": meeting.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = parse(response.content)
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/London"]
    (event,) = events_of(calendar)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2030, 4, 10, 14, 0)
    assert event.decoded("DTSTART").astimezone(UTC) == meeting.starts_at
    assert b"DTSTART;TZID=Europe/London:20300410T140000" in response.content
    assert b"GMT" not in response.content.split(b"BEGIN:VEVENT")[1]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert meeting.get_absolute_url() in str(event["DESCRIPTION"])
    assert JOIN not in unfolded(response.content)  # anonymous


def test_uid_stable_and_sequence_increases_on_change(django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2024, 12, 1, tzinfo=UTC), tick=False):
        series = MeetingSeriesFactory()
        meeting_series_generate(
            series=series, since=dt.date(2025, 1, 1), until=dt.date(2025, 6, 30)
        )
        meeting = Meeting.objects.get(series=series, occurrence_key=dt.date(2025, 4, 9))
        before = events_of(parse(meeting_ics(meetings=[meeting])))[0]
        meeting_series_generate(
            series=series, since=dt.date(2025, 1, 1), until=dt.date(2025, 6, 30)
        )
        again = events_of(parse(meeting_ics(meetings=[Meeting.objects.get(pk=meeting.pk)])))[0]
        assert str(before["UID"]) == str(again["UID"])
        assert int(before["SEQUENCE"]) == int(again["SEQUENCE"]) == 0
        new_start = dt.datetime(2025, 4, 16, 13, 0, tzinfo=UTC)
        moved = meeting_move(
            meeting=meeting, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=1)
        )
        after_move = events_of(parse(meeting_ics(meetings=[moved])))[0]
        assert str(after_move["UID"]) == str(before["UID"])
        assert int(after_move["SEQUENCE"]) == 1
        cancelled = meeting_cancel(meeting=moved)
        # A CANCEL is addressed to a member (RFC 5546: ORGANIZER and ATTENDEE)
        after_cancel = events_of(
            parse(meeting_ics(meetings=[cancelled], for_user=UserFactory(), method="CANCEL"))
        )[0]
        assert str(after_cancel["UID"]) == str(before["UID"])
        assert int(after_cancel["SEQUENCE"]) == 2
        assert str(after_cancel["STATUS"]) == "CANCELLED"


def test_public_feed_lists_upcoming_and_cancelled_without_join_links(client):
    upcoming = MeetingFactory(title="Upcoming meeting")
    cancelled = MeetingFactory(title="Cancelled meeting")
    meeting_cancel(meeting=cancelled)
    old = MeetingFactory(
        title="Long past",
        starts_at=dt.datetime(2020, 1, 1, 14, tzinfo=UTC),
        ends_at=dt.datetime(2020, 1, 1, 15, tzinfo=UTC),
    )
    member = UserFactory()
    RegistrationFactory(meeting=upcoming, user=member)
    client.force_login(member)  # even signed in, the public feed has no join links
    response = client.get(reverse("events:calendar_public"))
    calendar = parse(response.content)
    by_summary = {str(e["SUMMARY"]): e for e in events_of(calendar)}
    assert "Upcoming meeting" in by_summary
    assert str(by_summary["Cancelled: Cancelled meeting"]["STATUS"]) == "CANCELLED"
    assert old.title not in unfolded(response.content)
    assert JOIN not in unfolded(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_personal_feed_has_join_links_only_where_registered(client):
    member = UserFactory()
    registered = MeetingFactory(title="Registered one", capacity=1)
    full = MeetingFactory(
        title="Waitlisted one", capacity=0, join_url="https://meet.example.org/full"
    )
    meeting_register(meeting=registered, user=member)
    waiting = meeting_register(meeting=full, user=member)
    assert waiting.status == RegistrationStatus.WAITLISTED
    MeetingFactory(title="Not mine")
    token = CalendarFeedToken.objects.create(user=member)
    response = client.get(reverse("events:calendar_personal", kwargs={"token": token.token}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    calendar = parse(response.content)
    by_summary = {str(e["SUMMARY"]): e for e in events_of(calendar)}
    # Issue 19: a waiting-list entry says so (SUMMARY, DESCRIPTION, STATUS:TENTATIVE).
    assert set(by_summary) == {"Registered one", "Waiting list: Waitlisted one"}
    waiting_entry = by_summary["Waiting list: Waitlisted one"]
    assert "you are number 1 on the waiting list" in str(waiting_entry["DESCRIPTION"])
    assert str(waiting_entry["STATUS"]) == "TENTATIVE"
    assert JOIN in str(by_summary["Registered one"]["DESCRIPTION"])
    assert "https://meet.example.org/full" not in unfolded(response.content)


def test_regenerated_token_revokes_old_feed_url(client):
    member = UserFactory()
    old = CalendarFeedToken.objects.create(user=member).token
    new = calendar_feed_token_regenerate(user=member).token
    assert new != old
    assert client.get(reverse("events:calendar_personal", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("events:calendar_personal", kwargs={"token": new})).status_code == 200


def test_feed_token_create_regenerate_revoke_from_account(client):
    member = UserFactory()
    client.force_login(member)
    url = reverse("events:feed_token")
    assert client.post(url, {"action": "create"}).status_code == 302
    first = CalendarFeedToken.objects.get(user=member).token
    client.post(url, {"action": "regenerate"})
    assert CalendarFeedToken.objects.get(user=member).token != first
    client.post(url, {"action": "revoke"})
    assert not CalendarFeedToken.objects.filter(user=member).exists()


def test_event_ics_for_registered_member_has_join_link_but_not_for_waitlisted(client):
    meeting = MeetingFactory(capacity=1)
    attendee, waiting = UserFactory(), UserFactory()
    meeting_register(meeting=meeting, user=attendee)
    meeting_register(meeting=meeting, user=waiting)
    url = reverse("events:meeting_ics", kwargs={"slug": meeting.slug})
    client.force_login(attendee)
    assert JOIN in unfolded(client.get(url).content)
    client.force_login(waiting)
    assert JOIN not in unfolded(client.get(url).content)


def test_account_page_offers_the_personal_feed(client):
    member = UserFactory()
    client.force_login(member)
    page = client.get(reverse("community:account")).content.decode()
    assert "Your calendar feed" in page
    assert "Create my calendar link" in page
    client.post(reverse("events:feed_token"), {"action": "create"})
    token = CalendarFeedToken.objects.get(user=member).token
    page = client.get(reverse("community:account")).content.decode()
    assert f"/events/calendar/{token}.ics" in page
    assert "webcal://" in page
