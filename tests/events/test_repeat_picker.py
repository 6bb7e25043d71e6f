"""The repeat picker (issue 19 item 1): plain-language choices <-> the stored RRULE <-> dates.

The 17 real meeting dates come from the demo content (events/demo.py, CONTENT-FACTS.md d1)."""

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.demo import COMMUNITY_MEETINGS
from events.recurrence import (
    END_AFTER,
    END_NEVER,
    END_ON,
    PATTERN_MONTHLY_DAY,
    PATTERN_MONTHLY_WEEKDAY,
    PATTERN_WEEKLY,
    RepeatPicker,
    occurrence_dates,
    occurrence_instants,
    picker_for_date,
    picker_from_rrule,
    rule_in_words,
)

REAL_DATES = [dt.date.fromisoformat(day) for day, *_rest in COMMUNITY_MEETINGS]
TWO_PM = dt.time(14, 0)


def _ordinal_in_month(day: dt.date) -> int:
    return (day.day - 1) // 7 + 1


def _is_last_in_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=7)).month != day.month


def test_the_demo_has_the_seventeen_real_meetings():
    assert len(REAL_DATES) == 17
    assert REAL_DATES[0] == dt.date(2024, 7, 18)
    assert REAL_DATES[-1] == dt.date(2026, 3, 11)


@pytest.mark.parametrize("day", REAL_DATES, ids=[d.isoformat() for d in REAL_DATES])
def test_each_real_meeting_date_has_a_picker_rule_that_gives_it(day):
    """The picker a date suggests (e.g. 11 Dec 2024 -> the second Wednesday) writes an RRULE
    whose first date is that date, every date is the same weekday in the same place in its
    month, and the RRULE fills the picker again."""
    picker = picker_for_date(day)
    rule = picker.to_rrule()
    dates = occurrence_dates(
        rule=rule,
        first_date=day,
        start_time=TWO_PM,
        since=day,
        until=dt.date(day.year + 1, day.month, 1) - dt.timedelta(days=1),
    )
    assert dates[0] == day
    assert len(dates) == 12  # one a month, up to the month before the same month next year
    for date in dates:
        assert date.weekday() == day.weekday()
        assert _ordinal_in_month(date) == _ordinal_in_month(day)
    assert picker_from_rrule(rule) == picker


def test_the_series_with_its_skipped_and_extra_dates_gives_exactly_the_seventeen():
    """The demo series in the picker's terms: every month on the second Wednesday at 2pm UK
    time, ending on 11 March 2026, with the moved months and summer breaks as skipped and extra
    dates: exactly the 17 real meetings, at 13:00Z in summer and 14:00Z in winter."""
    picker = RepeatPicker(
        PATTERN_MONTHLY_WEEKDAY, weekday=2, ordinal=2, end=END_ON, until=dt.date(2026, 3, 11)
    )
    rule = picker.to_rrule()
    assert rule == "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20260311T235959"
    second_wednesdays = occurrence_dates(
        rule=rule,
        first_date=REAL_DATES[0],
        start_time=TWO_PM,
        since=REAL_DATES[0],
        until=dt.date(2030, 1, 1),
    )
    assert second_wednesdays[-1] == dt.date(2026, 3, 11)  # the end date is included
    extras = sorted(set(REAL_DATES) - set(second_wednesdays))
    skipped = sorted(set(second_wednesdays) - set(REAL_DATES))
    # Two Thursdays before the series settled, and three third Wednesdays.
    assert extras == [
        dt.date(2024, 7, 18),
        dt.date(2024, 10, 3),
        dt.date(2025, 1, 15),
        dt.date(2025, 6, 18),
        dt.date(2025, 11, 19),
    ]
    assert dt.date(2025, 8, 13) in skipped  # no meeting in August
    dates = occurrence_dates(
        rule=rule,
        first_date=REAL_DATES[0],
        start_time=TWO_PM,
        since=REAL_DATES[0],
        until=dt.date(2030, 1, 1),
        exceptions=[d.isoformat() for d in skipped],
        extras=[d.isoformat() for d in extras],
    )
    assert dates == REAL_DATES
    starts = {
        day: occurrence_instants(day=day, start_time=TWO_PM, duration_minutes=75)[0]
        for day in dates
    }
    assert starts[dt.date(2025, 3, 12)] == dt.datetime(2025, 3, 12, 14, 0, tzinfo=dt.UTC)
    assert starts[dt.date(2025, 4, 9)] == dt.datetime(2025, 4, 9, 13, 0, tzinfo=dt.UTC)
    assert starts[dt.date(2025, 11, 19)] == dt.datetime(2025, 11, 19, 14, 0, tzinfo=dt.UTC)
    assert picker_from_rrule(rule) == picker


