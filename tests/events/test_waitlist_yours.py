"""Issue 19 items 3 and 4: a waitlisted member's place (one selector, constant queries), their
calendar entries marked "Waiting list", and "Your events" on the account page."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from community import demo as community_demo
from community.models import User
from events import demo as events_demo
from events.enums import RegistrationStatus
from events.models import CalendarFeedToken, Meeting, Registration, SeriesRegistration
from events.selectors import member_events, waitlist_places
from events.services import meeting_register, registration_cancel
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _full_meeting(*, waiting: int, capacity: int = 1, **kwargs):
    meeting = MeetingFactory(capacity=capacity, **kwargs)
    people = [UserFactory() for _ in range(capacity + waiting)]
    for person in people:
        meeting_register(meeting=meeting, user=person)
    return meeting, people


def test_waitlist_places_follow_promotion_order_and_promotions():
    meeting, people = _full_meeting(waiting=3)
    attendee, first, second, third = people
    assert waitlist_places(user=third, meeting_ids=[meeting.pk]) == {meeting.pk: 3}
    assert waitlist_places(user=first, meeting_ids=[meeting.pk]) == {meeting.pk: 1}
    assert waitlist_places(user=attendee, meeting_ids=[meeting.pk]) == {}
    registration_cancel(meeting=meeting, user=attendee)  # first is promoted
    assert waitlist_places(user=third, meeting_ids=[meeting.pk]) == {meeting.pk: 2}
    registration_cancel(meeting=meeting, user=second)
    assert waitlist_places(user=third, meeting_ids=[meeting.pk]) == {meeting.pk: 1}


def test_waitlist_places_take_one_query_for_any_number_of_meetings():
    member = UserFactory()
    meetings = []
    for waiting_ahead in range(4):
        meeting, _people = _full_meeting(waiting=waiting_ahead)
        meeting_register(meeting=meeting, user=member)
        meetings.append(meeting)
    with CaptureQueriesContext(connection) as one:
        places = waitlist_places(user=member, meeting_ids=[meetings[0].pk])
    assert places == {meetings[0].pk: 1}
    with CaptureQueriesContext(connection) as many:
        places = waitlist_places(user=member, meeting_ids=[m.pk for m in meetings])
    assert places == {m.pk: n + 1 for n, m in enumerate(meetings)}
    assert len(one) == len(many) == 1


def _events(ics: bytes):
    return [c for c in Calendar.from_ical(ics).walk("VEVENT")]


def test_a_waitlisted_members_download_and_personal_feed_say_waiting_list(client):
    meeting, people = _full_meeting(waiting=2, title="Data charter workshop")
    waiting = people[2]
    client.force_login(waiting)
    (event,) = _events(client.get(f"/events/{meeting.slug}/event.ics").content)
    assert str(event["summary"]) == "Waiting list: Data charter workshop"
    assert "you are number 2 on the waiting list" in str(event["description"])
    assert str(event["status"]) == "TENTATIVE"

    client.post("/events/calendar-link/", {"action": "create"})
    token = CalendarFeedToken.objects.get(user=waiting).token
    feed = client.get(f"/events/calendar/{token}.ics")
    (event,) = _events(feed.content)
    assert str(event["summary"]) == "Waiting list: Data charter workshop"

    client.force_login(people[0])  # registered: a confirmed entry, no waiting-list mark
    (event,) = _events(client.get(f"/events/{meeting.slug}/event.ics").content)
    assert str(event["summary"]) == "Data charter workshop"
    assert str(event["status"]) == "CONFIRMED"


def test_meeting_page_calendar_links_say_the_member_is_waiting(client, home_page):
    meeting, people = _full_meeting(waiting=1, title="Design lab")
    client.force_login(people[1])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Add to Google Calendar (you are on the waiting list)" in html
    assert "Download a calendar file (.ics) (you are on the waiting list)" in html
    assert "text=Waiting+list%3A+Design+lab" in html
    client.force_login(people[0])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "(you are on the waiting list)" not in html
    assert "text=Design+lab" in html


def _section(client) -> str:
    html = client.get("/account/").content.decode()
    return html.split('id="section-events"', 1)[1].split("</section>", 1)[0]


def test_your_events_lists_registered_waiting_with_place_series_and_attended(client, home_page):
    member = UserFactory()
    now = timezone.now()
    registered = MeetingFactory(title="Procurement clinic")
    meeting_register(meeting=registered, user=member)
    full, _people = _full_meeting(waiting=2, title="Camden data charter")
    meeting_register(meeting=full, user=member)
    series = MeetingSeriesFactory(title="Monthly community meeting")
    next_in_series = MeetingFactory(series=series, title="April community meeting")
    SeriesRegistration.objects.create(series=series, user=member)
    past = MeetingFactory(
        title="Legal aid lessons",
        starts_at=now - dt.timedelta(days=10),
        ends_at=now - dt.timedelta(days=10, hours=-1),
    )
    Registration.objects.create(
        meeting=past, user=member, status=RegistrationStatus.REGISTERED, attended=True
    )
    client.force_login(member)
    section = _section(client)
    assert "Procurement clinic" in section and "Registered" in section
    assert "Camden data charter" in section
    assert "You are number 3 on the waiting list" in section
    assert "Monthly community meeting" in section
    assert f'href="/events/{next_in_series.slug}/"' in section
    assert "Legal aid lessons" in section.split("Past events you attended")[1]
    html = client.get("/account/").content.decode()
    assert 'href="/accounts/email/"' in html and "Change your email address" in html
    assert 'href="/accounts/password/change/"' in html and "Change your password" in html


def test_your_events_empty_states(client, home_page):
    client.force_login(UserFactory())
    section = _section(client)
    assert "You have not registered for any upcoming events." in section
    assert "You do not follow a meeting series." in section
    assert "No past events recorded as attended yet." in section


def test_your_events_query_count_does_not_grow_with_events():
    member = UserFactory()
    meeting_register(meeting=MeetingFactory(), user=member)
    full, _people = _full_meeting(waiting=1)
    meeting_register(meeting=full, user=member)
    with CaptureQueriesContext(connection) as few:
        member_events(user=member)
    for _ in range(4):
        meeting_register(meeting=MeetingFactory(), user=member)
        full, _people = _full_meeting(waiting=2)
        meeting_register(meeting=full, user=member)
        SeriesRegistration.objects.create(series=MeetingSeriesFactory(), user=member)
    with CaptureQueriesContext(connection) as many:
        events = member_events(user=member)
    assert len(events.upcoming) == 10 and len(events.series) == 4
    assert len(few) == len(many)


def test_demo_member_is_second_on_a_full_clinics_waiting_list(client, home_page):
    community_demo.load(stdout=io.StringIO())
    events_demo.load(stdout=io.StringIO())
    events_demo.load(stdout=io.StringIO())  # idempotent
    clinic = Meeting.objects.get(slug=events_demo.WAITING_LIST_SLUG)
    assert clinic.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 3
    aisha = User.objects.get(email=community_demo.DEMO_MEMBER_EMAIL)
    assert waitlist_places(user=aisha, meeting_ids=[clinic.pk]) == {clinic.pk: 2}
    client.force_login(aisha)
    assert "You are number 2 on the waiting list" in _section(client)
