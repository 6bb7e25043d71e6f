"""E-mails and calendar files match what happened (issue 16, point 8).

Every kind of calendar attachment is checked against RFC 5546 for its METHOD with two
independent parsers (icalendar and vobject, tests/itip.py): the first confirmation, a move, an
organiser's cancellation, the member's own cancellation, a reminder, the series confirmation and
the public/personal feeds. Each e-mail goes out once even when its task runs twice.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from core.queue import queued_tasks
from events.calendars import meeting_uid
from events.enums import RegistrationStatus
from events.models import Meeting, Registration
from events.reminders.services.scanner import reminders_queue_due
from events.reminders.tasks import send_reminder
from events.services import (
    meeting_cancel,
    meeting_move,
    meeting_record_change,
    meeting_register,
    meeting_series_register,
    meeting_series_unregister,
    registration_cancel,
)
from events.tasks import (
    send_meeting_change_notices,
    send_registration_cancellation,
    send_registration_confirmation,
    send_series_cancellation,
    send_series_confirmation,
)
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.users import UserFactory
from tests.itip import assert_itip, calendar_attachments

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Wednesday 8 April 2026, 2pm to 3:15pm UK time (BST)
START = dt.datetime(2026, 4, 8, 13, 0, tzinfo=UTC)
BEFORE = dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ORGANIZER = "hello@localhost"  # the test settings' DEFAULT_FROM_EMAIL address


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(BEFORE, tick=False):
        yield


def later(minutes: int):
    """The clock a few minutes on (each step of a member's story happens at its own time)."""
    return time_machine.travel(BEFORE + dt.timedelta(minutes=minutes), tick=False)


def make_meeting(**fields) -> Meeting:
    fields.setdefault("title", "Community of practice, April")
    starts_at = fields.pop("starts_at", START)
    return MeetingFactory(
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=75), capacity=1, **fields
    )


def two_meetings(series) -> list[Meeting]:
    """Two occurrences of the series, four weeks apart from START."""
    return [
        MeetingFactory(
            series=series,
            occurrence_key=(START + dt.timedelta(days=28 * i)).date(),
            starts_at=START + dt.timedelta(days=28 * i),
            ends_at=START + dt.timedelta(days=28 * i, minutes=75),
        )
        for i in range(2)
    ]


def only_email_to(user):
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    return message


def the_calendar(message) -> tuple[str, bytes, str]:
    (attachment,) = calendar_attachments(message)
    return attachment


