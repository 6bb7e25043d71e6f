import datetime as dt
import itertools

import pytest

from events.enums import RegistrationStatus
from events.models import Meeting, MeetingSeries, Registration
from tests.factories.users import UserFactory

_slugs = itertools.count()


def make_meeting(*, starts_at: dt.datetime, minutes: int = 75, **fields) -> Meeting:
    n = next(_slugs)
    fields.setdefault("title", f"Community of practice meeting {n}")
    fields.setdefault("join_url", "https://meet.example.org/cop")
    return Meeting.objects.create(
        slug=f"cop-meeting-{n}",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        **fields,
    )


def make_series(**fields) -> MeetingSeries:
    n = next(_slugs)
    fields.setdefault("reminder_offsets", [10080, 1440, 60])
    return MeetingSeries.objects.create(
        title=f"Monthly meeting {n}",
        slug=f"monthly-{n}",
        rrule="FREQ=MONTHLY;BYDAY=+2WE",
        start_time=dt.time(14, 0),
        duration_minutes=75,
        first_date=dt.date(2025, 1, 8),
        **fields,
    )


def register(meeting: Meeting, user=None, *, status=RegistrationStatus.REGISTERED, **user_fields):
    user = user or UserFactory(**user_fields)
    return Registration.objects.create(meeting=meeting, user=user, status=status)


@pytest.fixture
def utc():
    return dt.UTC
