"""Event pages: listing (filters, pagination, constant queries), detail (UK time, join link
visibility, notes, Chatham House), and the selectors the home page uses."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.selectors import meeting_next, meetings_upcoming
from events.services import meeting_register
from tests.factories.casestudies import case_study, library_index
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory

UTC = dt.UTC
JOIN = "https://meet.example.org/secret-join-link"
pytestmark = pytest.mark.django_db


def future(days: int) -> dict:
    start = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=1)}


def list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_count_is_constant(client, home_page, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    url = reverse("events:meeting_list")
    MeetingFactory(**future(3))
    client.get(url)  # warm caches (site, settings)
    one = list_queries(client, url)
    for day in range(30):
        MeetingFactory(**future(4 + day))
    many = list_queries(client, url)
    assert one == many


def test_list_filters_upcoming_past_and_kind(client, home_page):
    MeetingFactory(title="Future workshop", kind="workshop", **future(5))
    MeetingFactory(title="Future meeting", kind="community_meeting", **future(6))
    MeetingFactory(
        title="Past lab",
        kind="design_lab",
        starts_at=dt.datetime(2024, 10, 15, 12, 30, tzinfo=UTC),
        ends_at=dt.datetime(2024, 10, 15, 15, 30, tzinfo=UTC),
    )
    MeetingFactory(title="Not yet published", publish_from=timezone.now() + dt.timedelta(days=1))
    url = reverse("events:meeting_list")
    page = client.get(url).content.decode()
    assert "Future workshop" in page and "Future meeting" in page
    assert "Past lab" not in page and "Not yet published" not in page
    page = client.get(url, {"kind": "workshop"}).content.decode()
    assert "Future workshop" in page and "Future meeting" not in page
    page = client.get(url, {"when": "past"}).content.decode()
    assert "Past lab" in page and "Future workshop" not in page
    assert "Tuesday 15 October 2024, 1:30pm to 4:30pm UK time (BST)" in page
    # Unknown filter values are ignored, not a 500
    assert client.get(url, {"kind": "<script>", "when": "x", "page": "999"}).status_code == 200


def test_list_is_paginated(client, home_page):
    for day in range(15):
        MeetingFactory(**future(2 + day))
    url = reverse("events:meeting_list")
    assert 'rel="next"' in client.get(url).content.decode()
    assert client.get(url, {"page": 2}).status_code == 200


def test_detail_shows_uk_time_with_zone_and_local_time_script(client, home_page):
    meeting = MeetingFactory(
        starts_at=dt.datetime(2030, 4, 10, 13, 0, tzinfo=UTC),
        ends_at=dt.datetime(2030, 4, 10, 14, 15, tzinfo=UTC),
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Wednesday 10 April 2030, 2pm to 3:15pm UK time (BST)" in page
    assert 'data-event-start="2030-04-10T14:00:00+01:00"' in page
    assert "js/events-local-time" in page
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "dates=20300410T130000Z%2F20300410T141500Z" in page
    assert "outlook.office.com/calendar/0/deeplink/compose" in page
    assert "startdt=2030-04-10T13%3A00%3A00Z" in page
    assert "<script>" not in page


def test_join_link_only_for_registered_attendees(client, home_page):
    meeting = MeetingFactory(capacity=1, notes="Members-only notes text")
    attendee, waiting = UserFactory(), UserFactory()
    meeting_register(meeting=meeting, user=attendee)
    meeting_register(meeting=meeting, user=waiting)
    url = meeting.get_absolute_url()
    anonymous_page = client.get(url).content.decode()
    assert JOIN not in anonymous_page
    assert "Members-only notes text" not in anonymous_page
    client.force_login(waiting)
    waiting_page = client.get(url).content.decode()
    assert JOIN not in waiting_page
    assert "waiting list" in waiting_page
    assert "Members-only notes text" in waiting_page
    client.force_login(attendee)
    attendee_page = client.get(url).content.decode()
    assert JOIN in attendee_page
    # Never in public listings or feeds
    client.logout()
    assert JOIN not in client.get(reverse("events:meeting_list")).content.decode()
    assert JOIN not in client.get(reverse("events:calendar_public")).content.decode()


def test_chatham_house_notice_and_public_recording(client, home_page):
    meeting = MeetingFactory(
        chatham_house=True,
        recording_url="https://video.example.org/recording",
        notes="Notes for members",
        starts_at=dt.datetime(2025, 1, 8, 14, tzinfo=UTC),
        ends_at=dt.datetime(2025, 1, 8, 15, 15, tzinfo=UTC),
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Chatham House rule" in page
    assert "https://video.example.org/recording" in page
    assert "Notes for members" not in page
    assert "Sign in to read them" in page


def test_unknown_or_unpublished_meeting_is_404(client, home_page):
    hidden = MeetingFactory(publish_from=timezone.now() + dt.timedelta(days=3))
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/events/no-such-event/").status_code == 404
    assert client.get("/events/no-such-event/event.ics").status_code == 404


def test_home_page_selectors():
    cancelled = MeetingFactory(status="cancelled", **future(1))
    nxt = MeetingFactory(**future(2))
    later = MeetingFactory(**future(3))
    MeetingFactory(
        starts_at=dt.datetime(2020, 1, 1, tzinfo=UTC),
        ends_at=dt.datetime(2020, 1, 1, 1, tzinfo=UTC),
    )
    assert meeting_next() == nxt
    assert meetings_upcoming(limit=3) == [cancelled, nxt, later]
    assert meetings_upcoming(limit=1) == [cancelled]


def test_detail_lists_related_live_case_studies(client, home_page):
    index = library_index(home_page)
    study = case_study(index, title="Camden data charter")
    meeting = MeetingFactory(**future(5))
    meeting.case_studies.add(study)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Case studies discussed" in page
    assert "Camden data charter" in page
    assert list(study.meetings.all()) == [meeting]  # the case study page's reverse relation
