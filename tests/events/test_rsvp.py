"""RSVP: registration, waiting list, promotion in order, refusals, confirmation e-mails."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar

from events.enums import RegistrationStatus
from events.models import Meeting, Registration, SeriesRegistration
from events.services import (
    RegistrationRefused,
    meeting_register,
    meeting_series_generate,
    registration_cancel,
)
from events.tasks import send_registration_confirmation
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory

JOIN = "https://meet.example.org/secret-join-link"
pytestmark = pytest.mark.django_db


def calendar_attachment(message):
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    return filename, Calendar.from_ical(content), mimetype


def test_capacity_waitlist_and_promotion_in_order(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=2)
    users = [UserFactory() for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [meeting_register(meeting=meeting, user=u).status for u in users]
    assert statuses == ["registered", "registered", "waitlisted", "waitlisted", "waitlisted"]
    positions = [Registration.objects.get(user=u).waitlist_position for u in users[2:]]
    assert positions == sorted(positions)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(meeting=meeting, user=users[0])
    assert Registration.objects.get(user=users[2]).status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(user=users[3]).status == RegistrationStatus.WAITLISTED
    # The member who cancelled is told (test_calendar_emails.py); the first waiting is promoted
    cancelled_email, promoted_email = sorted(mail.outbox, key=lambda m: m.to[0] != users[0].email)
    assert cancelled_email.to == [users[0].email]
    assert promoted_email.to == [users[2].email]
    assert "place has come up" in promoted_email.subject
    assert JOIN in promoted_email.body
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(meeting=meeting, user=users[1])
    assert Registration.objects.get(user=users[3]).status == RegistrationStatus.REGISTERED
    assert Registration.objects.filter(meeting=meeting, status="registered").count() == 2


def test_member_cannot_register_twice():
    meeting = MeetingFactory()
    member = UserFactory()
    first = meeting_register(meeting=meeting, user=member)
    again = meeting_register(meeting=meeting, user=member)
    assert first.pk == again.pk
    assert Registration.objects.filter(meeting=meeting, user=member).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(meeting=meeting, user=member)


def test_pending_member_is_refused_with_an_explanation(client):
    meeting = MeetingFactory()
    pending = UserFactory(approval_status="pending")
    with pytest.raises(RegistrationRefused):
        meeting_register(meeting=meeting, user=pending)
    client.force_login(pending)
    url = reverse("events:register", kwargs={"slug": meeting.slug})
    response = client.post(url, {"scope": "meeting"}, follow=True)
    assert "waiting for an organiser" in response.content.decode()
    assert not Registration.objects.filter(meeting=meeting).exists()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "waiting for an organiser" in page
    assert 'action="/events/' + meeting.slug + '/register/"' not in page


def test_anonymous_register_goes_to_log_in(client):
    meeting = MeetingFactory()
    response = client.post(reverse("events:register", kwargs={"slug": meeting.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cancelled_or_past_meetings_refuse_registration():
    member = UserFactory()
    past = MeetingFactory(
        starts_at=dt.datetime(2020, 1, 1, 14, tzinfo=dt.UTC),
        ends_at=dt.datetime(2020, 1, 1, 15, tzinfo=dt.UTC),
    )
    with pytest.raises(RegistrationRefused):
        meeting_register(meeting=past, user=member)
    cancelled = MeetingFactory(status="cancelled")
    with pytest.raises(RegistrationRefused):
        meeting_register(meeting=cancelled, user=member)


def test_confirmation_email_has_ics_and_join_link(client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(title="April community meeting")
    member = UserFactory()
    client.force_login(member)
    url = reverse("events:register", kwargs={"slug": meeting.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"scope": "meeting"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "You are registered" in message.subject
    assert JOIN in message.body
    assert JOIN in message.alternatives[0][0]
    assert "UK time" in message.body
    filename, calendar, mimetype = calendar_attachment(message)
    assert filename == "event.ics"
    assert mimetype.startswith("text/calendar")
    (event,) = calendar.walk("VEVENT")
    assert JOIN in str(event["DESCRIPTION"])


def test_waitlisted_email_has_no_join_link(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=0)
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    (message,) = mail.outbox
    assert "waiting list" in message.subject
    assert JOIN not in message.body
    assert JOIN not in message.alternatives[0][0]
    assert not message.attachments


# A fixed instant (a Monday morning): on the wall clock, on the second Wednesday of a month after
# 15:15 UK time, the series' first occurrence (that day, 14:00-15:15) had already ended and could
# not be registered for, so this test failed one afternoon a month.
@time_machine.travel("2026-12-07 10:00:00+00:00", tick=False)
def test_register_for_all_future_meetings_in_series(client, django_capture_on_commit_callbacks):
    series = MeetingSeriesFactory(first_date=dt.date.today(), default_capacity=10)
    until = dt.date.today() + dt.timedelta(days=100)
    meeting_series_generate(series=series, until=until)
    meetings = list(Meeting.objects.filter(series=series))
    assert len(meetings) >= 3
    member = UserFactory()
    client.force_login(member)
    url = reverse("events:register", kwargs={"slug": meetings[0].slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"scope": "series"})
    assert SeriesRegistration.objects.filter(series=series, user=member).exists()
    assert Registration.objects.filter(user=member, status="registered").count() == len(meetings)
    # Later occurrences are registered automatically when they are generated
    meeting_series_generate(series=series, until=until + dt.timedelta(days=95))
    total = Meeting.objects.filter(series=series).count()
    assert total > len(meetings)
    assert Registration.objects.filter(user=member).count() == total
    # Stop: future registrations are cancelled
    client.post(
        reverse("events:cancel_registration", kwargs={"slug": meetings[0].slug}),
        {"scope": "series"},
    )
    assert not SeriesRegistration.objects.filter(series=series, user=member).exists()
    assert not Registration.objects.filter(user=member, status="registered").exists()


def test_cancel_view_frees_the_seat(client):
    meeting = MeetingFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    meeting_register(meeting=meeting, user=first)
    meeting_register(meeting=meeting, user=second)
    client.force_login(first)
    client.post(reverse("events:cancel_registration", kwargs={"slug": meeting.slug}))
    assert Registration.objects.get(user=first).status == "cancelled"
    assert Registration.objects.get(user=second).status == "registered"
    # Re-registering after cancelling goes to the back of the queue
    client.post(reverse("events:register", kwargs={"slug": meeting.slug}))
    assert Registration.objects.get(user=first).status == "waitlisted"


def test_confirmation_task_run_twice_sends_one_email():
    registration = meeting_register(meeting=MeetingFactory(), user=UserFactory())
    mail.outbox.clear()
    assert send_registration_confirmation(registration_id=registration.pk, status="registered")
    assert not send_registration_confirmation(registration_id=registration.pk, status="registered")
    assert len(mail.outbox) == 1
