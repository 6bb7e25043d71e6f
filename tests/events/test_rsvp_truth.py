"""RSVP buttons say what really happened (issue 16, point 10): cancelling a registration you do
not have, registering twice, leaving a series you never joined."""

import pytest
from django.urls import reverse

from events.enums import RegistrationStatus
from events.models import Registration, SeriesRegistration
from events.services import meeting_register, meeting_series_register
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return response.content.decode()


def test_cancelling_without_a_registration_says_nothing_happened(client):
    meeting = MeetingFactory()
    client.force_login(UserFactory())
    url = reverse("events:cancel_registration", kwargs={"slug": meeting.slug})
    html = messages_of(client.post(url, follow=True))
    assert "You were not registered for this meeting, so nothing changed." in html
    assert "Your registration is cancelled." not in html
    assert not Registration.objects.exists()


def test_cancelling_twice_says_the_truth_the_second_time(client):
    meeting = MeetingFactory()
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    client.force_login(member)
    url = reverse("events:cancel_registration", kwargs={"slug": meeting.slug})
    first = messages_of(client.post(url, follow=True))
    assert "Your registration is cancelled." in first
    second = messages_of(client.post(url, follow=True))
    assert "You were not registered for this meeting, so nothing changed." in second


def test_leaving_the_waiting_list_says_so(client):
    meeting = MeetingFactory(capacity=1)
    meeting_register(meeting=meeting, user=UserFactory())
    waiting = UserFactory()
    meeting_register(meeting=meeting, user=waiting)
    client.force_login(waiting)
    url = reverse("events:cancel_registration", kwargs={"slug": meeting.slug})
    html = messages_of(client.post(url, follow=True))
    assert "You have left the waiting list." in html
    assert Registration.objects.get(user=waiting).status == RegistrationStatus.CANCELLED


def test_registering_twice_says_nothing_changed(client):
    meeting = MeetingFactory()
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    client.force_login(member)
    url = reverse("events:register", kwargs={"slug": meeting.slug})
    html = messages_of(client.post(url, {"scope": "meeting"}, follow=True))
    assert "You were already registered for this meeting, so nothing changed." in html
    assert "We have emailed you" not in html


def test_joining_the_waiting_list_twice_says_nothing_changed(client):
    meeting = MeetingFactory(capacity=1)
    meeting_register(meeting=meeting, user=UserFactory())
    waiting = UserFactory()
    meeting_register(meeting=meeting, user=waiting)
    client.force_login(waiting)
    url = reverse("events:register", kwargs={"slug": meeting.slug})
    html = messages_of(client.post(url, {"scope": "meeting"}, follow=True))
    assert "You were already on the waiting list for this meeting, so nothing changed." in html


def test_leaving_a_series_you_never_joined_says_nothing_changed(client):
    series = MeetingSeriesFactory()
    meeting = MeetingFactory(series=series)
    client.force_login(UserFactory())
    url = reverse("events:cancel_registration", kwargs={"slug": meeting.slug})
    html = messages_of(client.post(url, {"scope": "series"}, follow=True))
    assert "You were not registered for all meetings in this series, so nothing changed." in html


def test_leaving_a_series_you_joined(client):
    series = MeetingSeriesFactory()
    meeting = MeetingFactory(series=series)
    member = UserFactory()
    meeting_series_register(series=series, user=member)
    client.force_login(member)
    url = reverse("events:cancel_registration", kwargs={"slug": meeting.slug})
    html = messages_of(client.post(url, {"scope": "series"}, follow=True))
    assert "You are no longer registered for future meetings in this series." in html
    assert not SeriesRegistration.objects.filter(user=member).exists()
    assert Registration.objects.get(user=member, meeting=meeting).status == "cancelled"
