"""Series recurrence in Europe/London: DST instants, idempotent regeneration, moved occurrences."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from events.calendars import meeting_uid
from events.enums import MeetingStatus
from events.models import Meeting
from events.recurrence import occurrence_dates, occurrence_instants, parse_rrule
from events.selectors import uk_time_display
from events.services import meeting_cancel, meeting_move, meeting_series_generate
from events.tasks import generate_occurrences
from events.timezones import LONDON, LocalTimeError, london_to_utc
from participation.celery import app
from tests.factories.events import MeetingSeriesFactory

UTC = dt.UTC
pytestmark = pytest.mark.django_db


def generate_2025(series):
    return meeting_series_generate(
        series=series, since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31)
    )


@time_machine.travel(dt.datetime(2024, 12, 1, 9, 0, tzinfo=UTC), tick=False)
def test_second_wednesday_2pm_keeps_uk_wall_clock_across_dst():
    series = MeetingSeriesFactory(first_date=dt.date(2025, 1, 1))
    generate_2025(series)
    starts = {m.occurrence_key: m.starts_at for m in Meeting.objects.filter(series=series)}
    assert len(starts) == 12
    assert starts[dt.date(2025, 3, 12)] == dt.datetime(2025, 3, 12, 14, 0, tzinfo=UTC)
    assert starts[dt.date(2025, 4, 9)] == dt.datetime(2025, 4, 9, 13, 0, tzinfo=UTC)
    assert starts[dt.date(2025, 10, 8)] == dt.datetime(2025, 10, 8, 13, 0, tzinfo=UTC)
    assert starts[dt.date(2025, 11, 12)] == dt.datetime(2025, 11, 12, 14, 0, tzinfo=UTC)
    for meeting in Meeting.objects.filter(series=series):
        text = uk_time_display(starts_at=meeting.starts_at, ends_at=meeting.ends_at)
        assert ", 2pm to 3:15pm UK time (" in text, text
    april = Meeting.objects.get(series=series, occurrence_key=dt.date(2025, 4, 9))
    assert (
        uk_time_display(starts_at=april.starts_at, ends_at=april.ends_at)
        == "Wednesday 9 April 2025, 2pm to 3:15pm UK time (BST)"
    )
    november = Meeting.objects.get(series=series, occurrence_key=dt.date(2025, 11, 12))
    assert uk_time_display(starts_at=november.starts_at, ends_at=november.ends_at).endswith("(GMT)")


@time_machine.travel(dt.datetime(2024, 12, 1, 9, 0, tzinfo=UTC), tick=False)
def test_regeneration_is_idempotent_and_keeps_uids():
    series = MeetingSeriesFactory()
    first = generate_2025(series)
    uids = {m.pk: meeting_uid(m) for m in Meeting.objects.filter(series=series)}
    second = generate_2025(series)
    assert first["created"] == 12
    assert second["created"] == 0
    assert Meeting.objects.filter(series=series).count() == 12
    assert {m.pk: meeting_uid(m) for m in Meeting.objects.filter(series=series)} == uids


@time_machine.travel(dt.datetime(2024, 12, 1, 9, 0, tzinfo=UTC), tick=False)
def test_regeneration_leaves_moved_and_cancelled_occurrences_alone():
    series = MeetingSeriesFactory()
    generate_2025(series)
    april = Meeting.objects.get(series=series, occurrence_key=dt.date(2025, 4, 9))
    may = Meeting.objects.get(series=series, occurrence_key=dt.date(2025, 5, 14))
    uid = meeting_uid(april)
    new_start = dt.datetime(2025, 4, 16, 10, 0, tzinfo=UTC)
    meeting_move(meeting=april, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=1))
    meeting_cancel(meeting=may)
    # the organiser also changes the series' time: attached occurrences follow, detached don't
    series.start_time = dt.time(15, 0)
    series.save()
    counts = generate_2025(series)
    april.refresh_from_db()
    may.refresh_from_db()
    assert april.starts_at == new_start
    assert april.status == MeetingStatus.MOVED and april.detached
    assert meeting_uid(april) == uid
    assert may.status == MeetingStatus.CANCELLED
    june = Meeting.objects.get(series=series, occurrence_key=dt.date(2025, 6, 11))
    assert june.starts_at == dt.datetime(2025, 6, 11, 14, 0, tzinfo=UTC)  # 3pm BST
    assert june.sequence == 1
    assert counts["updated"] == 10
    assert Meeting.objects.filter(series=series).count() == 12


@time_machine.travel(dt.datetime(2024, 12, 1, 9, 0, tzinfo=UTC), tick=False)
def test_exceptions_and_extra_dates():
    series = MeetingSeriesFactory(
        exception_dates=["2025-08-13"], extra_dates=["2025-08-27", "2026-06-01"]
    )
    generate_2025(series)
    keys = set(Meeting.objects.filter(series=series).values_list("occurrence_key", flat=True))
    assert dt.date(2025, 8, 13) not in keys
    assert dt.date(2025, 8, 27) in keys
    assert dt.date(2026, 6, 1) not in keys  # beyond "until"
    # Skipping a date that was already generated cancels that occurrence
    series.exception_dates = ["2025-08-13", "2025-09-10"]
    series.save()
    generate_2025(series)
    september = Meeting.objects.get(series=series, occurrence_key=dt.date(2025, 9, 10))
    assert september.status == MeetingStatus.CANCELLED
    assert september.sequence == 1


def test_non_existent_and_ambiguous_local_times_are_refused():
    with pytest.raises(LocalTimeError, match="does not exist"):
        london_to_utc(dt.datetime(2025, 3, 30, 1, 30))
    with pytest.raises(LocalTimeError, match="happens twice"):
        london_to_utc(dt.datetime(2025, 10, 26, 1, 30))
    assert london_to_utc(dt.datetime(2025, 10, 26, 3, 0)) == dt.datetime(
        2025, 10, 26, 3, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "rule",
    ["FREQ=SOMETIMES", "BYDAY=+2WE;FREQ", "", "hello", "FREQ=MONTHLY;BYDAY=XX", "FREQ=MINUTELY"],
)
def test_malformed_rrule_raises_validation_error(rule):
    with pytest.raises(ValidationError):
        parse_rrule(rule, dtstart=dt.datetime(2025, 1, 1, 14, 0))


def test_occurrence_dates_window():
    days = occurrence_dates(
        rule="FREQ=MONTHLY;BYDAY=+2WE",
        first_date=dt.date(2025, 1, 1),
        start_time=dt.time(14, 0),
        since=dt.date(2025, 3, 1),
        until=dt.date(2025, 4, 30),
    )
    assert days == [dt.date(2025, 3, 12), dt.date(2025, 4, 9)]


def test_periodic_task_keeps_months_materialised_and_is_in_beat_schedule():
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "events.generate_occurrences" in schedule
    series = MeetingSeriesFactory(first_date=dt.date.today())
    MeetingSeriesFactory(first_date=dt.date.today(), active=False)
    generate_occurrences(months=3)
    count = Meeting.objects.count()
    assert 2 <= count <= 4
    assert set(Meeting.objects.values_list("series", flat=True)) == {series.pk}
    generate_occurrences(months=3)
    assert Meeting.objects.count() == count


@settings(max_examples=50, deadline=None)
@given(
    first=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    hour=st.sampled_from([9, 10, 14, 18]),
    minute=st.sampled_from([0, 15, 30]),
)
def test_generated_instants_always_show_the_same_uk_wall_clock(first, hour, minute):
    """Property: every occurrence of a monthly series is at the same UK wall-clock time, its UTC
    instant is that time minus 0 (GMT) or 1 hour (BST), and the display names the right zone."""
    start_time = dt.time(hour, minute)
    days = occurrence_dates(
        rule="FREQ=MONTHLY;BYDAY=+2WE",
        first_date=first,
        start_time=start_time,
        since=first,
        until=first + dt.timedelta(days=400),
    )
    assert len(days) >= 12
    for day in days:
        assert day.weekday() == 2 and 8 <= day.day <= 14
        starts_at, ends_at = occurrence_instants(
            day=day, start_time=start_time, duration_minutes=75
        )
        local = starts_at.astimezone(LONDON)
        assert (local.date(), local.time()) == (day, start_time)
        offset = local.utcoffset()
        assert offset in (dt.timedelta(0), dt.timedelta(hours=1))
        text = uk_time_display(starts_at=starts_at, ends_at=ends_at)
        assert text.endswith("(BST)" if offset else "(GMT)")
