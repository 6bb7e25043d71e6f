"""The scanner: what gets a reminder, once, and what gets none."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from community.models import EmailPreferences
from events.enums import RegistrationStatus
from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from events.reminders.services.scanner import reminders_queue_due
from events.reminders.tasks import queue_due_reminders, send_reminder

from .conftest import make_meeting, make_series, register

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 4, 9, 13, 0, tzinfo=dt.UTC)  # Wed 9 April 2025, 2pm BST


def scan(capture, at: dt.datetime):
    with time_machine.travel(at, tick=False), capture(execute=True):
        return queue_due_reminders.delay().get()


def test_scanner_twice_sends_one_email(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START)
    register(meeting, name="Ada Lovelace")
    at = START - dt.timedelta(minutes=59)
    first = scan(django_capture_on_commit_callbacks, at)
    second = scan(django_capture_on_commit_callbacks, at + dt.timedelta(seconds=30))
    assert first["created"] == 1 and first["enqueued"] == 1
    assert second["created"] == 0 and second["enqueued"] == 0
    assert len(mail.outbox) == 1
    row = ReminderDelivery.objects.get()
    assert (row.offset_minutes, row.status, row.schedule_version) == (60, "sent", 0)
    assert row.sent_at is not None and row.attempts == 1


def test_send_task_twice_for_one_row_sends_one_email(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START)
    register(meeting)
    at = START - dt.timedelta(minutes=30)
    with time_machine.travel(at, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            result = reminders_queue_due()
        (delivery_id,) = result.to_send
        assert send_reminder.delay(delivery_id=delivery_id).get() == "sent"
        assert send_reminder.delay(delivery_id=delivery_id).get() == "unchanged"
    assert len(mail.outbox) == 1


def test_nothing_before_the_offset_is_due(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START)
    register(meeting)
    result = scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=61))
    assert result["created"] == 0
    assert not ReminderDelivery.objects.exists() and mail.outbox == []


def test_each_default_offset_goes_out_once_at_its_time(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START)
    register(meeting)
    for minutes in (10080, 1440, 60):
        at = START - dt.timedelta(minutes=minutes) + dt.timedelta(seconds=20)
        scan(django_capture_on_commit_callbacks, at)
        scan(django_capture_on_commit_callbacks, at + dt.timedelta(minutes=1))
    assert sorted(ReminderDelivery.objects.values_list("offset_minutes", "status")) == [
        (60, "sent"),
        (1440, "sent"),
        (10080, "sent"),
    ]
    assert len(mail.outbox) == 3


def test_meeting_and_series_offsets_override_the_default(django_capture_on_commit_callbacks):
    series = make_series(reminder_offsets=[120])
    from_series = make_meeting(starts_at=START, series=series)
    own = make_meeting(starts_at=START, series=series, reminder_offsets=[30])
    register(from_series)
    register(own)
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=119))
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=29))
    assert set(ReminderDelivery.objects.values_list("meeting_id", "offset_minutes")) == {
        (from_series.pk, 120),
        (own.pk, 30),
    }


def test_reminders_off_or_waitlisted_or_cancelled_gets_none(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START)
    keen = register(meeting, email="keen@example.org").user
    off = register(meeting, email="off@example.org").user
    EmailPreferences.objects.create(user=off, meeting_reminders=False)
    register(meeting, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)
    register(meeting, email="gone@example.org", status=RegistrationStatus.CANCELLED)
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=59))
    assert [m.to for m in mail.outbox] == [[keen.email]]
    assert ReminderDelivery.objects.count() == 1


def test_member_who_dropped_one_offset_gets_the_others(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START)
    user = register(meeting).user
    EmailPreferences.objects.create(user=user, reminder_offsets_off=[1440])
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=1439))
    assert mail.outbox == []
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=59))
    assert len(mail.outbox) == 1
    assert list(ReminderDelivery.objects.values_list("offset_minutes", flat=True)) == [60]


def test_cancelled_meeting_gets_none(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START, status="cancelled")
    register(meeting)
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=59))
    assert mail.outbox == [] and not ReminderDelivery.objects.exists()


def test_meeting_started_while_worker_was_down_gets_no_late_reminder(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(starts_at=START)
    register(meeting)
    # Beat and the worker were down from two hours before until ten minutes after the start.
    result = scan(django_capture_on_commit_callbacks, START + dt.timedelta(minutes=10))
    assert mail.outbox == []
    row = ReminderDelivery.objects.get()
    assert (row.offset_minutes, row.status) == (60, DeliveryStatus.SKIPPED)
    assert "already started" in row.reason
    assert result["enqueued"] == 0


def test_row_recorded_before_a_crash_is_not_sent_after_the_start(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(starts_at=START)
    register(meeting)
    # The broker lost the message: the callbacks are captured, never run.
    with (
        time_machine.travel(START - dt.timedelta(minutes=59), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        (delivery_id,) = reminders_queue_due().to_send
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert send_reminder.delay(delivery_id=delivery_id).get() == DeliveryStatus.SKIPPED
    assert mail.outbox == []


def test_catch_up_within_the_grace_window_sends_only_the_closest(
    django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_GRACE_MINUTES = 360
    meeting = make_meeting(starts_at=START)
    with time_machine.travel(START - dt.timedelta(days=10), tick=False):
        register(meeting)
    # Down from 25 hours before until 40 minutes before: the 1-day one is too late (over 6 h),
    # the 1-hour one is 20 minutes late: it goes, once.
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=40))
    rows = dict(ReminderDelivery.objects.values_list("offset_minutes", "status"))
    assert rows == {10080: "skipped", 1440: "skipped", 60: "sent"}
    assert len(mail.outbox) == 1


def test_late_registration_is_not_owed_older_reminders(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=START)
    with time_machine.travel(START - dt.timedelta(days=2), tick=False):
        register(meeting)
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(days=2) + dt.timedelta(minutes=1))
    assert not ReminderDelivery.objects.exists()  # the 1-week reminder was due before they joined
    scan(django_capture_on_commit_callbacks, START - dt.timedelta(minutes=1439))
    assert list(ReminderDelivery.objects.values_list("offset_minutes", "status")) == [
        (1440, "sent")
    ]


def test_scanner_records_its_run_for_healthz(django_capture_on_commit_callbacks):
    from core.models import Heartbeat

    scan(django_capture_on_commit_callbacks, START)
    assert Heartbeat.objects.get(name="reminder-scanner").last_seen == START


@pytest.mark.parametrize("count", [10, 200])
def test_scanner_query_count_does_not_grow_with_registrations(
    count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from community.models import User

    meeting = make_meeting(starts_at=START)
    other = make_meeting(starts_at=START + dt.timedelta(minutes=5))
    users = User.objects.bulk_create(
        [User(email=f"bulk{i}@example.org", name=f"Member {i}") for i in range(count)]
    )
    from events.models import Registration

    Registration.objects.bulk_create(
        [Registration(meeting=m, user=u) for u in users for m in (meeting, other)]
    )
    with (
        time_machine.travel(START - dt.timedelta(minutes=50), tick=False),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_max_num_queries(25),
    ):
        result = reminders_queue_due()
    assert result.created == 2 * count and len(result.to_send) == 2 * count
    assert len(callbacks) == 1


@pytest.mark.postgres
def test_a_mass_insert_refreshes_the_ledger_statistics(settings):
    """After recording many rows at once the scan runs ANALYZE on the ledger, so the next pass's
    sweeps are planned for its real size (docs/performance.md); a normal pass does not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = make_meeting(starts_at=START)
    for n in range(3):
        register(meeting, name=f"Member {n}")
    at = START - dt.timedelta(minutes=59)
    settings.REMINDER_ANALYZE_AFTER_ROWS = 3
    with time_machine.travel(at, tick=False), CaptureQueriesContext(connection) as captured:
        assert reminders_queue_due().created == 3
    analyses = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]
    assert analyses == [
        'ANALYZE "reminders_reminderdelivery" (status, meeting_id, registration_id, '
        "schedule_version)"
    ]
    register(make_meeting(starts_at=START), name="Late member")
    with time_machine.travel(at, tick=False), CaptureQueriesContext(connection) as captured:
        assert reminders_queue_due().created == 1
    assert not [q for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]
