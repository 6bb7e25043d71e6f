"""The send task: the e-mail itself, retries of transient errors only, failures recorded."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail

from community.email_delivery import email_error_is_transient
from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from events.reminders.services.scanner import reminders_queue_due
from events.reminders.tasks import send_reminder
from participation.celery import app
from tests.factories.users import organiser_user

from . import backends
from .conftest import make_meeting, register

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 1, 15, 14, 0, tzinfo=dt.UTC)  # Wed 15 January 2025, 2pm GMT
SCAN_AT = START - dt.timedelta(minutes=59)


@pytest.fixture
def inline_retries():
    """Eager mode runs a task's retries inline (no countdown) when failures don't propagate."""
    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def record_due(capture) -> int:
    with time_machine.travel(SCAN_AT, tick=False), capture(execute=False):
        (delivery_id,) = reminders_queue_due().to_send
    return delivery_id


def send(delivery_id: int):
    with time_machine.travel(SCAN_AT + dt.timedelta(seconds=5), tick=False):
        return send_reminder.delay(delivery_id=delivery_id)


def test_reminder_email_content(django_capture_on_commit_callbacks):
    meeting = make_meeting(
        starts_at=START,
        title="Community of practice, 4th meeting",
        join_url="https://zoom.example/j/1",
    )
    register(meeting, name="Grace Hopper", email="grace@example.org")
    send(record_due(django_capture_on_commit_callbacks))
    (message,) = mail.outbox
    assert message.to == ["grace@example.org"]
    assert "Community of practice, 4th meeting" in message.subject
    assert "\n" not in message.subject
    text = message.body
    html = message.alternatives[0].content
    for body in (text, html):
        assert "Grace Hopper" in body
        assert "2pm to 3:15pm UK time (GMT)" in body
        assert "https://zoom.example/j/1" in body
        assert f"http://testserver/events/{meeting.slug}/" in body
        assert "/unsubscribe/" in body
    assert "1 hour" in text
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (name, content, mimetype) = message.attachments[0]
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and "zoom.example" in content


def test_smtp_failing_twice_then_succeeding_sends_once_after_retries(
    django_capture_on_commit_callbacks, settings, inline_retries
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.FlakySMTPBackend"
    backends.FlakySMTPBackend.calls = 0
    meeting = make_meeting(starts_at=START)
    register(meeting)
    delivery_id = record_due(django_capture_on_commit_callbacks)
    send(delivery_id)
    assert backends.FlakySMTPBackend.calls == 3
    assert len(mail.outbox) == 1
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 3)
    # A duplicate message for the same row afterwards changes nothing.
    send(delivery_id)
    assert len(mail.outbox) == 1 and backends.FlakySMTPBackend.calls == 3


def test_transient_errors_give_up_after_the_cap(
    django_capture_on_commit_callbacks, settings, inline_retries
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.BusySMTPBackend"
    backends.BusySMTPBackend.calls = 0
    meeting = make_meeting(starts_at=START)
    register(meeting)
    delivery_id = record_due(django_capture_on_commit_callbacks)
    send(delivery_id)
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert backends.BusySMTPBackend.calls == settings.REMINDER_MAX_RETRIES + 1
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, settings.REMINDER_MAX_RETRIES + 1)
    assert "451" in row.last_error
    assert mail.outbox == []


def test_permanent_failure_is_marked_failed_at_once_and_shown_to_organisers(
    django_capture_on_commit_callbacks, settings, client
):
    settings.EMAIL_BACKEND = "tests.reminders.backends.RejectingSMTPBackend"
    backends.RejectingSMTPBackend.calls = 0
    meeting = make_meeting(starts_at=START)
    register(meeting, name="Nobody Here")
    delivery_id = record_due(django_capture_on_commit_callbacks)
    send(delivery_id)
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert backends.RejectingSMTPBackend.calls == 1
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
    assert "550" in row.last_error and "does not exist" in row.last_error

    client.force_login(organiser_user())
    page = client.get(f"/events/organise/reminders/meetings/{meeting.pk}/").content.decode()
    assert "Nobody Here" in page
    assert "5.1.1 The email account does not exist" in page
    assert "Send the failed reminder again" in page
    listing = client.get("/events/organise/reminders/meetings/").content.decode()
    assert meeting.title in listing


def test_requeue_failed_sends_it_once_the_server_accepts(
    django_capture_on_commit_callbacks, settings
):
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "tests.reminders.backends.RejectingSMTPBackend"
    meeting = make_meeting(starts_at=START)
    register(meeting)
    delivery_id = record_due(django_capture_on_commit_callbacks)
    send(delivery_id)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with (
        time_machine.travel(SCAN_AT + dt.timedelta(minutes=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("requeue_failed_reminders")
    assert ReminderDelivery.objects.get(pk=delivery_id).status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_worker_killed_mid_send_is_retried_after_the_lease(
    django_capture_on_commit_callbacks, settings
):
    from events.reminders.services.sending import reminder_claim

    meeting = make_meeting(starts_at=START)
    register(meeting)
    delivery_id = record_due(django_capture_on_commit_callbacks)
    reminder_claim(delivery_id=delivery_id, now=SCAN_AT)  # marked "sending", then the crash
    # While the lease runs, a duplicate message and the scanner leave it alone.
    assert send(delivery_id).get() == "unchanged"
    within_lease = dt.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS - 5)
    with (
        time_machine.travel(SCAN_AT + within_lease, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_queue_due().requeued == 0
    assert mail.outbox == []
    lease = dt.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)
    with (
        time_machine.travel(SCAN_AT + lease + dt.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_queue_due().requeued == 1
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, len(mail.outbox)) == (DeliveryStatus.SENT, 2, 1)


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, b"busy"), True),
        (smtplib.SMTPDataError(451, b"later"), True),
        (smtplib.SMTPSenderRefused(452, b"full", "a@b"), True),
        (smtplib.SMTPRecipientsRefused({"a@b": (450, b"later")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"no such user")}), False),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (TimeoutError("timed out"), True),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError(), True),
        (ValueError("a bug"), False),
    ],
)
def test_only_transient_errors_are_retried(exc, transient):
    assert email_error_is_transient(exc) is transient


def test_default_settings_recover_a_crashed_send_within_two_minutes(settings):
    """The lease is longer than the send task's hard time limit (a slow send that is still
    running is never doubled) and, with beat's scanner every minute, a row left "sending" by a
    dead worker is queued again at most lease + interval after the crash: under 2 minutes, with
    one SMTP timeout to spare for the re-send itself."""
    from participation.settings.base import email_settings_from_url

    lease = settings.REMINDER_SENDING_LEASE_SECONDS
    interval = app.conf.beat_schedule["events-queue-due-reminders"]["schedule"]
    smtp_timeout = email_settings_from_url("smtp://mail.example.org")["EMAIL_TIMEOUT"]
    assert send_reminder.time_limit < lease
    assert send_reminder.soft_time_limit < send_reminder.time_limit
    assert lease + interval + smtp_timeout <= 120


def test_a_send_crashed_minutes_before_the_start_is_recovered_not_skipped(
    django_capture_on_commit_callbacks, settings
):
    """A worker dies mid-send 4 minutes before the meeting: the next scans (every minute) send
    it again well before the start, instead of skipping it as "already started" (lease 300 s)."""
    from events.reminders.services.sending import reminder_claim

    start = SCAN_AT + dt.timedelta(minutes=4)
    meeting = make_meeting(starts_at=start, reminder_offsets=[5])
    register(meeting, email="late@example.org")
    with time_machine.travel(SCAN_AT, tick=False), django_capture_on_commit_callbacks():
        (delivery_id,) = reminders_queue_due().to_send
    crashed_at = SCAN_AT + dt.timedelta(seconds=2)
    reminder_claim(delivery_id=delivery_id, now=crashed_at)  # "sending", then the worker dies
    recovered_at = None
    for minute in range(1, 4):  # beat's scans at +1, +2, +3 minutes
        at = SCAN_AT + dt.timedelta(minutes=minute)
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            reminders_queue_due()
        if mail.outbox:
            recovered_at = at
            break
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert row.status == DeliveryStatus.SENT, (row.status, row.reason)
    assert recovered_at - crashed_at <= dt.timedelta(minutes=2)
    assert [m.to for m in mail.outbox] == [["late@example.org"]]
