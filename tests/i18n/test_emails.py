"""E-mails to a member who chose Welsh are in Welsh: one test per kind of e-mail the site sends
(subject, body, dates and the HTML part's lang), and allauth's. The subject and every date are
worked out inside community.emails.send_member_email, in the member's language, whatever language
the sending process is in (the tests send from an English one)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from community.account_emails import member_pending_notify
from community.models import EmailPreferences
from community.services import member_approve, member_decline
from events.enums import RegistrationStatus
from events.reminders.services.scanner import reminders_queue_due
from events.reminders.tasks import queue_digests, send_reminder
from events.services import (
    meeting_cancel,
    meeting_move,
    meeting_series_register,
    organiser_message_send,
)
from events.tasks import send_registration_confirmation
from events.unconferences import services as unconference_services
from events.unconferences.enums import Phase, TopicStatus
from tests.factories.events import MeetingFactory, MeetingSeriesFactory, RegistrationFactory
from tests.factories.unconferences import RegistrationFactory as UnconferenceRegistrationFactory
from tests.factories.unconferences import (
    TopicFactory,
    UnconferenceFactory,
    board_for,
    make_grid,
)
from tests.factories.users import UserFactory, organiser_user, signup_form

pytestmark = pytest.mark.django_db

# Wednesday 9 April 2025, 2pm to 3:15pm BST; the tests run a month before.
STARTS = dt.datetime(2025, 4, 9, 13, 0, tzinfo=dt.UTC)
BEFORE = dt.datetime(2025, 3, 10, 9, 5, tzinfo=dt.UTC)  # a Monday, after the digest's 9am
WHEN_CY = "Dydd Mercher 9 Ebrill 2025, 2pm i 3:15pm amser y DU (BST)"


def cy(msgid: str, **params) -> str:
    """The catalogue's Welsh for ``msgid``; fails when there is none."""
    with translation.override("cy"):
        text = gettext(msgid)
    assert text != msgid, f"no Welsh for {msgid!r}"
    return text % params if params else text


def assert_welsh(message, *, to, subject: str, phrases=()):
    """Subject and body in Welsh, the HTML part marked lang="cy", no English greeting."""
    assert message.to == [to.email]
    assert message.subject.endswith(subject), message.subject
    html = message.alternatives[0].content
    assert '<html lang="cy">' in html
    assert cy("Hello %(name)s,", name=to.name) in message.body
    assert "Hello " not in message.body
    for phrase in phrases:
        assert phrase in message.body, phrase


@pytest.fixture
def welsh(db):
    return UserFactory(name="Siân Jones", email="sian@example.org", preferred_language="cy")


@pytest.fixture
def frozen():
    with time_machine.travel(BEFORE, tick=False):
        yield


def welsh_meeting(**fields):
    return MeetingFactory(
        starts_at=STARTS, ends_at=STARTS + dt.timedelta(minutes=75), title="Y cyfarfod", **fields
    )


def test_the_welsh_date_reads_as_expected():
    from events.selectors import uk_time_display

    with translation.override("cy"):
        assert uk_time_display(starts_at=STARTS, ends_at=STARTS + dt.timedelta(minutes=75)) == (
            WHEN_CY
        )


@pytest.mark.parametrize(
    ("status", "registration_status", "subject"),
    [
        ("registered", RegistrationStatus.REGISTERED, "You are registered: %(title)s"),
        ("promoted", RegistrationStatus.REGISTERED, "A place has come up: %(title)s"),
        ("waitlisted", RegistrationStatus.WAITLISTED, "You are on the waiting list: %(title)s"),
    ],
)
def test_registration_e_mails(home_page, welsh, frozen, status, registration_status, subject):
    registration = RegistrationFactory(
        meeting=welsh_meeting(), user=welsh, status=registration_status
    )
    mail.outbox.clear()
    assert send_registration_confirmation(registration_id=registration.pk, status=status)
    (message,) = mail.outbox
    subject = cy(subject, title="Y cyfarfod")
    assert_welsh(message, to=welsh, subject=subject, phrases=["Dydd Mercher 9 Ebrill"])
    # The link goes to the Welsh page, whatever language the sending process was in.
    assert f"/cy/events/{registration.meeting.slug}/" in message.body


def test_event_confirmation_stays_english_for_an_english_member(home_page, frozen):
    member = UserFactory(preferred_language="en-gb")
    registration = RegistrationFactory(meeting=welsh_meeting(), user=member)
    mail.outbox.clear()
    assert send_registration_confirmation(registration_id=registration.pk, status="registered")
    message = mail.outbox[-1]
    assert "You are registered:" in message.subject
    assert "Wednesday 9 April 2025, 2pm to 3:15pm UK time (BST)" in message.body
    assert '<html lang="en-GB">' in message.alternatives[0].content
    assert "/cy/" not in message.body


