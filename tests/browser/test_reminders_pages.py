"""The organisers' reminder pages: reachable by keyboard-free navigation, readable, no axe
violations (one test covers both page types)."""

import datetime as dt

import pytest
from django.utils import timezone

from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.users import DEFAULT_PASSWORD, organiser_user
from tests.reminders.conftest import make_meeting, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_sees_reminder_outcomes(page, live_server, home_page):
    organiser = organiser_user(name="Olu Organiser")
    meeting = make_meeting(starts_at=timezone.now() + dt.timedelta(days=1), title="Design lab")
    registration = register(meeting, name="Failed Member")
    ReminderDelivery.objects.create(
        registration=registration,
        meeting=meeting,
        offset_minutes=1440,
        schedule_version=0,
        due_at=timezone.now(),
        status=DeliveryStatus.FAILED,
        attempts=1,
        last_error="SMTPRecipientsRefused: 550 5.1.1 The email account does not exist",
    )
    login(page, live_server, email=organiser.email, password=DEFAULT_PASSWORD)

    page.goto(f"{live_server.url}/events/organise/reminders/meetings/")
    assert page.locator("h1").inner_text() == "Reminders"
    assert_no_axe_violations(page)

    page.click("text=Design lab")
    assert "Reminders for Design lab" in page.locator("h1").inner_text()
    assert "550 5.1.1" in page.locator("table").inner_text()
    assert page.locator("button", has_text="Send the failed reminder again").is_visible()
    assert_no_axe_violations(page)
