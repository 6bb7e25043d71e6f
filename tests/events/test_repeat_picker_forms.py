"""Where organisers really edit series and meetings (the Wagtail admin) and move meetings (the
organiser dashboard): the repeat picker, "Show the dates", reminders as tick boxes plus "Add
another reminder", and dates in day, month and year boxes (issue 19 items 1, 2 and 11)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from events.forms import MeetingSeriesForm, MoveMeetingForm
from events.models import Meeting, MeetingSeries
from events.timezones import LONDON
from tests.factories.events import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def picker_data(**overrides) -> dict:
    data = {
        "first_date_day": "9",
        "first_date_month": "12",
        "first_date_year": "2026",
        "start_time": "14:00",
        "duration_minutes": "75",
        "repeat": "monthly_weekday",
        "repeat_weekday": "2",
        "repeat_ordinal": "2",
        "repeat_weeks": "1",
        "repeat_month_day": "",
        "repeat_end": "never",
        "repeat_until_day": "",
        "repeat_until_month": "",
        "repeat_until_year": "",
        "repeat_count": "",
        "rrule": "",
        "exception_dates_text": "",
        "extra_dates_text": "",
        "title": "Community of practice meeting",
        "slug": "community-of-practice",
        "description": "",
        "host": "",
        "agenda": "",
        "kind": "community_meeting",
        "default_capacity": "",
        "mode": "online",
        "venue": "",
        "join_url": "",
        "reminder_offsets": ["10080", "1440", "60"],
        "reminder_other_number": "",
        "reminder_other_unit": "hours",
        "active": "on",
    }
    data.update(overrides)
    return data


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@time_machine.travel(NOW, tick=False)
def test_second_wednesday_from_the_picker_is_saved_as_an_rrule(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(reverse("events_meetingseries:add"), picker_data())
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.rrule == "FREQ=MONTHLY;BYDAY=+2WE"
    assert series.first_date == dt.date(2026, 12, 9)
    starts = [m.starts_at.astimezone(LONDON) for m in series.meetings.order_by("starts_at")]
    assert [s.date() for s in starts[:3]] == [
        dt.date(2026, 12, 9),
        dt.date(2027, 1, 13),
        dt.date(2027, 2, 10),
    ]
    assert all(s.hour == 14 for s in starts)


@time_machine.travel(NOW, tick=False)
def test_show_the_dates_lists_six_dates_in_uk_time_and_keeps_what_was_typed(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events_meetingseries:add"),
        picker_data(show_dates="1", title="", slug="", repeat_end="after", repeat_count="10"),
    )
    assert response.status_code == 200
    assert not MeetingSeries.objects.exists()  # nothing saved
    text = text_of(response)
    assert "Every month on the second Wednesday, 2pm UK time, 10 meetings in all" in text
    assert "The next six meetings, in UK time:" in text
    assert "Stored as the repeat rule FREQ=MONTHLY;BYDAY=+2WE;COUNT=10 when you save." in text
    for day in (
        "Wednesday 9 December 2026, 2pm UK time (GMT)",
        "Wednesday 13 January 2027",
        "Wednesday 10 February 2027",
        "Wednesday 10 March 2027",
        "Wednesday 14 April 2027, 2pm UK time (BST)",
        "Wednesday 12 May 2027",
    ):
        assert day in text
    assert "9 June 2027" not in text  # six, not more
    html = response.content.decode()
    assert 'name="first_date_day" type="text" inputmode="numeric"' in html
    assert 'value="9"' in html and 'value="2026"' in html and 'value="10"' in html
    # A missing title is not an error while only looking at the dates
    assert "This field is required" not in text


@time_machine.travel(NOW, tick=False)
def test_show_the_dates_explains_what_to_fix_first(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events_meetingseries:add"),
        picker_data(show_dates="1", repeat="weekly", repeat_weeks="0"),
    )
    text = text_of(response)
    assert "The dates cannot be shown yet" in text
    assert "The number of weeks must be a whole number from 1 to 52" in text


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"repeat": "weekly", "repeat_weeks": ""}, "Enter how many weeks apart the meetings are"),
        ({"repeat": "monthly_day", "repeat_month_day": "32"}, "from 1 to 31"),
        ({"repeat_end": "on"}, "Enter the date of the last meeting"),
        (
            {
                "repeat_end": "on",
                "repeat_until_day": "1",
                "repeat_until_month": "1",
                "repeat_until_year": "2026",
            },
            "must be the same as or after the first date",
        ),
        ({"repeat_end": "after", "repeat_count": "many"}, "must be a whole number from 1 to 500"),
        ({"first_date_month": ""}, "The first meeting date must include a month"),
        ({"first_date_day": "31", "first_date_month": "2"}, "must be a real date"),
        ({"first_date_year": "26"}, "Year must include 4 numbers"),
        ({"repeat": "advanced", "rrule": ""}, "Enter a repeat rule"),
        ({"reminder_other_number": "two"}, "Enter the reminder time as a whole number"),
        (
            {"reminder_other_number": "5", "reminder_other_unit": "weeks"},
            "4 weeks before the start or less",
        ),
    ],
)
def test_picker_mistakes_get_govuk_style_messages(client, organiser_user, overrides, message):
    client.force_login(organiser_user)
    response = client.post(reverse("events_meetingseries:add"), picker_data(**overrides))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not MeetingSeries.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_every_other_thursday_ending_after_six(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events_meetingseries:add"),
        picker_data(
            repeat="weekly",
            repeat_weekday="3",
            repeat_weeks="2",
            repeat_end="after",
            repeat_count="6",
        ),
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=6"
    dates = [m.starts_at.astimezone(LONDON).date() for m in series.meetings.order_by("starts_at")]
    assert dates == [dt.date(2026, 12, 10) + dt.timedelta(weeks=2 * i) for i in range(6)]


def test_an_existing_rule_fills_the_picker_and_one_it_cannot_say_stays_advanced():
    series = MeetingSeriesFactory(rrule="FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T235959")
    form = MeetingSeriesForm(instance=series)
    assert form["repeat"].value() == "monthly_weekday"
    assert form["repeat_ordinal"].value() == -1
    assert form["repeat_weekday"].value() == 4
    assert form["repeat_end"].value() == "on"
    assert form["repeat_until"].value() == dt.date(2027, 12, 31)

    odd = MeetingSeriesFactory(slug="odd", rrule="FREQ=YEARLY;BYMONTH=6;BYDAY=+1MO")
    form = MeetingSeriesForm(instance=odd)
    assert form["repeat"].value() == "advanced"
    assert form["rrule"].value() == "FREQ=YEARLY;BYMONTH=6;BYDAY=+1MO"


@time_machine.travel(NOW, tick=False)
def test_an_advanced_rule_is_kept_as_typed(client, organiser_user):
    client.force_login(organiser_user)
    rule = "FREQ=MONTHLY;INTERVAL=2;BYDAY=+1TU"
    response = client.post(
        reverse("events_meetingseries:add"), picker_data(repeat="advanced", rrule=rule)
    )
    assert response.status_code == 302
    assert MeetingSeries.objects.get().rrule == rule


@time_machine.travel(NOW, tick=False)
def test_the_series_listing_and_event_page_say_the_rule_in_words(client, organiser_user, home_page):
    series = MeetingSeriesFactory(rrule="FREQ=MONTHLY;BYDAY=+2WE", start_time=dt.time(14, 0))
    start = dt.datetime(2026, 12, 9, 14, 0, tzinfo=LONDON)
    meeting = MeetingFactory(series=series, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    page = text_of(client.get(reverse("events:meeting_detail", kwargs={"slug": meeting.slug})))
    assert "Repeats Every month on the second Wednesday, 2pm UK time" in page
    client.force_login(organiser_user)
    listing = text_of(client.get(reverse("events_meetingseries:index")))
    assert "Every month on the second Wednesday, 2pm UK time" in listing
    assert "FREQ=MONTHLY" not in listing


# --- Reminders -----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_reminders_are_three_tick_boxes_and_add_another_becomes_a_fourth(client, organiser_user):
    client.force_login(organiser_user)
    page = client.get(reverse("events_meetingseries:add")).content.decode()
    boxes = re.findall(r'name="reminder_offsets" value="(\d+)"', page)
    assert boxes == ["10080", "1440", "60"]
    assert "reminder_offsets_json" not in page and "[10080" not in page

    response = client.post(
        reverse("events_meetingseries:add"),
        picker_data(
            reminder_offsets=["1440"],
            reminder_other_number="2",
            reminder_other_unit="days",
            add_reminder="1",
        ),
    )
    assert response.status_code == 200 and not MeetingSeries.objects.exists()
    html = response.content.decode()
    ticked = re.findall(r'name="reminder_offsets" value="(\d+)"[^>]*checked', html)
    assert ticked == ["2880", "1440"]
    assert "2 days before" in text_of(response)
    assert not re.search(r'name="reminder_other_number" value="2"', html)  # the box is empty again

    response = client.post(
        reverse("events_meetingseries:add"),
        picker_data(
            reminder_offsets=["2880", "1440"],
            reminder_other_number="30",
            reminder_other_unit="minutes",
        ),
    )
    assert response.status_code == 302
    assert MeetingSeries.objects.get().reminder_offsets == [2880, 1440, 30]


@time_machine.travel(NOW, tick=False)
def test_add_another_reminder_with_nothing_typed_says_what_to_enter(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events_meetingseries:add"), picker_data(add_reminder="1", title="")
    )
    text = text_of(response)
    assert "Enter how long before the start, like 2" in text
    assert "This field is required" not in text


@time_machine.travel(NOW, tick=False)
def test_a_meeting_gets_its_date_in_boxes_and_an_added_reminder(client, organiser_user):
    client.force_login(organiser_user)
    page = client.get(reverse("events_meeting:add")).content.decode()
    assert page.index('name="date_day"') < page.index('name="title"')  # date and time first
    assert "For example, 27 3 2027" in page
    assert "2025-04-09" not in page
    response = client.post(
        reverse("events_meeting:add"),
        {
            "title": "Workshop on deliberation",
            "slug": "",
            "kind": "workshop",
            "status": "scheduled",
            "mode": "online",
            "join_url": "https://meet.example.org/x",
            "capacity": "20",
            "date_day": "27",
            "date_month": "3",
            "date_year": "2027",
            "start_time": "14:00",
            "end_time": "15:15",
            "reminder_offsets": ["1440"],
            "reminder_other_number": "3",
            "reminder_other_unit": "hours",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Workshop on deliberation")
    assert meeting.starts_at == dt.datetime(2027, 3, 27, 14, 0, tzinfo=dt.UTC)  # GMT that day
    assert meeting.reminder_offsets == [1440, 180]


# --- Moving a meeting: day, month and year --------------------------------------------------------


def move_data(**overrides):
    data = {
        "date_day": "14",
        "date_month": "4",
        "date_year": "2027",
        "start_time": "14:00",
        "end_time": "15:15",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_move_a_meeting_with_day_month_and_year(client, organiser_user, meeting, home_page):
    client.force_login(organiser_user)
    page = client.get(reverse("events:organise_meeting", kwargs={"slug": meeting.slug}))
    html = page.content.decode()
    assert "For example, 27 3 2027" in html
    assert 'type="date"' not in html  # no native picker whose format differs from the hint
    assert re.search(r"<legend>New date</legend>", html)
    response = client.post(reverse("events:move", kwargs={"slug": meeting.slug}), move_data())
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2027, 4, 14, 13, 0, tzinfo=dt.UTC)  # 2pm BST


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_day": "", "date_month": "", "date_year": ""}, "Enter the new date"),
        ({"date_month": ""}, "The new date must include a month"),
        ({"date_day": "", "date_year": ""}, "The new date must include a day and a year"),
        ({"date_day": "30", "date_month": "2"}, "The new date must be a real date"),
        ({"date_day": "x"}, "The new date must be a real date"),
        (
            {"date_day": "28", "date_month": "3", "start_time": "01:30", "end_time": "03:00"},
            "01:30 on 2027-03-28 does not exist in UK time",
        ),
        (
            {"date_day": "31", "date_month": "10", "start_time": "01:30", "end_time": "03:00"},
            "01:30 on 2027-10-31 happens twice in UK time",
        ),
    ],
)
def test_move_mistakes_are_govuk_style(
    client, organiser_user, meeting, home_page, overrides, message
):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events:move", kwargs={"slug": meeting.slug}), move_data(**overrides)
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "There is a problem" in text and message in text


def test_move_form_prefills_the_boxes():
    form = MoveMeetingForm(initial={"date": dt.date(2027, 3, 27)})
    html = str(form["date"])
    for label, value in (("Day", "27"), ("Month", "3"), ("Year", "2027")):
        assert f">{label}</label>" in html and f'value="{value}"' in html


@time_machine.travel(NOW, tick=False)
def test_show_the_dates_says_when_the_first_date_does_not_fit_the_rule(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events_meetingseries:add"),
        picker_data(show_dates="1", first_date_day="3"),  # Thursday 3 December 2026
    )
    text = text_of(response)
    assert (
        "Thursday 3 December 2026 does not fit this rule, so the first meeting is on "
        "Wednesday 9 December 2026." in text
    )
