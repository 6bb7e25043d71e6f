"""Organisers edit series and meetings in the Wagtail admin: validated forms, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Meeting, MeetingSeries
from events.services import meeting_register
from events.timezones import LONDON
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def future_date(days=30) -> str:
    return (timezone.now() + dt.timedelta(days=days)).date().isoformat()


def meeting_data(**overrides) -> dict:
    data = {
        "title": "Workshop on deliberation",
        "slug": "",
        "kind": "workshop",
        "series": "",
        "status": "scheduled",
        "agenda": "",
        "speakers": "",
        "mode": "online",
        "venue": "",
        "join_url": "https://meet.example.org/x",
        "capacity": "20",
        "publish_from": "",
        "notes": "",
        "recording_url": "",
        "reminder_offsets": "",
        "date": future_date(),
        "start_time": "14:00",
        "end_time": "15:15",
        "case_studies": [],
    }
    data.update(overrides)
    return data


def series_data(**overrides) -> dict:
    data = {
        "title": "Monthly meeting",
        "slug": "monthly-meeting",
        "description": "",
        "kind": "community_meeting",
        "rrule": "FREQ=MONTHLY;BYDAY=+2WE",
        "first_date": future_date(1),
        "start_time": "14:00",
        "duration_minutes": "75",
        "default_capacity": "",
        "mode": "online",
        "venue": "",
        "join_url": "",
        "reminder_offsets": ["10080", "1440", "60"],
        "active": "on",
        "exception_dates_text": "",
        "extra_dates_text": "",
    }
    data.update(overrides)
    return data


def test_organiser_creates_meeting_in_admin(client, organiser_user):
    client.force_login(organiser_user)
    assert client.get(reverse("events_meeting:index")).status_code == 200
    response = client.post(reverse("events_meeting:add"), meeting_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(title="Workshop on deliberation")
    local = meeting.starts_at.astimezone(LONDON)
    assert meeting.ends_at - meeting.starts_at == dt.timedelta(minutes=75)
    assert meeting.slug.startswith("workshop-on-deliberation-")
    assert (local.hour, local.minute) == (14, 0)  # entered as UK wall-clock time


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "2001-01-01"}, "must be in the future"),
        ({"start_time": "15:00", "end_time": "14:00"}, "end must be after the start"),
        ({"capacity": "-1"}, "capacity"),
        ({"date": "2031-03-30", "start_time": "01:30", "end_time": "03:00"}, "does not exist"),
        ({"date": "2031-10-26", "start_time": "01:30", "end_time": "03:00"}, "happens twice"),
        ({"date": "31/02/2031"}, "valid date"),
        ({"join_url": "javascript:alert(1)"}, "valid URL"),
        ({"reminder_offsets": ["soon"]}, "Select a valid choice"),
    ],
)
def test_bad_meeting_input_is_a_form_error(client, organiser_user, overrides, message):
    client.force_login(organiser_user)
    response = client.post(reverse("events_meeting:add"), meeting_data(**overrides))
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rrule": "FREQ=SOMETIMES"}, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"),
        ({"rrule": "BYDAY=+2WE"}, "Say how often the meeting repeats with FREQ"),
        ({"first_date": "2001-01-01"}, "cannot start in the past"),
        ({"start_time": "01:30", "rrule": "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"}, "does not exist"),
        ({"duration_minutes": "0"}, "greater than or equal to 1"),
        ({"exception_dates_text": "next tuesday"}, "not a date"),
    ],
)
def test_bad_series_input_is_a_form_error(client, organiser_user, overrides, message):
    client.force_login(organiser_user)
    response = client.post(reverse("events_meetingseries:add"), series_data(**overrides))
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not MeetingSeries.objects.exists()


def test_creating_a_series_generates_occurrences(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(reverse("events_meetingseries:add"), series_data())
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.meetings.count() >= 5
    assert all(m.starts_at.astimezone(dt.UTC).hour in (13, 14) for m in series.meetings.all())


def test_editing_time_in_admin_bumps_sequence_and_detaches(
    client, organiser_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    meeting = MeetingFactory(capacity=5)
    meeting_register(meeting=meeting, user=UserFactory())
    client.force_login(organiser_user)
    data = meeting_data(title=meeting.title, slug=meeting.slug, date=future_date(50))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events_meeting:edit", args=[meeting.pk]), {**data, "confirm": "yes"}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.detached
    assert any("Changed" in m.subject for m in mail.outbox)


def test_member_without_permission_cannot_use_admin_viewsets(client):
    client.force_login(UserFactory())
    response = client.get(reverse("events_meeting:index"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=MONTHLY;BYDAY", "“BYDAY” is not in the form NAME=VALUE"),
        ("FREQ=MONTHLY;BYDAY=XX", "“XX” is not a valid value for BYDAY"),
        ("FREQ=MONTHLY;INTERVAL=often", "“often” is not a valid value for INTERVAL"),
        ("FREQ=MONTHLY;WHEN=+2WE", "“WHEN” is not part of a repeat rule"),
    ],
)
def test_invalid_repeat_rule_says_what_is_wrong_with_an_example(
    client, organiser_user, rule, message
):
    client.force_login(organiser_user)
    response = client.post(reverse("events_meetingseries:add"), series_data(rrule=rule))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "FREQ=MONTHLY;BYDAY=+2WE repeats on the 2nd Wednesday of every month" in html
    assert "unpack" not in html and "not enough values" not in html
    assert not MeetingSeries.objects.exists()


def test_reminder_offsets_read_as_words_in_the_admin(client, organiser_user):
    series = MeetingSeriesFactory(title="Monthly meeting", reminder_offsets=[10080, 1440, 60])
    MeetingFactory(title="Lone workshop", reminder_offsets=[90])
    client.force_login(organiser_user)
    listing = client.get(reverse("events_meetingseries:index")).content.decode()
    assert "1 week, 1 day and 1 hour before" in listing
    assert "[10080, 1440, 60]" not in listing
    meetings = client.get(reverse("events_meeting:index")).content.decode()
    assert "90 minutes before" in meetings and "[90]" not in meetings
    form = client.get(reverse("events_meetingseries:edit", args=[series.pk])).content.decode()
    assert "[10080, 1440, 60]" not in form
    assert "1 week before" in form and "1 day before" in form and "1 hour before" in form


def test_reminder_tick_boxes_save_minutes(client, organiser_user):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events_meetingseries:add"), series_data(reminder_offsets=["60", "2880"])
    )
    assert response.status_code == 302
    assert MeetingSeries.objects.get().reminder_offsets == [2880, 60]
    response = client.post(reverse("events_meeting:add"), meeting_data(reminder_offsets=[]))
    assert response.status_code == 302
    assert Meeting.objects.get(title="Workshop on deliberation").reminder_offsets is None


def test_cancelling_in_the_admin_asks_first(
    client, organiser_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    # 2pm UK time, not "now + 10 days": after 22:45 that meeting would end after midnight and
    # the form (date, start and end time on one day) would refuse the edit.
    starts_at = (timezone.now() + dt.timedelta(days=10)).astimezone(LONDON)
    starts_at = starts_at.replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = MeetingFactory(
        title="Design lab",
        capacity=1,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=75),
    )
    for _ in range(3):
        meeting_register(meeting=meeting, user=UserFactory())
    client.force_login(organiser_user)
    local = meeting.starts_at.astimezone(LONDON)
    data = meeting_data(
        title=meeting.title,
        slug=meeting.slug,
        status="cancelled",
        date=local.date().isoformat(),
        start_time=local.strftime("%H:%M"),
        end_time=meeting.ends_at.astimezone(LONDON).strftime("%H:%M"),
        join_url=meeting.join_url,
        capacity="1",
    )
    url = reverse("events_meeting:edit", args=[meeting.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancel “Design lab”?" in html
    assert "1 registered member and 2 people on the waiting list will be emailed." in html
    assert 'name="status" value="cancelled"' in html  # the edit is posted again on "Yes"
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and len(mail.outbox) == 3


def test_skipping_a_date_in_the_series_admin_asks_first(
    client, organiser_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(organiser_user)
    assert client.post(reverse("events_meetingseries:add"), series_data()).status_code == 302
    series = MeetingSeries.objects.get()
    first = series.meetings.order_by("starts_at").first()
    meeting_register(meeting=first, user=UserFactory())
    day = first.starts_at.astimezone(LONDON).date().isoformat()
    url = reverse("events_meetingseries:edit", args=[series.pk])
    data = series_data(first_date=series.first_date.isoformat(), exception_dates_text=day)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 meeting will be cancelled:" in html
    assert "1 registered member will be emailed." in html
    first.refresh_from_db()
    series.refresh_from_db()
    assert first.status == "scheduled" and series.exception_dates == [] and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "cancelled" and len(mail.outbox) == 1


def test_series_edit_that_tells_nobody_saves_at_once(client, organiser_user):
    client.force_login(organiser_user)
    client.post(reverse("events_meetingseries:add"), series_data())
    series = MeetingSeries.objects.get()
    url = reverse("events_meetingseries:edit", args=[series.pk])
    data = series_data(first_date=series.first_date.isoformat(), title="Renamed meeting")
    assert client.post(url, data).status_code == 302
    assert MeetingSeries.objects.get().title == "Renamed meeting"
