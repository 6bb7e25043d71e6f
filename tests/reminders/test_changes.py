"""Moving or cancelling a meeting (events' own services): no reminder at the old time, a notice,
and reminders at the new time; a cancelled meeting gets none."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from events.reminders.services.scanner import reminders_queue_due
from events.services import meeting_cancel, meeting_move

from .conftest import make_meeting, register

pytestmark = pytest.mark.django_db

OLD = dt.datetime(2025, 6, 11, 13, 0, tzinfo=dt.UTC)  # Wed 11 June 2025, 2pm BST
NEW = dt.datetime(2025, 6, 18, 13, 0, tzinfo=dt.UTC)  # moved a week later


def reminders_sent() -> list:
    return [m for m in mail.outbox if m.subject.startswith("[") and "Reminder:" in m.subject]


def calendar_methods() -> list[str]:
    return [
        mimetype
        for m in mail.outbox
        for (_name, _content, mimetype) in m.attachments
        if "Reminder:" not in m.subject
    ]


def test_moved_meeting_reminds_at_the_new_time_only(django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=OLD, reminder_offsets=[60])
    with time_machine.travel(OLD - dt.timedelta(days=10), tick=False):
        register(meeting, email="ada@example.org")
    # The 1-hour reminder was recorded but its task had not run when the organiser moved it.
    with (
        time_machine.travel(OLD - dt.timedelta(minutes=59), tick=False),
        django_capture_on_commit_callbacks(execute=False) as pending_sends,
    ):
        reminders_queue_due()
    with (
        time_machine.travel(OLD - dt.timedelta(minutes=58), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        meeting_move(meeting=meeting, starts_at=NEW, ends_at=NEW + dt.timedelta(minutes=75))
        for callback in pending_sends:  # the old task runs late: it must not send
            callback()
    assert reminders_sent() == []
    assert calendar_methods() == ["text/calendar; method=REQUEST"]  # the change notice
    assert "SEQUENCE:1" in mail.outbox[0].attachments[0][1]
    old_row = ReminderDelivery.objects.get(schedule_version=0)
    assert old_row.status == DeliveryStatus.SUPERSEDED

    # Around the old time nothing more happens; at the new time the reminder goes out.
    with (
        time_machine.travel(OLD - dt.timedelta(minutes=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_queue_due().created == 0
    with (
        time_machine.travel(NEW - dt.timedelta(minutes=59), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_queue_due()
    (reminder,) = reminders_sent()
    assert "18 June 2025" in reminder.body
    new_row = ReminderDelivery.objects.get(schedule_version=1)
    assert (new_row.status, new_row.due_at) == (DeliveryStatus.SENT, NEW - dt.timedelta(hours=1))


def test_pending_rows_of_a_moved_meeting_are_swept_by_the_scanner(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(starts_at=OLD, reminder_offsets=[60])
    register(meeting)
    with (
        time_machine.travel(OLD - dt.timedelta(minutes=59), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        reminders_queue_due()
    meeting.sequence += 1  # an admin edit (events' meeting_record_change) bumps the version
    meeting.starts_at, meeting.ends_at = NEW, NEW + dt.timedelta(hours=1)
    meeting.save()
    with (
        time_machine.travel(OLD - dt.timedelta(minutes=58), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = reminders_queue_due()
    assert result.superseded == 1 and result.created == 0
    assert reminders_sent() == []


def test_cancelled_meeting_sends_a_cancellation_and_no_reminders(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(starts_at=OLD)
    with time_machine.travel(OLD - dt.timedelta(days=10), tick=False):
        register(meeting, email="ada@example.org")
    with (
        time_machine.travel(OLD - dt.timedelta(days=7) + dt.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_queue_due()
    assert len(reminders_sent()) == 1  # the 1-week reminder, before the cancellation
    with (
        time_machine.travel(OLD - dt.timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        meeting_cancel(meeting=meeting)
    assert calendar_methods() == ["text/calendar; method=CANCEL"]
    for minutes in (1440, 60):
        with (
            time_machine.travel(OLD - dt.timedelta(minutes=minutes - 1), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert reminders_queue_due().created == 0
    assert len(reminders_sent()) == 1
