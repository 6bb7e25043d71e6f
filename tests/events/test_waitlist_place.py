"""A waitlisted member sees their place in the queue on the event page too (issue 16, point 12:
the sibling of the home page's "Next meeting"), and the place follows promotions."""

import pytest

from events.services import meeting_register, registration_cancel
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _notice(client, meeting) -> str:
    html = client.get(meeting.get_absolute_url()).content.decode()
    return html.split('id="rsvp-section"', 1)[1].split("</section>", 1)[0]


def test_event_page_gives_the_waiting_list_place_and_it_moves_up(client, home_page):
    meeting = MeetingFactory(capacity=1)
    attendee, first, second = UserFactory(), UserFactory(), UserFactory()
    for member in (attendee, first, second):
        meeting_register(meeting=meeting, user=member)
    client.force_login(second)
    assert "You are on the waiting list: number 2 in the queue." in _notice(client, meeting)
    registration_cancel(meeting=meeting, user=attendee)  # first is promoted
    assert "You are on the waiting list: number 1 in the queue." in _notice(client, meeting)
