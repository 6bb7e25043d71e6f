"""The set-based scan records exactly the rows the previous implementation recorded.

A generated mix of meetings (own, series' and default offsets, invalid and empty offsets,
cancelled, moved, started, long past), members (reminders off, some offsets off, inactive) and
registrations (waiting list, cancelled, registered before and after each due time, some with
ledger rows already), scanned at a series of moments with changes in between; at each moment the
rows the scan inserts are compared with tests/reminders/reference_scanner.py (today's code before
the change, copied from git) on the same data."""

import datetime as dt
import random

import pytest
from django.conf import settings
from django.db import transaction

from community.models import EmailPreferences, User
from events.enums import MeetingStatus, RegistrationStatus
from events.models import Meeting, Registration
from events.reminders.enums import DeliveryStatus
from events.reminders.models import ReminderDelivery
from events.reminders.services.scanner import reminders_queue_due

from .conftest import make_meeting, make_series
from .reference_scanner import reference_rows

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 4, 9, 13, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)

MEETING_STARTS = [  # minutes from START
    -7 * 60,
    -2 * 60,
    -10,
    0,
    5,
    30,
    50,
    3 * 60,
    20 * 60,
    23 * 60 + 30,
    26 * 60,
    6 * 24 * 60 + 20 * 60,
    7 * 24 * 60 + 60,
    8 * 24 * 60,
]
OFFSET_CHOICES = [None, None, None, [60], [1440, 60], ["60", 90], [0, -5, "x", 45], [], [30, 20]]
OFFSETS_OFF_CHOICES = [[], [], [1440], [60, 10080], ["60"], [120, 30]]
SCAN_MOMENTS = [  # minutes from START
    -8 * 24 * 60,
    -7 * 24 * 60 + 1,
    -6 * 24 * 60,
    -25 * 60,
    -23 * 60,
    -3 * 60,
    -59,
    -40,
    -25,
    -20,
    -1,
    10,
    7 * 60,
    30 * 60,
]


def build_world(rng: random.Random) -> dict:
    series = [
        make_series(reminder_offsets=[120, 30]),
        make_series(reminder_offsets=[1440, 90]),
        make_series(reminder_offsets=[]),
    ]
    meetings = []
    for minutes in MEETING_STARTS:
        for _copy in range(2):
            fields = {}
            offsets = rng.choice(OFFSET_CHOICES)
            if offsets is not None:
                fields["reminder_offsets"] = offsets
            if rng.random() < 0.4:
                fields["series"] = rng.choice(series)
            if rng.random() < 0.12:
                fields["status"] = MeetingStatus.CANCELLED
            fields["sequence"] = rng.choice([0, 0, 0, 1, 3])
            starts = START + dt.timedelta(minutes=minutes + rng.choice([0, 0, 1, -1]))
            meetings.append(make_meeting(starts_at=starts, **fields))
    users = []
    for n in range(30):
        user = User.objects.create(
            email=f"mix{n}@example.org", name=f"Member {n}", is_active=rng.random() > 0.08
        )
        users.append(user)
        choice = rng.random()
        if choice < 0.1:
            EmailPreferences.objects.create(user=user, meeting_reminders=False)
        elif choice < 0.6:
            EmailPreferences.objects.create(
                user=user, reminder_offsets_off=rng.choice(OFFSETS_OFF_CHOICES)
            )
    registrations = []
    for user in users:
        for meeting in rng.sample(meetings, k=rng.randint(3, 12)):
            status = rng.choices(
                [
                    RegistrationStatus.REGISTERED,
                    RegistrationStatus.WAITLISTED,
                    RegistrationStatus.CANCELLED,
                ],
                weights=[8, 1, 1],
            )[0]
            registrations.append(Registration(meeting=meeting, user=user, status=status))
    Registration.objects.bulk_create(registrations)
    # Registered between ten days and a few minutes before the start of the scans' range, some
    # after one of their reminders was already due.
    for registration in Registration.objects.all():
        registered = registration.meeting.starts_at - dt.timedelta(
            minutes=rng.choice([15 * 24 * 60, 10 * 24 * 60, 3 * 24 * 60, 30 * 60, 200, 45, 25])
        )
        Registration.objects.filter(pk=registration.pk).update(created_at=registered)
    # Rows already recorded by an earlier scan, for the current or an older schedule version.
    for registration in rng.sample(list(Registration.objects.select_related("meeting")), k=40):
        meeting = registration.meeting
        offset = rng.choice([10080, 1440, 60, 120, 30])
        version = rng.choice([meeting.sequence, max(meeting.sequence - 1, 0)])
        ReminderDelivery.objects.get_or_create(
            registration=registration,
            offset_minutes=offset,
            schedule_version=version,
            defaults={
                "meeting": meeting,
                "due_at": meeting.starts_at - dt.timedelta(minutes=offset),
                "status": rng.choice([DeliveryStatus.SENT, DeliveryStatus.SKIPPED]),
                "sent_at": START - dt.timedelta(days=9),
            },
        )
    return {"meetings": meetings, "users": users}


