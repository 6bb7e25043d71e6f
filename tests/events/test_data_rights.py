"""Data rights: registrations in "download my data"; erasure frees seats for the waiting list."""

import json

import pytest

from community.services import account_delete, account_export
from core.data_rights import erasers, exporters
from events.models import CalendarFeedToken, Registration, SeriesRegistration
from events.services import meeting_register
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_registrations_are_exported():
    assert "event_registrations" in exporters() and "event_registrations" in erasers()
    member = UserFactory()
    meeting = MeetingFactory(title="Health data")
    meeting_register(meeting=meeting, user=member)
    SeriesRegistration.objects.create(series=MeetingSeriesFactory(title="Monthly"), user=member)
    data = account_export(user=member)["event_registrations"]
    json.dumps(data)  # JSON-serialisable
    assert data[0]["meeting"] == "Health data"
    assert data[0]["status"] == "registered"
    assert data[1] == {"series": "Monthly", "all_future_meetings": True}


def test_erasure_deletes_registrations_and_token_and_promotes_waitlist(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(capacity=1)
    leaving, waiting = UserFactory(), UserFactory()
    meeting_register(meeting=meeting, user=leaving)
    meeting_register(meeting=meeting, user=waiting)
    CalendarFeedToken.objects.create(user=leaving)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=leaving)
    assert not CalendarFeedToken.objects.filter(user_id=leaving.pk).exists()
    assert not Registration.objects.filter(user_id=leaving.pk).exists()
    assert Registration.objects.get(user=waiting).status == "registered"