def test_series_confirmation(home_page, welsh, frozen, django_capture_on_commit_callbacks):
    series = MeetingSeriesFactory(title="Cyfres fisol", first_date=dt.date(2025, 4, 9))
    welsh_meeting(series=series)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_series_register(series=series, user=welsh)
    message = next(m for m in mail.outbox if "Cyfres fisol" in m.subject)
    assert_welsh(
        message,
        to=welsh,
        subject=cy("You are registered for %(title)s", title="Cyfres fisol"),
        phrases=[WHEN_CY],
    )


def test_change_and_cancellation_notices(
    home_page, welsh, frozen, django_capture_on_commit_callbacks
):
    meeting = welsh_meeting()
    RegistrationFactory(meeting=meeting, user=welsh)
    mail.outbox.clear()
    moved = STARTS + dt.timedelta(days=7)  # Wednesday 16 April 2025
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(meeting=meeting, starts_at=moved, ends_at=moved + dt.timedelta(minutes=75))
    (changed,) = mail.outbox
    when = "Dydd Mercher 16 Ebrill 2025, 2pm i 3:15pm amser y DU (BST)"
    assert_welsh(
        changed,
        to=welsh,
        subject=cy("Changed: %(title)s is now %(when)s", title="Y cyfarfod", when=when),
        phrases=[cy("This event has changed. The new details are:"), when],
    )
    mail.outbox.clear()
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting)
    (cancelled,) = mail.outbox
    assert_welsh(
        cancelled,
        to=welsh,
        subject=cy("Cancelled: %(title)s", title="Y cyfarfod"),
        phrases=[cy("This event has been cancelled:")],
    )


def test_organiser_message(home_page, welsh, frozen, django_capture_on_commit_callbacks):
    meeting = welsh_meeting()
    RegistrationFactory(meeting=meeting, user=welsh)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organiser_message_send(
            meeting=meeting, sender=organiser_user(), subject="Newid ystafell", body="Ystafell 2."
        )
    (message,) = mail.outbox
    assert_welsh(
        message,
        to=welsh,
        subject="Y cyfarfod: Newid ystafell",
        phrases=[
            cy(
                "A message from the organisers of %(title)s (%(when)s):",
                title="Y cyfarfod",
                when=WHEN_CY,
            )
        ],
    )


