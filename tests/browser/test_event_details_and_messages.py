"""Issue 19 items 3 and 6 as a person does them, in Chromium at 1280 px and 390 px, with
screenshots of each step (var/test-artefacts/journeys/): a visitor finds a monthly meeting by
its topic in the events list and reads its description, host and agenda; an organiser previews
a message to attendees, sends a test to themselves, then sends it to the people shown."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from events.models import EventEmail, OrganiserMessage
from events.services import meeting_register
from tests.browser.conftest import assert_no_axe_violations
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory, organiser_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]


def occurrence(series, days: int, **fields):
    fields.setdefault("agenda", "")
    start = (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)
    return MeetingFactory(
        series=series,
        title=series.title,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=75),
        **fields,
    )


def sign_in(page, live_server, user) -> None:
    """A signed-in browser session (the sign-in form itself is tested in test_community_pages)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_event_page_shows_description_host_and_agenda(
    page, live_server, home_page, journey_shot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    series = MeetingSeriesFactory(
        title="Community of practice meeting",
        description="A monthly hour for people who involve the public in data and AI decisions.",
        host="The community of practice convenor",
        agenda="14:00 Welcome\n14:05 The month's topic\n14:55 What we heard",
    )
    occurrence(series, 10, topic="Recruiting diverse voices, and paying participants fairly")
    occurrence(
        series,
        40,
        topic="Storytelling in deliberation",
        host="A member from a council data team",
        agenda="14:00 Welcome\n14:05 Open space",
    )

    page.goto(f"{live_server.url}/events/")
    cards = page.locator(".events-list .card")
    assert cards.count() == 2
    assert cards.nth(0).locator(".card__topic").inner_text() == (
        "Recruiting diverse voices, and paying participants fairly"
    )
    assert cards.nth(1).locator(".card__topic").inner_text() == "Storytelling in deliberation"
    assert no_horizontal_scroll(page)
    journey_shot(page, "events list with topics")

    cards.nth(1).locator("a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Community of practice meeting"
    assert page.locator(".event__topic").inner_text() == "Storytelling in deliberation"
    summary = page.locator("dl.summary").inner_text()
    assert "Host" in summary and "A member from a council data team" in summary
    about = page.locator("section[aria-labelledby=about]").inner_text()
    assert "A monthly hour for people who involve the public" in about  # from the series
    agenda = page.locator("section[aria-labelledby=agenda]").inner_text()
    assert "14:05 Open space" in agenda and "What we heard" not in agenda  # its own
    assert no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    journey_shot(page, "event page")


@pytest.mark.parametrize("width", WIDTHS)
def test_preview_and_self_send_a_message(page, live_server, home_page, journey_shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    organiser = organiser_user(name="Olu Organiser")
    meeting = MeetingFactory(title="Design lab: procurement in Wales", capacity=2)
    people = [UserFactory(name=f"Person {i}") for i in range(3)]
    for person in people:
        meeting_register(meeting=meeting, user=person)  # 2 registered, 1 waiting
    mail.outbox.clear()
    sign_in(page, live_server, organiser)

    page.goto(f"{live_server.url}/events/organise/{meeting.slug}/")
    page.fill("input[name=subject]", "Room change")
    page.fill("textarea[name=body]", "We are in room 2 this time.\nThe lift is on the left.")
    journey_shot(page, "write the message")
    page.click("button:has-text('Preview the message')")
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Check your message"
    headers = page.locator(".email-preview__headers").inner_text()
    assert "Design lab: procurement in Wales: Room change" in headers
    assert organiser.email in headers
    shown = page.locator(".email-preview__body").inner_text()
    assert shown.startswith("Hello Olu Organiser,")
    assert "We are in room 2 this time." in shown and "Stop messages from organisers" in shown
    assert page.locator("textarea[name=body]").input_value() == (
        "We are in room 2 this time.\nThe lift is on the left."
    )
    send = page.locator("button[value=send]")
    assert send.inner_text() == "Send to 2 people"
    assert mail.outbox == []
    assert no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    journey_shot(page, "preview")
    page.set_viewport_size({"width": 320, "height": 900})  # 1280 px at 400% zoom
    assert no_horizontal_scroll(page)
    page.set_viewport_size({"width": width, "height": 900})

    page.check("input[name=include_waitlist]")
    page.click("button:has-text('Update the preview')")
    page.wait_for_load_state()
    assert page.locator("button[value=send]").inner_text() == "Send to 3 people"

    page.click("button:has-text('Send a test to me')")
    page.wait_for_load_state()
    assert f"We sent a test to {organiser.email}. Nobody else got it." in (
        page.locator("main").inner_text()
    )
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    (test,) = mail.outbox
    assert test.body.startswith("Hello Olu Organiser,")
    assert "The lift is on the left." in test.body
    assert not OrganiserMessage.objects.exists()
    assert not EventEmail.objects.filter(key__startswith="message:").exists()
    assert page.locator("input[name=subject]").input_value() == "Room change"
    assert page.locator("input[name=include_waitlist]").is_checked()
    assert_no_axe_violations(page)
    journey_shot(page, "test sent to me")

    page.click("button[value=send]")
    page.wait_for_load_state()
    assert "Your message is being sent to 3 people." in page.locator(".messages").inner_text()
    assert OrganiserMessage.objects.count() == 1
    attendees = sorted(m.to[0] for m in mail.outbox[1:])
    assert attendees == sorted(p.email for p in people)
    assert page.locator("#sent + ul").inner_text().endswith("Room change")
    journey_shot(page, "sent")


def test_preview_and_self_send_work_without_javascript(chromium, live_server, home_page):
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        organiser = organiser_user(name="Olu Organiser")
        meeting = MeetingFactory(title="Webinar")
        meeting_register(meeting=meeting, user=UserFactory())
        mail.outbox.clear()
        sign_in(page, live_server, organiser)
        page.goto(f"{live_server.url}/events/organise/{meeting.slug}/")
        page.fill("input[name=subject]", "Slides")
        page.fill("textarea[name=body]", "The slides are on the event page.")
        page.click("button:has-text('Preview the message')")
        page.wait_for_load_state()
        assert (
            "The slides are on the event page." in page.locator(".email-preview__body").inner_text()
        )
        page.click("button:has-text('Send a test to me')")
        page.wait_for_load_state()
        assert [m.to for m in mail.outbox] == [[organiser.email]]
        page.click("button:has-text('Send to 1 person')")
        page.wait_for_load_state()
        assert len(mail.outbox) == 2 and OrganiserMessage.objects.count() == 1
    finally:
        context.close()