def change_something(rng: random.Random, world: dict) -> None:
    """Between scans: a meeting moves or is cancelled, a member joins from the waiting list or
    switches reminders back on, someone registers late."""
    meeting = rng.choice(world["meetings"])
    action = rng.choice(["move", "cancel", "promote", "prefs", "late"])
    if action == "move":
        meeting.refresh_from_db()
        moved_by = dt.timedelta(minutes=rng.choice([-90, 30, 600]))
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=meeting.starts_at + moved_by,
            ends_at=meeting.ends_at + moved_by,
            sequence=meeting.sequence + 1,
        )
    elif action == "cancel":
        Meeting.objects.filter(pk=meeting.pk).update(
            status=MeetingStatus.CANCELLED, sequence=meeting.sequence + 1
        )
    elif action == "promote":
        waiting = Registration.objects.filter(status=RegistrationStatus.WAITLISTED).first()
        if waiting:
            Registration.objects.filter(pk=waiting.pk).update(status=RegistrationStatus.REGISTERED)
    elif action == "prefs":
        EmailPreferences.objects.filter(meeting_reminders=False).update(meeting_reminders=True)
    else:
        user = rng.choice(world["users"])
        Registration.objects.get_or_create(meeting=meeting, user=user)


def scan_rows(now: dt.datetime, django_capture_on_commit_callbacks) -> tuple[set, object]:
    before = set(ReminderDelivery.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=False):
        result = reminders_queue_due(now=now)
    created = ReminderDelivery.objects.exclude(pk__in=before)
    rows = {
        (
            row.registration_id,
            row.meeting_id,
            row.offset_minutes,
            row.schedule_version,
            row.due_at,
            row.status,
            row.reason,
            row.queued_at is not None,
        )
        for row in created
    }
    return rows, result


@pytest.mark.parametrize("seed", range(6))
def test_scan_records_the_same_rows_as_the_previous_implementation(
    seed, django_capture_on_commit_callbacks
):
    rng = random.Random(seed)
    world = build_world(rng)
    grace = dt.timedelta(minutes=settings.REMINDER_GRACE_MINUTES)
    compared = 0
    kinds = set()
    for minutes in SCAN_MOMENTS:
        now = START + dt.timedelta(minutes=minutes)
        with transaction.atomic():
            expected = reference_rows(now=now, grace=grace)
        actual, result = scan_rows(now, django_capture_on_commit_callbacks)
        assert actual == expected, f"seed {seed}, {minutes} minutes from the start"
        assert result.created == len(expected)
        pending = {row for row in expected if row[5] == DeliveryStatus.PENDING}
        assert len(pending) <= len(result.to_send)
        compared += len(expected)
        kinds |= {(row[5], row[6][:20]) for row in expected}
        change_something(rng, world)
        change_something(rng, world)
    # The mix exercised every decision: pending, too late, started, closer.
    assert compared > 50
    assert {status for status, _reason in kinds} == {"pending", "skipped"}
    assert len(kinds) >= 3
