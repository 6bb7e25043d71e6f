import io

import pytest

from events.unconferences import demo
from events.unconferences.enums import Phase
from events.unconferences.models import (
    NoteRevision,
    ScheduleRelease,
    Session,
    Slot,
    Space,
    Topic,
    Unconference,
    Vote,
)

pytestmark = pytest.mark.django_db


def test_demo_builds_the_2025_unconference_idempotently(home_page):
    from tests.factories.events import MeetingFactory, MeetingSeriesFactory

    series = MeetingSeriesFactory()
    meeting = MeetingFactory(series=series)
    demo.load(stdout=io.StringIO())
    uc = Unconference.objects.get(slug=demo.SLUG)
    assert uc.starts_at.date().isoformat() == "2025-03-20"
    assert uc.phase == Phase.CLOSED
    assert Topic.objects.filter(board__unconference=uc).count() == 15
    assert Space.objects.filter(unconference=uc).count() == 5
    assert Slot.objects.filter(unconference=uc).count() == 4
    assert Session.objects.filter(slot__unconference=uc).count() == 15
    assert Vote.objects.filter(topic__board__unconference=uc).exists()
    assert ScheduleRelease.objects.filter(unconference=uc).count() == 1
    assert NoteRevision.objects.exists()
    standing = Topic.objects.filter(board__meeting_series=series)
    assert standing.count() == 3
    assert standing.filter(taken_up_by_meeting=meeting).count() == 1
    counts = (Topic.objects.count(), Vote.objects.count(), Session.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Topic.objects.count(), Vote.objects.count(), Session.objects.count()) == counts
    assert Unconference.objects.count() == 1
