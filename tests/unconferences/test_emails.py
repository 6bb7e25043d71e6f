"""Unconference e-mails match what happened (issue 16, point 8): the first published schedule is
e-mailed to registered participants with their sessions, a registration is confirmed (with what
was asked for), each once; the schedule's calendar downloads follow RFC 5546 for PUBLISH (two
parsers, tests/itip.py)."""

import datetime as dt

import pytest
from django.core import mail

from events.unconferences import services
from events.unconferences.calendars import session_uid
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import Ballot, Registration, Session, Vote
from events.unconferences.tasks import notify_schedule_change, send_registration_confirmation
from tests.factories.unconferences import TopicFactory, make_grid
from tests.factories.users import UserFactory
from tests.itip import assert_itip

from .conftest import set_phase

pytestmark = pytest.mark.django_db


def before(unconference):
    return unconference.starts_at - dt.timedelta(days=1)


def vote(board, voter, topic):
    ballot, _created = Ballot.objects.get_or_create(
        board=board, voter=voter, defaults={"budget": 3}
    )
    Vote.objects.create(ballot=ballot, topic=topic, count=1)


@pytest.fixture
def scheduled(unconference, board, registered_member, other_member):
    """Two sessions in the working schedule: Mira (registered_member) facilitates the first and
    voted for the second; Osei (other_member) proposed and voted for nothing."""
    spaces, slots = make_grid(unconference, rooms=2, rounds=2)
    mine = TopicFactory(
        board=board, status=TopicStatus.ACCEPTED, title="Juries", proposer=registered_member
    )
    voted = TopicFactory(board=board, status=TopicStatus.ACCEPTED, title="Data trusts")
    vote(board, registered_member, voted)
    set_phase(unconference, Phase.SCHEDULING)
    now = before(unconference)
    services.session_place(topic=mine, space=spaces[0], slot=slots[0], now=now)
    services.session_place(topic=voted, space=spaces[1], slot=slots[1], now=now)
    return spaces, slots


def test_first_published_schedule_is_emailed_once_with_my_sessions(
    unconference, scheduled, registered_member, other_member, django_capture_on_commit_callbacks
):
    stranger = UserFactory()  # voted but not registered: not e-mailed
    vote(unconference.board, stranger, Session.objects.first().topic)
    with django_capture_on_commit_callbacks(execute=True):
        release = services.schedule_publish(unconference=unconference, user=None)
    assert release.number == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [registered_member.email, other_member.email]
    )
    mine = next(m for m in mail.outbox if m.to == [registered_member.email])
    assert mine.subject.endswith("The schedule is published: Unconference 2030")
    html = mine.alternatives[0].content
    for body in (mine.body, html):
        assert "The schedule of Unconference 2030 is published." in body
        assert "Juries" in body and "Data trusts" in body
        # Thursday 21 March 2030, the first slot an hour after the 9:30 (GMT) start
        assert "Thursday 21 March 2030, 10:30am to 11:15am UK time (GMT)" in body
        assert "Room 1" in body
        assert "/unconferences/uc-2030/schedule/" in body
        assert "/unconferences/uc-2030/my-sessions.ics" in body
    assert mine.body.index("Juries") < mine.body.index("Data trusts")  # in time order
    theirs = next(m for m in mail.outbox if m.to == [other_member.email])
    assert "None of the topics you proposed or voted for is on the schedule" in theirs.body
    # The task run again sends nothing more
    assert notify_schedule_change(release_id=release.pk) == 0
    assert len(mail.outbox) == 2


def test_later_versions_send_changes_not_a_second_announcement(
    unconference, scheduled, registered_member, other_member, django_capture_on_commit_callbacks
):
    spaces, slots = scheduled
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(unconference=unconference, user=None)
    mail.outbox.clear()
    session = Session.objects.get(topic__title="Juries")
    services.session_move(session=session, space=spaces[1], slot=slots[0], now=before(unconference))
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(unconference=unconference, user=None)
    assert len(mail.outbox) == 2
    assert all("Schedule changes" in m.subject for m in mail.outbox)
    assert not any("is published" in m.body for m in mail.outbox)