def test_meeting_reminder(home_page, welsh, django_capture_on_commit_callbacks):
    RegistrationFactory(meeting=welsh_meeting(), user=welsh)
    scan_at = STARTS - dt.timedelta(minutes=59)
    with time_machine.travel(scan_at, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            (delivery_id,) = reminders_queue_due().to_send
        mail.outbox.clear()
        send_reminder.delay(delivery_id=delivery_id)
    (message,) = mail.outbox
    one_hour = "1 awr"
    assert_welsh(
        message,
        to=welsh,
        subject=cy("Reminder: %(title)s, %(when)s", title="Y cyfarfod", when=WHEN_CY),
        phrases=[
            cy(
                "This is a reminder that %(title)s starts in %(starts_in)s:",
                title="Y cyfarfod",
                starts_in=one_hour,
            ),
            WHEN_CY,
            "/cy/events/",
        ],
    )


def test_weekly_digest(home_page, welsh, django_capture_on_commit_callbacks):
    EmailPreferences.objects.create(user=welsh, digest=True)
    monday = dt.datetime(2025, 4, 7, 9, 5, tzinfo=dt.UTC)  # the week of the meeting
    welsh_meeting()
    mail.outbox.clear()
    with time_machine.travel(monday, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert queue_digests.delay().get() == 1
    (message,) = mail.outbox
    assert_welsh(
        message,
        to=welsh,
        subject=cy("This week in the community"),
        phrases=[cy("Here is what is coming up and what is new in the community."), WHEN_CY],
    )


def test_unconference_topic_decisions(home_page, welsh, django_capture_on_commit_callbacks):
    unconference = UnconferenceFactory(title="Anghynhadledd 2030")
    board = board_for(unconference)
    topic = TopicFactory(board=board, proposer=welsh, title="Deallusrwydd artiffisial")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unconference_services.topic_accept(topic=topic, organiser=organiser_user())
    (message,) = mail.outbox
    assert_welsh(
        message,
        to=welsh,
        subject=cy("Your topic was accepted"),
        phrases=[
            cy(
                "Your topic “%(title)s” for %(board)s was accepted.",
                title="Deallusrwydd artiffisial",
                board=board.title,
            )
        ],
    )


def test_unconference_schedule_changes(home_page, welsh, django_capture_on_commit_callbacks):
    unconference = UnconferenceFactory(title="Anghynhadledd 2030")
    board = board_for(unconference)
    UnconferenceRegistrationFactory(unconference=unconference, user=welsh)
    spaces, slots = make_grid(unconference, rooms=3, rounds=1)
    topic = TopicFactory(board=board, status=TopicStatus.ACCEPTED, title="Ymgysylltu")
    unconference.phase = Phase.SCHEDULING
    unconference.save(update_fields=["phase"])
    now = unconference.starts_at - dt.timedelta(days=1)
    session = unconference_services.session_place(
        topic=topic, space=spaces[0], slot=slots[0], now=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        unconference_services.schedule_publish(unconference=unconference, user=None)
    unconference_services.session_move(session=session, space=spaces[2], slot=slots[0], now=now)
    mail.outbox.clear()
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        release = unconference_services.schedule_publish(unconference=unconference, user=None)
    # The record keeps the publisher's language; the attendee reads the change in Welsh.
    assert release.changes == ["Session “Ymgysylltu” moved to Room 3."]
    (message,) = mail.outbox
    assert_welsh(
        message,
        to=welsh,
        subject=cy("Schedule changes: %(title)s", title="Anghynhadledd 2030"),
        phrases=[cy("Session “%(title)s” moved to %(space)s.", title="Ymgysylltu", space="Room 3")],
    )
    # The public change log reads the same way on the Welsh site.
    page = Client().get(
        f"/cy{reverse('unconferences:changes', kwargs={'slug': unconference.slug})}"
    )
    assert page.status_code == 200
    assert cy("Session “%(title)s” moved to %(space)s.", title="Ymgysylltu", space="Room 3") in (
        page.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )


def test_membership_approval_and_decline(home_page, django_capture_on_commit_callbacks):
    organiser = organiser_user()
    approved = UserFactory(name="Aled", approval_status="pending", preferred_language="cy")
    declined = UserFactory(name="Bethan", approval_status="pending", preferred_language="cy")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member_approve(member=approved, by=organiser)
        member_decline(member=declined, by=organiser, reason="Nid yw hwn yn gyfrif gwaith.")
    first, second = mail.outbox
    assert_welsh(
        first,
        to=approved,
        subject=cy("Your membership has been approved"),
        phrases=[
            cy(
                "An organiser has approved your membership of the public participation "
                "community. You can now register for meetings, propose unconference topics "
                "and vote."
            )
        ],
    )
    assert_welsh(
        second,
        to=declined,
        subject=cy("Your membership request"),
        phrases=["Nid yw hwn yn gyfrif gwaith."],
    )


def test_organisers_told_of_a_pending_member(home_page):
    organiser = organiser_user(name="Owain", preferred_language="cy")
    newcomer = UserFactory(name="Newydd", email="newydd@example.org", approval_status="pending")
    mail.outbox.clear()
    assert member_pending_notify(member=newcomer) == 1
    (message,) = mail.outbox
    assert_welsh(
        message,
        to=organiser,
        subject=cy("New member waiting for approval: %(name)s", name="Newydd"),
        phrases=[
            cy(
                "%(member_name)s (%(member_email)s) has joined and is waiting for an "
                "organiser's approval.",
                member_name="Newydd",
                member_email="newydd@example.org",
            )
        ],
    )


def test_a_subject_translated_too_early_is_refused(welsh):
    """The mechanism: a plain (already translated) subject cannot reach a member."""
    from community.emails import send_member_email

    with pytest.raises(TypeError, match="lazy subject"):
        send_member_email(
            user=welsh,
            kind=None,
            subject=gettext("This week in the community"),
            template="community/emails/member_approved",
        )
    assert mail.outbox == []


def test_allauth_password_reset_is_in_welsh_for_a_welsh_member(client, home_page):
    member = UserFactory(email="cymraeg@example.org", preferred_language="cy")
    mail.outbox.clear()
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == [member.email]
    assert "cyfrinair" in message.subject.lower()
    assert "cyfrinair" in message.body.lower()


def test_signing_up_on_the_welsh_site_chooses_welsh(client, home_page):
    """The verification e-mail of a sign-up made at /cy/ is in Welsh, and so is what follows."""
    from community.models import User

    response = client.post(
        "/cy/accounts/signup/",
        signup_form(name="Gwen Gymraeg", email="gwen@example.org"),
    )
    assert response.status_code == 302
    member = User.objects.get(email="gwen@example.org")
    assert member.preferred_language == "cy"
    (message,) = mail.outbox
    assert message.to == ["gwen@example.org"]
    assert message.subject.endswith("Cadarnhewch eich cyfeiriad e-bost")
    assert "Please Confirm" not in message.subject
    assert "Helo gan " in message.body and "I gadarnhau bod hyn yn gywir, ewch i" in message.body
    assert "/cy/accounts/confirm-email/" in message.body  # to the Welsh page