def test_the_demo_series_rule_fills_the_picker_and_reads_in_words():
    picker = picker_from_rrule("FREQ=MONTHLY;BYDAY=+2WE")
    assert picker == RepeatPicker(PATTERN_MONTHLY_WEEKDAY, weekday=2, ordinal=2)
    assert picker_from_rrule("RRULE:FREQ=MONTHLY;BYDAY=2WE") == picker
    assert (
        rule_in_words("FREQ=MONTHLY;BYDAY=+2WE", start_time=TWO_PM)
        == "Every month on the second Wednesday, 2pm UK time"
    )


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "Every 2 weeks on Thursday, 9:30am UK time"),
        ("FREQ=WEEKLY;BYDAY=TU", "Every week on Tuesday, 9:30am UK time"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Every month on the last Friday, 9:30am UK time"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6",
            "Every month on day 15, 9:30am UK time, 6 meetings in all",
        ),
        (
            "FREQ=MONTHLY;BYDAY=+1MO;UNTIL=20270327T235959",
            "Every month on the first Monday, 9:30am UK time, until 27 March 2027",
        ),
    ],
)
def test_rules_read_in_words(rule, words):
    assert rule_in_words(rule, start_time=dt.time(9, 30)) == words


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",  # yearly: not a picker choice
        "FREQ=WEEKLY;BYDAY=MO,WE",  # two weekdays
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=+2WE",  # every other month
        "FREQ=MONTHLY;BYDAY=+5WE",  # fifth Wednesday
        "FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20260311",  # midnight: would drop the last 2pm meeting
        "FREQ=WEEKLY;BYDAY=TH;WKST=SU",
        "FREQ=DAILY",
    ],
)
def test_rules_the_picker_cannot_say_stay_advanced(rule):
    assert picker_from_rrule(rule) is None
    assert rule in rule_in_words(rule)


weekdays = st.integers(min_value=0, max_value=6)
ends = st.one_of(
    st.just({"end": END_NEVER}),
    st.builds(
        lambda until: {"end": END_ON, "until": until},
        st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2029, 12, 31)),
    ),
    st.builds(lambda count: {"end": END_AFTER, "count": count}, st.integers(1, 500)),
)
pickers = st.one_of(
    st.builds(
        lambda weekday, interval, end: RepeatPicker(
            PATTERN_WEEKLY, weekday=weekday, interval=interval, **end
        ),
        weekdays,
        st.integers(1, 52),
        ends,
    ),
    st.builds(
        lambda weekday, ordinal, end: RepeatPicker(
            PATTERN_MONTHLY_WEEKDAY, weekday=weekday, ordinal=ordinal, **end
        ),
        weekdays,
        st.sampled_from([1, 2, 3, 4, -1]),
        ends,
    ),
    st.builds(
        lambda day, end: RepeatPicker(PATTERN_MONTHLY_DAY, month_day=day, **end),
        st.integers(1, 31),
        ends,
    ),
)


@settings(max_examples=200, deadline=None)
@given(picker=pickers, first_date=st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)))
def test_picker_to_rrule_to_dates_to_picker_round_trips(picker, first_date):
    """Any picker: its RRULE fills the same picker, and every date the RRULE gives is what the
    picker says (weekday, place in the month, day of the month, end)."""
    rule = picker.to_rrule()
    assert picker_from_rrule(rule) == picker.normalised()
    dates = occurrence_dates(
        rule=rule,
        first_date=first_date,
        start_time=TWO_PM,
        since=first_date,
        until=first_date + dt.timedelta(days=366 * 3),
    )
    assert dates == sorted(set(dates))
    for day in dates:
        assert day >= first_date
        if picker.pattern in (PATTERN_WEEKLY, PATTERN_MONTHLY_WEEKDAY):
            assert day.weekday() == picker.weekday
        if picker.pattern == PATTERN_MONTHLY_WEEKDAY:
            if picker.ordinal == -1:
                assert _is_last_in_month(day)
            else:
                assert _ordinal_in_month(day) == picker.ordinal
        if picker.pattern == PATTERN_MONTHLY_DAY:
            assert day.day == picker.month_day
        if picker.end == END_ON:
            assert day <= picker.until
    if picker.end == END_AFTER:
        assert len(dates) <= picker.count
    for earlier, later in itertools.pairwise(dates):
        gap = (later - earlier).days
        if picker.pattern == PATTERN_WEEKLY:
            assert gap == 7 * picker.interval
        else:
            assert 28 <= gap <= 31 * 4  # at most three months without that day (the 31st)
    if picker.end == END_ON and dates:
        # Nothing the rule would give after the last date and before the end date is lost.
        following = occurrence_dates(
            rule=RepeatPicker(**{**picker.__dict__, "end": END_NEVER}).to_rrule(),
            first_date=first_date,
            start_time=TWO_PM,
            since=first_date,
            until=min(picker.until, first_date + dt.timedelta(days=366 * 3)),
        )
        assert following == dates