def test_registering_is_confirmed_once_with_the_bursary_request(
    client, unconference, unregistered, django_capture_on_commit_callbacks
):
    client.force_login(unregistered)
    url = f"/unconferences/{unconference.slug}/register/"
    answers = {
        "access_needs": "Step-free access, please",
        "dietary_needs": "Vegan",
        "travel_bursary": "on",
        "travel_bursary_reason": "Travelling from Wrexham",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, answers).status_code == 302
    (message,) = mail.outbox
    assert message.to == [unregistered.email]
    assert message.subject.endswith("You are registered: Unconference 2030")
    html = message.alternatives[0].content
    for body in (message.body, html):
        assert "Unconference 2030" in body
        assert "Thursday 21 March 2030, 9:30am to 5:30pm UK time (GMT)" in body
        assert "Community hall, London" in body
        assert "You asked for a travel bursary" in body
        assert "We have your access needs" in body
        assert "We have your dietary needs" in body
        assert "You did not agree to appear in photographs." in body
        assert "/unconferences/uc-2030/register/" in body  # where to change or cancel
        assert "Step-free access" not in body  # acknowledged, not repeated by e-mail
    assert "cancel your registration" in message.body
    # Changing the answers later is not a new registration: no second confirmation
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**answers, "dietary_needs": ""}).status_code == 302
    assert len(mail.outbox) == 1
    # The task run again (a redelivered message) sends nothing more
    registration = Registration.objects.get(user=unregistered)
    assert send_registration_confirmation(registration_id=registration.pk) is False
    assert len(mail.outbox) == 1


def test_registration_without_a_bursary_does_not_mention_one(
    unconference, unregistered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_save(unconference=unconference, user=unregistered, photo_consent=True)
    (message,) = mail.outbox
    assert "bursary" not in message.body
    assert "access needs" not in message.body
    assert "You agreed to appear in photographs." in message.body


def test_schedule_downloads_publish_with_organizer_and_rising_sequence(
    client, unconference, scheduled, registered_member
):
    spaces, slots = scheduled
    services.schedule_publish(unconference=unconference, user=None)
    client.force_login(registered_member)
    session = Session.objects.get(topic__title="Juries")
    for url in (
        f"/unconferences/{unconference.slug}/schedule.ics",
        f"/unconferences/{unconference.slug}/my-sessions.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200
        (parsed, _other) = assert_itip(response.content, method="PUBLISH", sequence=0)
        assert session_uid(session) in [e.uid for e in parsed.events]
    services.session_move(session=session, space=spaces[1], slot=slots[0], now=before(unconference))
    services.schedule_publish(unconference=unconference, user=None)
    response = client.get(f"/unconferences/{unconference.slug}/my-sessions.ics")
    for parsed in assert_itip(response.content, method="PUBLISH", sequence=1):
        (moved,) = [e for e in parsed.events if e.uid == session_uid(session)]
        assert moved.dtstart == slots[0].starts_at


def test_welsh_member_gets_the_announcement_and_confirmation_in_welsh(
    unconference, scheduled, registered_member, django_capture_on_commit_callbacks
):
    """Needs the Welsh strings of /work/welsh/emails-ics.po merged into the catalogue."""
    registered_member.preferred_language = "cy"
    registered_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(unconference=unconference, user=None)
    welsh = next(m for m in mail.outbox if m.to == [registered_member.email])
    assert "Mae\u2019r amserlen wedi\u2019i chyhoeddi: Unconference 2030" in welsh.subject
    assert "Eich sesiynau" in welsh.body
    newcomer = UserFactory(preferred_language="cy")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_save(unconference=unconference, user=newcomer)
    (confirmation,) = mail.outbox
    assert "Yr hyn a ddywedoch wrthym:" in confirmation.body


def test_no_announcement_for_an_unconference_that_is_over(
    unconference, scheduled, registered_member, django_capture_on_commit_callbacks
):
    unconference.starts_at = dt.datetime(2020, 3, 21, 9, 30, tzinfo=dt.UTC)
    unconference.ends_at = unconference.starts_at + dt.timedelta(hours=8)
    unconference.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_publish(unconference=unconference, user=None)
    assert mail.outbox == []
