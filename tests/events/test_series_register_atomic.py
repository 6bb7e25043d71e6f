"""Registering for a series from one of its meetings is one service in one transaction (issue 17,
point 6): if the meeting refuses the member, the series registration is not kept, no meeting
of the series keeps a registration, and no e-mail is queued."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.enums import MeetingStatus, RegistrationStatus
from events.models import Meeting, Registration, SeriesRegistration
from events.services import (
    RegistrationRefused,
    meeting_and_series_register,
    meeting_and_series_unregister,
    meeting_series_generate,
    meeting_series_register,
)
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

# A Monday morning: the series' second-Wednesday meetings are all ahead.
NOW = "2026-12-07 10:00:00+00:00"


def _series_with_meetings():
    series = MeetingSeriesFactory(first_date=dt.date(2026, 12, 1), default_capacity=10)
    meeting_series_generate(series=series, until=dt.date(2027, 3, 31))
    upcoming = list(Meeting.objects.filter(series=series).order_by("starts_at"))
    assert len(upcoming) >= 3
    return series, upcoming


def _cancelled_meeting_of(series):
    """A one-off meeting of the series that the organiser has since cancelled."""
    starts_at = timezone.now() + dt.timedelta(days=3)
    return MeetingFactory(
        series=series,
        status=MeetingStatus.CANCELLED,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=75),
    )


@time_machine.travel(NOW, tick=False)
def test_a_refused_meeting_keeps_no_series_registration(django_capture_on_commit_callbacks):
    series, _upcoming = _series_with_meetings()
    cancelled = _cancelled_meeting_of(series)
    member = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RegistrationRefused, match="cancelled"),
    ):
        meeting_and_series_register(meeting=cancelled, user=member)
    # The series step ran first and succeeded; the meeting step failed: nothing of it is kept.
    assert not SeriesRegistration.objects.filter(series=series, user=member).exists()
    assert not Registration.objects.filter(user=member).exists()
    assert callbacks == []
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_the_register_view_keeps_no_series_registration_when_the_meeting_refuses(
    client, django_capture_on_commit_callbacks
):
    series, _upcoming = _series_with_meetings()
    cancelled = _cancelled_meeting_of(series)
    member = UserFactory()
    client.force_login(member)
    url = reverse("events:register", kwargs={"slug": cancelled.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"scope": "series"}, follow=True)
    assert "This meeting has been cancelled." in response.content.decode()
    assert "You are registered for all future meetings" not in response.content.decode()
    assert not SeriesRegistration.objects.filter(series=series, user=member).exists()
    assert not Registration.objects.filter(user=member).exists()
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_a_moved_meeting_is_registered_with_its_series(django_capture_on_commit_callbacks):
    """A meeting moved out of the series' schedule is not among its scheduled meetings, so the
    service registers it as well, in the same transaction."""
    series, upcoming = _series_with_meetings()
    moved = upcoming[0]
    moved.status = MeetingStatus.MOVED
    moved.detached = True
    moved.save()
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registrations = meeting_and_series_register(meeting=moved, user=member)
    assert {registration.meeting_id for registration in registrations} == {
        meeting.pk for meeting in upcoming
    }
    assert SeriesRegistration.objects.filter(series=series, user=member).exists()
    assert Registration.objects.filter(
        user=member, status=RegistrationStatus.REGISTERED
    ).count() == len(upcoming)
    # One series confirmation and one for the moved meeting.
    assert len(mail.outbox) == 2


@time_machine.travel(NOW, tick=False)
def test_a_meeting_already_in_the_series_is_not_registered_twice(
    django_capture_on_commit_callbacks,
):
    _series, upcoming = _series_with_meetings()
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registrations = meeting_and_series_register(meeting=upcoming[0], user=member)
    assert len(registrations) == len(upcoming)
    assert Registration.objects.filter(user=member).count() == len(upcoming)
    assert len(mail.outbox) == 1  # the series confirmation only


def test_leaving_a_series_from_a_meeting_under_way_cancels_that_meeting_too(
    django_capture_on_commit_callbacks,
):
    series = MeetingSeriesFactory()
    starts_at = timezone.now() - dt.timedelta(minutes=10)
    under_way = MeetingFactory(
        series=series, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=75)
    )
    later = MeetingFactory(series=series)
    member = UserFactory()
    meeting_series_register(series=series, user=member)
    Registration.objects.create(meeting=under_way, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_and_series_unregister(meeting=under_way, user=member)
    assert not SeriesRegistration.objects.filter(series=series, user=member).exists()
    statuses = dict(Registration.objects.filter(user=member).values_list("meeting_id", "status"))
    assert statuses == {
        under_way.pk: RegistrationStatus.CANCELLED,
        later.pk: RegistrationStatus.CANCELLED,
    }
