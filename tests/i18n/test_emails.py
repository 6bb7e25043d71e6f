"""E-mails to a member who chose Welsh are in Welsh (event confirmations and allauth's)."""

import datetime as dt

import pytest
from django.core import mail

from events.tasks import send_registration_confirmation
from tests.factories.events import MeetingFactory, RegistrationFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _meeting():
    # Wednesday 9 April 2025, 2pm to 3:15pm BST.
    starts = dt.datetime(2025, 4, 9, 13, 0, tzinfo=dt.UTC)
    return MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(minutes=75))


def test_event_confirmation_is_in_welsh_for_a_welsh_member(home_page):
    member = UserFactory(preferred_language="cy")
    registration = RegistrationFactory(meeting=_meeting(), user=member)
    mail.outbox.clear()
    assert send_registration_confirmation(registration_id=registration.pk, status="registered")
    message = mail.outbox[-1]
    assert "Rydych wedi cofrestru:" in message.subject
    assert "Dydd Mercher 9 Ebrill 2025" in message.body
    assert "amser y DU (BST)" in message.body


def test_event_confirmation_stays_english_for_an_english_member(home_page):
    member = UserFactory(preferred_language="en-gb")
    registration = RegistrationFactory(meeting=_meeting(), user=member)
    mail.outbox.clear()
    assert send_registration_confirmation(registration_id=registration.pk, status="registered")
    message = mail.outbox[-1]
    assert "You are registered:" in message.subject
    assert "Wednesday 9 April 2025, 2pm to 3:15pm UK time (BST)" in message.body


def test_allauth_password_reset_is_in_welsh_for_a_welsh_member(client, home_page):
    member = UserFactory(email="cymraeg@example.org", preferred_language="cy")
    mail.outbox.clear()
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == [member.email]
    assert "cyfrinair" in message.subject.lower()
    assert "cyfrinair" in message.body.lower()
