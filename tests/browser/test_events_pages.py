"""Events in a real browser: list, event page as anonymous / registered / waitlisted, RSVP by
keyboard, the viewer's-own-zone enhancement, and the organiser dashboard; axe on each."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.browser.conftest import assert_no_axe_violations
from tests.factories.events import MeetingFactory, organiser
from tests.factories.users import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JOIN = "https://meet.example.org/secret-join-link"


def sign_in(page, live_server, user) -> None:
    """Put a logged-in session cookie into the browser (the log-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def upcoming(**kwargs):
    start = (timezone.now() + dt.timedelta(days=12)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    return MeetingFactory(starts_at=start, ends_at=start + dt.timedelta(minutes=75), **kwargs)


def test_list_and_anonymous_event_page(page, live_server, home_page):
    meeting = upcoming(title="Health data meeting", chatham_house=True, capacity=10)
    upcoming(title="A workshop", kind="workshop")
    page.goto(f"{live_server.url}/events/")
    assert page.locator("h1").inner_text() == "Events"
    assert "UK time" in page.locator(".events-list").inner_text()
    assert_no_axe_violations(page)
    page.select_option("#id_kind", "workshop")
    page.click("text=Apply filters")
    assert "Health data meeting" not in page.locator("main").inner_text()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    body = page.content()
    assert JOIN not in body
    assert "Chatham House rule" in body
    assert "Sign in to register" in body
    assert_no_axe_violations(page)


def test_rsvp_by_keyboard_then_registered_page(page, live_server, home_page):
    meeting = upcoming(title="Responsible AI", capacity=5)
    member = UserFactory()
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Register":
            break
    else:
        pytest.fail("The Register button cannot be reached with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "You are registered" in page.locator("main").inner_text()
    assert page.locator(f'a[href="{JOIN}"]').count() == 1
    assert_no_axe_violations(page)


def test_waitlisted_page_has_no_join_link(page, live_server, home_page):
    meeting = upcoming(title="Full design lab", kind="design_lab", capacity=1)
    from events.services import meeting_register

    meeting_register(meeting=meeting, user=UserFactory())
    waiting = UserFactory()
    meeting_register(meeting=meeting, user=waiting)
    sign_in(page, live_server, waiting)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    assert "You are on the waiting list" in page.locator("main").inner_text()
    assert JOIN not in page.content()
    assert_no_axe_violations(page)


def test_viewer_zone_is_added_by_javascript(chromium, live_server, home_page):
    meeting = upcoming(title="Evaluating deliberation")
    context = chromium.new_context(locale="en-GB", timezone_id="America/New_York")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
        note = page.locator(".event-local-time")
        assert note.count() == 1
        assert "in your time zone, America/New York" in note.inner_text()
    finally:
        context.close()


def test_organiser_dashboard(page, live_server, home_page):
    meeting = upcoming(title="Community meeting", capacity=1)
    from events.services import meeting_register

    meeting_register(meeting=meeting, user=UserFactory(name="Ada Attendee"))
    meeting_register(meeting=meeting, user=UserFactory(name="Wes Waiting"))
    sign_in(page, live_server, organiser())
    page.goto(f"{live_server.url}/events/organise/")
    assert page.locator("h1").inner_text() == "Organise events"
    row = page.locator("tr", has_text="Community meeting")
    assert row.locator("td").nth(2).inner_text() == "1"
    assert row.locator("td").nth(3).inner_text() == "1"
    assert_no_axe_violations(page)
    page.click("text=Community meeting")
    assert "Ada Attendee" in page.locator("main").inner_text()
    assert "Wes Waiting" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
