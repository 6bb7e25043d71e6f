"""An organiser cancels an event as a person would, without JavaScript-only controls: the button
leads to the confirmation page (axe-clean), "No, go back" changes nothing, "Yes" cancels once.
The voting page offers no "Add a dot" that can only fail."""

import pytest

from events.enums import MeetingStatus
from events.models import Meeting
from events.services import meeting_register
from events.unconferences import services as unconf_services
from events.unconferences.enums import Phase
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.events import MeetingFactory
from tests.factories.unconferences import (
    RegistrationFactory,
    TopicFactory,
    UnconferenceFactory,
    board_for,
)
from tests.factories.users import DEFAULT_PASSWORD, UserFactory, organiser_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cancel_an_event_asks_first(page, live_server, home_page):
    organiser = organiser_user(name="Olu Organiser")
    meeting = MeetingFactory(title="Design lab", capacity=1)
    for i in range(3):
        meeting_register(meeting=meeting, user=UserFactory(name=f"Person {i}"))
    login(page, live_server, email=organiser.email, password=DEFAULT_PASSWORD)

    page.goto(f"{live_server.url}/events/organise/{meeting.slug}/")
    page.click("text=Cancel the event")
    assert page.locator("h1").inner_text() == "Cancel “Design lab”?"
    body = page.locator("main").inner_text()
    assert "1 registered member and 2 people on the waiting list will be emailed." in body
    assert_no_axe_violations(page)

    page.click("text=No, go back")
    assert page.locator("h1").inner_text() == "Design lab"
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED

    page.click("text=Cancel the event")
    page.click("button:has-text('Yes, cancel the event')")
    assert "The meeting is cancelled" in page.locator(".messages").inner_text()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED


def test_vote_page_offers_only_dots_that_can_be_given(page, live_server, home_page):
    unconference = UnconferenceFactory(slug="uc-vote", phase=Phase.VOTING)
    member = UserFactory(name="Mira Member")
    RegistrationFactory(unconference=unconference, user=member)
    board = board_for(unconference)
    topics = [TopicFactory(board=board, title=f"Topic {i}") for i in range(4)]
    for topic in topics[:3]:
        unconf_services.vote_add(topic=topic, voter=member)
    login(page, live_server, email=member.email, password=DEFAULT_PASSWORD)

    page.goto(f"{live_server.url}{board.vote_url}")
    assert page.locator("button", has_text="Add a dot").count() == 0
    assert page.locator("text=You have no dots left.").count() == 1
    assert "(s)" not in page.locator("main").inner_text()
    assert_no_axe_violations(page)