@pytest.mark.parametrize(
    "starts_at",
    [START, dt.datetime(2026, 12, 9, 14, 0, tzinfo=UTC)],  # in BST, and in GMT
    ids=["bst", "gmt"],
)
def test_first_confirmation_is_an_accepted_request(starts_at, django_capture_on_commit_callbacks):
    meeting = make_meeting(starts_at=starts_at)
    member = UserFactory(name="Ada Lovelace", email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        registration = meeting_register(meeting=meeting, user=member)
    message = only_email_to(member)
    _name, content, mimetype = the_calendar(message)
    assert mimetype == "text/calendar; method=REQUEST"
    assert_itip(
        content,
        method="REQUEST",
        uid=meeting_uid(meeting),
        sequence=0,
        status="CONFIRMED",
        attendee_email="ada@example.org",
        organizer_email=ORGANIZER,
        start=starts_at,  # both parsers read the same instant through the VTIMEZONE
    )
    assert b'CN="Public participation community"' in content.replace(b"\r\n ", b"")
    # The task run again (a redelivered message) sends nothing more
    assert not send_registration_confirmation(registration_id=registration.pk, status="registered")
    assert len(mail.outbox) == 1


def test_move_email_says_old_and_new_time_with_an_updated_request(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(join_url="https://meet.example.org/room")
    member = UserFactory(email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    mail.outbox.clear()
    new_start = START + dt.timedelta(days=7, hours=1)  # Wednesday 15 April, 3pm
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(
            meeting=meeting, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=1)
        )
    (message,) = mail.outbox
    was = "Wednesday 8 April 2026, 2pm to 3:15pm UK time (BST)"
    now = "Wednesday 15 April 2026, 3pm to 4pm UK time (BST)"
    assert f"Was: {was}\nNow: {now}" in message.body
    html = message.alternatives[0].content
    assert f"Was: <del>{was}</del>" in html and f"Now: <strong>{now}</strong>" in html
    assert now in message.subject
    _name, content, mimetype = the_calendar(message)
    assert mimetype == "text/calendar; method=REQUEST"
    assert_itip(
        content,
        method="REQUEST",
        uid=meeting_uid(meeting),
        sequence=1,
        status="CONFIRMED",
        attendee_email="ada@example.org",
        start=new_start,
    )
    # Run again (a redelivered message): sent once
    assert (
        send_meeting_change_notices(
            meeting_id=meeting.pk,
            sequence=1,
            method="REQUEST",
            previous_starts_at=START.isoformat(),
            previous_ends_at=(START + dt.timedelta(minutes=75)).isoformat(),
        )
        == 0
    )
    assert len(mail.outbox) == 1


def test_admin_edit_of_the_time_says_old_and_new(django_capture_on_commit_callbacks):
    meeting = make_meeting()
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    mail.outbox.clear()
    previous = Meeting.objects.get(pk=meeting.pk)
    meeting.starts_at = START + dt.timedelta(hours=2)
    meeting.ends_at = meeting.starts_at + dt.timedelta(minutes=75)
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_record_change(meeting=meeting, previous=previous)
    (message,) = mail.outbox
    assert "Was: Wednesday 8 April 2026, 2pm to 3:15pm UK time (BST)" in message.body
    assert "Now: Wednesday 8 April 2026, 4pm to 5:15pm UK time (BST)" in message.body


def test_organiser_cancellation_is_a_cancel_for_the_same_uid(django_capture_on_commit_callbacks):
    meeting = make_meeting()
    member = UserFactory(email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting)
    (message,) = mail.outbox
    _name, content, mimetype = the_calendar(message)
    assert mimetype == "text/calendar; method=CANCEL"
    assert_itip(
        content,
        method="CANCEL",
        uid=meeting_uid(meeting),
        sequence=1,
        status="CANCELLED",
        attendee_email="ada@example.org",
        organizer_email=ORGANIZER,
    )
    assert send_meeting_change_notices(meeting_id=meeting.pk, sequence=1, method="CANCEL") == 0
    assert len(mail.outbox) == 1


def test_cancelling_my_place_sends_a_calendar_cancellation_once(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting(join_url="https://meet.example.org/room")
    member = UserFactory(name="Ada Lovelace", email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    first = the_calendar(only_email_to(member))[1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registration = registration_cancel(meeting=meeting, user=member)
    assert len(queued_tasks(callbacks)) == 1
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "Your place is cancelled: Community of practice, April" in message.subject
    assert "You have cancelled your place at:" in message.body
    assert "Wednesday 8 April 2026, 2pm to 3:15pm UK time (BST)" in message.body
    assert "removes it from your calendar" in message.body
    assert "https://meet.example.org/room" not in message.body
    _name, content, mimetype = the_calendar(message)
    assert mimetype == "text/calendar; method=CANCEL"
    (before, _again) = assert_itip(first, method="REQUEST", sequence=0)
    assert_itip(
        content,
        method="CANCEL",
        uid=before.events[0].uid,  # same UID as the confirmation's
        sequence=1,  # higher than the confirmation's
        status="CANCELLED",
        attendee_email="ada@example.org",
    )
    assert b"meet.example.org/room" not in content.replace(b"\r\n ", b"")
    # The task run twice: still one e-mail
    assert not send_registration_cancellation(
        registration_id=registration.pk,
        cancelled_at=registration.updated_at.isoformat(),
        was_registered=True,
    )
    assert len(mail.outbox) == 1
    # The meeting itself goes ahead: SEQUENCE of the meeting is untouched (reminders key on it)
    meeting.refresh_from_db()
    assert meeting.sequence == 0
    # Registering again: the new invitation outranks the cancellation; cancelling again outranks it
    mail.outbox.clear()
    with later(1), django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    assert_itip(the_calendar(only_email_to(member))[1], method="REQUEST", sequence=2)
    mail.outbox.clear()
    with later(2), django_capture_on_commit_callbacks(execute=True):
        registration_cancel(meeting=meeting, user=member)
    assert_itip(the_calendar(only_email_to(member))[1], method="CANCEL", sequence=3)
    # ...and a later organiser change reaches a member who came back above all of those
    mail.outbox.clear()
    with later(3), django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    with later(4), django_capture_on_commit_callbacks(execute=True):
        meeting_move(
            meeting=meeting,
            starts_at=START + dt.timedelta(days=1),
            ends_at=START + dt.timedelta(days=1, hours=1),
        )
    sequences = sorted(
        assert_itip(the_calendar(m)[1], method="REQUEST")[0].events[0].sequence for m in mail.outbox
    )
    assert sequences == [4, 5]  # the new invitation, then the move


def test_leaving_the_waiting_list_says_so_without_a_calendar_file(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting()
    holder, waiting = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=holder)
        assert meeting_register(meeting=meeting, user=waiting).status == "waitlisted"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(meeting=meeting, user=waiting)
    (message,) = mail.outbox
    assert message.to == [waiting.email]
    assert "You have left the waiting list" in message.subject
    assert message.attachments == []


def test_a_cancellation_overtaken_by_registering_again_sends_nothing(
    django_capture_on_commit_callbacks,
):
    meeting = make_meeting()
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = registration_cancel(meeting=meeting, user=member)
    cancelled_at = registration.updated_at.isoformat()
    with later(1):
        meeting_register(meeting=meeting, user=member)
    assert queued_tasks(callbacks)
    mail.outbox.clear()
    assert not send_registration_cancellation(
        registration_id=registration.pk, cancelled_at=cancelled_at, was_registered=True
    )
    assert mail.outbox == []


def test_series_confirmation_has_one_request_per_meeting(django_capture_on_commit_callbacks):
    series = MeetingSeriesFactory()
    meetings = two_meetings(series)
    member = UserFactory(email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_series_register(series=series, user=member)
    (message,) = mail.outbox
    attachments = calendar_attachments(message)
    assert len(attachments) == 2
    uids = []
    for _name, content, _mimetype in attachments:
        (parsed, _other) = assert_itip(content, method="REQUEST", attendee_email="ada@example.org")
        uids.append(parsed.events[0].uid)
    assert sorted(uids) == sorted(meeting_uid(m) for m in meetings)
    assert send_series_confirmation.name == "events.send_series_confirmation"


def test_leaving_a_series_is_one_email_with_a_cancel_per_meeting(
    django_capture_on_commit_callbacks,
):
    series = MeetingSeriesFactory(title="Monthly meeting")
    meetings = two_meetings(series)
    member = UserFactory(email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_series_register(series=series, user=member)
    mail.outbox.clear()
    with later(1), django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_series_unregister(series=series, user=member)
    (message,) = mail.outbox  # one e-mail, not one per meeting
    assert "You have left Monthly meeting" in message.subject
    assert "Wednesday 8 April 2026, 2pm to 3:15pm UK time (BST)" in message.body
    attachments = calendar_attachments(message)
    assert len(attachments) == 2
    uids = []
    for _name, content, mimetype in attachments:
        assert mimetype == "text/calendar; method=CANCEL"
        (parsed, _other) = assert_itip(
            content,
            method="CANCEL",
            sequence=1,
            status="CANCELLED",
            attendee_email="ada@example.org",
        )
        uids.append(parsed.events[0].uid)
    assert sorted(uids) == sorted(meeting_uid(m) for m in meetings)
    # The task run again sends nothing more
    (callback,) = queued_tasks(callbacks)
    callback()
    assert len(mail.outbox) == 1
    assert send_series_cancellation.name == "events.send_series_cancellation"


def test_reminder_is_the_same_accepted_request(django_capture_on_commit_callbacks):
    meeting = make_meeting()
    member = UserFactory(email="ada@example.org")
    Registration.objects.create(meeting=meeting, user=member, status=RegistrationStatus.REGISTERED)
    with time_machine.travel(START - dt.timedelta(minutes=59), tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            (delivery_id,) = reminders_queue_due().to_send
        send_reminder.delay(delivery_id=delivery_id)
        send_reminder.delay(delivery_id=delivery_id)
    (message,) = mail.outbox
    _name, content, mimetype = the_calendar(message)
    assert mimetype == "text/calendar; method=REQUEST"
    assert_itip(
        content,
        method="REQUEST",
        uid=meeting_uid(meeting),
        sequence=0,
        status="CONFIRMED",
        attendee_email="ada@example.org",
        start=START,
    )


def test_feeds_and_downloads_publish_without_attendees(client):
    meeting = make_meeting()
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    client.force_login(member)
    for url in (f"/events/{meeting.slug}/event.ics", "/events/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert_itip(response.content, method="PUBLISH", organizer_email=ORGANIZER)


def test_welsh_member_is_told_old_and_new_time_in_welsh(django_capture_on_commit_callbacks):
    """Needs the Welsh strings of /work/welsh/emails-ics.po merged into the catalogue."""
    meeting = make_meeting()
    member = UserFactory(preferred_language="cy")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_register(meeting=meeting, user=member)
    mail.outbox.clear()
    new_start = START + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(
            meeting=meeting, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=1)
        )
    (message,) = mail.outbox
    assert "Cynt: " in message.body and "Nawr: " in message.body
    mail.outbox.clear()
    with later(1), django_capture_on_commit_callbacks(execute=True):
        registration_cancel(meeting=meeting, user=member)
    (message,) = mail.outbox
    assert "Mae eich lle wedi\u2019i ganslo" in message.subject
