"""What organisers and operators see: per-meeting pages, /healthz, and data rights."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.data_rights import erasers, exporters
from core.services import heartbeat_record
from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from events.reminders.services.scanner import reminders_queue_due
from tests.factories.users import UserFactory, organiser_user

from .conftest import make_meeting, register

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 3, 12, 14, 0, tzinfo=dt.UTC)  # Wed 12 March 2025, 2pm GMT


def scan(capture, at):
    with time_machine.travel(at, tick=False), capture(execute=True):
        return reminders_queue_due()


@pytest.fixture
def organiser_client(client):
    client.force_login(organiser_user(name="Olu Organiser"))
    return client


def test_meeting_page_shows_sent_skipped_superseded_with_times_and_reasons(
    organiser_client, django_capture_on_commit_callbacks
):
    meeting = make_meeting(starts_at=START, title="Sixth meeting", reminder_offsets=[1440, 60])
    with time_machine.travel(START - dt.timedelta(days=5), tick=False):
        register(meeting, name="Sent Member")
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=1439))
    scan(django_capture_on_commit_callbacks, START + dt.timedelta(minutes=5))  # worker was down
    response = organiser_client.get(f"/events/organise/reminders/meetings/{meeting.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sent Member" in page
    assert "1 day" in page and "1 hour" in page
    assert "11 Mar 2025, 14:01" in page  # sent, UK time
    assert "The meeting had already started." in page
    filtered = organiser_client.get(
        f"/events/organise/reminders/meetings/{meeting.pk}/", {"status": "skipped"}
    ).content.decode()
    assert "already started" in filtered and "1 day" not in filtered.split("<tbody>")[1]

    listing = organiser_client.get("/events/organise/reminders/meetings/").content.decode()
    assert "Sixth meeting" in listing


def test_listing_query_count_is_constant(organiser_client, django_capture_on_commit_callbacks):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert organiser_client.get("/events/organise/reminders/meetings/").status_code == 200
        return len(context.captured_queries)

    def add_meetings(n: int) -> None:
        soon = timezone.now() + dt.timedelta(minutes=50)
        for _ in range(n):
            register(make_meeting(starts_at=soon))
        with django_capture_on_commit_callbacks(execute=True):
            reminders_queue_due()

    add_meetings(1)
    queries()  # warm up: the first request creates per-user and per-site rows
    one = queries()
    add_meetings(8)
    assert ReminderDelivery.objects.filter(status="sent").count() == 9
    assert queries() == one


def test_member_cannot_see_the_reminder_pages(client):
    client.force_login(UserFactory())
    assert client.get("/events/organise/reminders/meetings/").status_code == 403


def test_unknown_meeting_is_404(organiser_client):
    assert organiser_client.get("/events/organise/reminders/meetings/999999/").status_code == 404


def test_requeue_button_sends_failed_reminders_again(
    organiser_client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.RejectingSMTPBackend"
    meeting = make_meeting(starts_at=START)
    register(meeting)
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=59))
    assert ReminderDelivery.objects.get().status == DeliveryStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with (
        time_machine.travel(START - dt.timedelta(minutes=55), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = organiser_client.post(
            f"/events/organise/reminders/meetings/{meeting.pk}/requeue/", follow=True
        )
    assert "1 failed reminder will be sent again." in response.content.decode()
    assert ReminderDelivery.objects.get().status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_healthz_reports_the_scanner(client):
    body = client.get("/healthz").json()
    assert body["components"]["reminder_scanner"] == {"status": "up", "last_run": "never"}
    heartbeat_record(name="reminder-scanner")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["components"]["reminder_scanner"]["status"] == "up"
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    scanner = response.json()["components"]["reminder_scanner"]
    assert scanner["status"] == "down" and "last ran" in scanner["error"]


def test_data_export_and_erasure(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START, title="Exported meeting")
    registration = register(meeting)
    other = register(meeting)
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=59))
    exported = exporters()["reminders"](registration.user)
    assert exported["reminders"][0]["meeting"] == "Exported meeting"
    assert exported["reminders"][0]["status"] == "sent"
    assert exported["reminders"][0]["minutes_before"] == 60
    erasers()["reminders"](user=registration.user)
    assert not ReminderDelivery.objects.filter(registration=registration).exists()
    assert ReminderDelivery.objects.filter(registration=other).exists()
