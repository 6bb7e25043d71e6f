"""Organiser dashboard: counts, attendees CSV, attendance, messages, move and cancel notices."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import MeetingStatus
from events.models import Meeting, Registration
from events.services import meeting_cancel, meeting_move, meeting_register
from events.tasks import send_meeting_change_notices, send_organiser_message
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory

JOIN = "https://meet.example.org/secret-join-link"
pytestmark = pytest.mark.django_db


@pytest.fixture
def full_meeting(db):
    meeting = MeetingFactory(title="Design lab", capacity=2)
    people = [UserFactory(name=f"Person {i}") for i in range(3)]
    for person in people:
        meeting_register(meeting=meeting, user=person)
    return meeting, people


def test_dashboard_shows_counts(client, organiser_user, full_meeting, home_page):
    meeting, _people = full_meeting
    client.force_login(organiser_user)
    response = client.get(reverse("events:organise"))
    page = response.content.decode()
    row = page.split(meeting.title)[1].split("</tr>")[0]
    assert "<td>2</td>" in row and "<td>1</td>" in row
    assert reverse("events_meeting:index") in page


def test_member_cannot_see_dashboard(client, member):
    client.force_login(member)
    assert client.get(reverse("events:organise")).status_code == 403


def test_attendee_csv_and_attendance(client, organiser_user, full_meeting):
    meeting, people = full_meeting
    people[0].name = "=HYPERLINK(evil)"
    people[0].save()
    client.force_login(organiser_user)
    response = client.get(reverse("events:attendees_csv", kwargs={"slug": meeting.slug}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["status"] for row in rows].count("registered") == 2
    assert [row["status"] for row in rows].count("waitlisted") == 1
    assert rows[0]["name"].startswith("'=")  # no formula injection
    registrations = Registration.objects.filter(meeting=meeting, status="registered")
    first = registrations.order_by("pk").first()
    client.post(
        reverse("events:attendance", kwargs={"slug": meeting.slug}), {"attended": [first.pk]}
    )
    attended = dict(registrations.values_list("pk", "attended"))
    assert attended[first.pk] is True
    assert sorted(v for v in attended.values()) == [False, True]


def test_message_attendees_goes_to_registered_only(
    client, organiser_user, full_meeting, django_capture_on_commit_callbacks
):
    meeting, people = full_meeting
    client.force_login(organiser_user)
    mail.outbox.clear()
    url = reverse("events:message_attendees", kwargs={"slug": meeting.slug})
    text = {"subject": "Room change", "body": "We are in room 2."}
    preview = client.post(url, text).content.decode()  # a post from no preview: shown first
    assert not mail.outbox
    token = re.search(r'name="send_token" value="([0-9a-f-]+)"', preview).group(1)
    previewed = re.search(r'name="previewed" value="([0-9a-f]+)"', preview).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {**text, "action": "send", "send_token": token, "previewed": previewed}
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:2])
    assert all("We are in room 2." in m.body for m in mail.outbox)
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)
    # The task run again (a redelivered message) sends nothing new
    message = meeting.messages.get()
    assert send_organiser_message(message_id=message.pk) == 0
    assert len(mail.outbox) == 2
    # An empty message is a form error, not a 500
    response = client.post(url, {"subject": "", "body": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_move_sends_request_with_matching_mime_and_sequence(
    client, organiser_user, full_meeting, django_capture_on_commit_callbacks
):
    meeting, people = full_meeting
    client.force_login(organiser_user)
    mail.outbox.clear()
    new_day = (timezone.now() + dt.timedelta(days=40)).date()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:move", kwargs={"slug": meeting.slug}),
            {"date": new_day.isoformat(), "start_time": "10:00", "end_time": "11:30"},
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MOVED and meeting.detached and meeting.sequence == 1
    assert len(mail.outbox) == 3  # registered and waiting list
    by_email = {m.to[0]: m for m in mail.outbox}
    for person in people[:2]:  # registered: the invitation in their calendar is updated
        message = by_email[person.email]
        (attachment,) = message.attachments
        _filename, content, mimetype = attachment
        assert mimetype == "text/calendar; method=REQUEST"
        calendar = Calendar.from_ical(content)
        assert str(calendar["METHOD"]) == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART").hour == 10
    waiting = by_email[people[2].email]
    assert JOIN not in waiting.body
    # The waiting list never had the meeting in their calendar: no calendar file to update
    assert waiting.attachments == []
    assert "still on the waiting list" in waiting.body
    assert JOIN in by_email[people[0].email].body
    # Running the notice task again sends nothing twice
    assert send_meeting_change_notices(meeting_id=meeting.pk, sequence=1, method="REQUEST") == 0


def test_cancel_sends_cancel_with_matching_mime(
    client, organiser_user, full_meeting, django_capture_on_commit_callbacks
):
    meeting, _people = full_meeting
    client.force_login(organiser_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel", kwargs={"slug": meeting.slug}), {"confirm": "yes"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "cancelled" in message.subject.lower()
        assert JOIN not in message.body
        if message.to[0] == _people[2].email:  # waiting list: nothing in their calendar
            assert message.attachments == []
            continue
        _filename, content, mimetype = message.attachments[0]
        assert mimetype == "text/calendar; method=CANCEL"
        calendar = Calendar.from_ical(content)
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
        assert "cancelled" in message.subject.lower()
        assert JOIN not in message.body


def test_superseded_change_notice_is_skipped(full_meeting, django_capture_on_commit_callbacks):
    meeting, _people = full_meeting
    start = timezone.now() + dt.timedelta(days=20)
    meeting_move(meeting=meeting, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    meeting_cancel(meeting=Meeting.objects.get(pk=meeting.pk))
    mail.outbox.clear()
    assert send_meeting_change_notices(meeting_id=meeting.pk, sequence=1, method="REQUEST") == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": "2001-01-01", "start_time": "10:00", "end_time": "11:00"}, "date"),
        ({"date": "2031-06-01", "start_time": "11:00", "end_time": "10:00"}, "end_time"),
        ({"date": "2031-03-30", "start_time": "01:30", "end_time": "03:00"}, "start_time"),
        ({"date": "2031-10-26", "start_time": "01:30", "end_time": "03:00"}, "start_time"),
        ({"date": "not a date", "start_time": "25:00", "end_time": ""}, "date"),
    ],
)
def test_move_bad_input_is_a_form_error(client, organiser_user, meeting, data, field):
    client.force_login(organiser_user)
    response = client.post(reverse("events:move", kwargs={"slug": meeting.slug}), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_dashboard_tells_same_titled_meetings_apart_by_their_topic(
    client, organiser_user, home_page
):
    MeetingFactory(title="Community of practice meeting", topic="Paying participants fairly")
    MeetingFactory(title="Community of practice meeting", topic="Citizens' juries on AI")
    client.force_login(organiser_user)
    page = client.get(reverse("events:organise")).content.decode()
    assert "Paying participants fairly" in page
    assert "Citizens&#x27; juries on AI" in page
