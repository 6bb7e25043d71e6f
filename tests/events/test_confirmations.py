"""Cancelling an event asks first: what happens, who is e-mailed, "Yes" or "No, go back"."""

import pytest
from django.core import mail
from django.urls import reverse

from events.enums import MeetingStatus
from events.services import meeting_register
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_meeting(db):
    meeting = MeetingFactory(title="Design lab", capacity=2)
    for i in range(5):
        meeting_register(meeting=meeting, user=UserFactory(name=f"Person {i}"))
    return meeting  # 2 registered, 3 on the waiting list


def test_organiser_page_links_to_the_confirmation_not_a_one_click_cancel(
    client, organiser_user, busy_meeting
):
    client.force_login(organiser_user)
    page = client.get(reverse("events:organise_meeting", args=[busy_meeting.slug]))
    html = page.content.decode()
    cancel_url = reverse("events:cancel", args=[busy_meeting.slug])
    assert f'href="{cancel_url}"' in html
    assert f'action="{cancel_url}"' not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_cancel_without_confirmation_changes_nothing_and_says_who_is_emailed(
    client, organiser_user, busy_meeting, method, django_capture_on_commit_callbacks
):
    client.force_login(organiser_user)
    mail.outbox.clear()
    url = reverse("events:cancel", args=[busy_meeting.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancel “Design lab”?" in html
    assert "2 registered members and 3 people on the waiting list will be emailed." in html
    assert 'name="confirm" value="yes"' in html
    assert "Yes, cancel the event" in html
    assert "No, go back" in html
    assert f'href="{reverse("events:organise_meeting", args=[busy_meeting.slug])}"' in html
    busy_meeting.refresh_from_db()
    assert busy_meeting.status == MeetingStatus.SCHEDULED and busy_meeting.sequence == 0
    assert mail.outbox == []


def test_confirmed_cancel_happens_once(
    client, organiser_user, busy_meeting, django_capture_on_commit_callbacks
):
    client.force_login(organiser_user)
    mail.outbox.clear()
    url = reverse("events:cancel", args=[busy_meeting.slug])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"confirm": "yes"})
    assert first.status_code == 302
    busy_meeting.refresh_from_db()
    assert busy_meeting.status == MeetingStatus.CANCELLED and busy_meeting.sequence == 1
    assert len(mail.outbox) == 5
    # A second confirmed POST (double click, back button) does nothing and says so.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"confirm": "yes"}, follow=True)
    busy_meeting.refresh_from_db()
    assert busy_meeting.sequence == 1 and len(mail.outbox) == 5
    assert "This event is already cancelled: nothing was changed." in again.content.decode()


def test_cancel_confirmation_for_a_meeting_nobody_joined(client, organiser_user):
    meeting = MeetingFactory(title="Quiet one")
    client.force_login(organiser_user)
    html = client.get(reverse("events:cancel", args=[meeting.slug])).content.decode()
    assert "nobody will be emailed" in html


def test_one_registered_member_is_singular(client, organiser_user):
    meeting = MeetingFactory(title="Small")
    meeting_register(meeting=meeting, user=UserFactory())
    client.force_login(organiser_user)
    html = client.get(reverse("events:cancel", args=[meeting.slug])).content.decode()
    assert "1 registered member will be emailed." in html
