"""Demo content: the 17 real community meetings, design labs, upcoming occurrences; idempotent."""

import datetime as dt
import io

import pytest

from events import demo
from events.models import Meeting, MeetingSeries

UTC = dt.UTC
pytestmark = pytest.mark.django_db


def test_demo_loads_real_dates_and_is_idempotent():
    demo.load(stdout=io.StringIO())
    first = set(Meeting.objects.values_list("slug", "starts_at"))
    demo.load(stdout=io.StringIO())
    assert set(Meeting.objects.values_list("slug", "starts_at")) == first
    assert MeetingSeries.objects.count() == 1

    community = Meeting.objects.filter(slug__startswith="community-meeting-")
    assert community.count() == 17
    dates = sorted(m.starts_at.date() for m in community)
    assert dates[0] == dt.date(2024, 7, 18) and dates[-1] == dt.date(2026, 3, 11)
    assert not community.filter(starts_at__month=8, starts_at__year=2025).exists()
    april = Meeting.objects.get(slug="community-meeting-2025-04-09")
    assert april.starts_at == dt.datetime(2025, 4, 9, 13, 0, tzinfo=UTC)
    march = Meeting.objects.get(slug="community-meeting-2025-03-12")
    assert march.starts_at == dt.datetime(2025, 3, 12, 14, 0, tzinfo=UTC)
    assert all(m.notes for m in community)

    cardiff = Meeting.objects.get(slug="design-lab-procurement-wales-2024")
    assert cardiff.venue == "Cardiff"
    assert cardiff.starts_at == dt.datetime(2024, 10, 15, 12, 30, tzinfo=UTC)
    assert cardiff.ends_at == dt.datetime(2024, 10, 15, 15, 30, tzinfo=UTC)
    assert Meeting.objects.filter(kind="design_lab").count() == 5

    assert Meeting.objects.filter(starts_at__gt=dt.datetime.now(UTC)).exists()
    assert not Meeting.objects.filter(title__icontains="unconference").exists()
