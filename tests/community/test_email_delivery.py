"""Every kind of member e-mail task follows one sending path: one retry policy (a transient 4xx
is retried, a permanent 5xx is not), one idempotency rule that does not depend on the clock (the
same task redelivered a minute later sends nothing new), and a Message-ID derived from the ledger
row (a re-send carries the same one). Only the SMTP server is faked (EMAIL_BACKEND)."""

import datetime as dt
import logging
import re

import pytest
import time_machine
from celery.signals import task_prerun
from django.core import mail

from community.email_delivery import MEMBER_EMAIL_TASKS, email_retry_countdown
from community.emails import ledger_message_id
from community.enums import ApprovalStatus
from community.models import EmailPreferences
from community.tasks import send_member_decision, send_member_pending_notices
from events.enums import RegistrationStatus
from events.models import EventEmail, OrganiserMessage
from events.reminders.enums import DeliveryStatus
from events.reminders.models import DigestDelivery, ReminderDelivery
from events.reminders.tasks import send_digest, send_reminder
from events.tasks import (
    send_meeting_change_notices,
    send_organiser_message,
    send_registration_cancellation,
    send_registration_confirmation,
    send_series_cancellation,
    send_series_confirmation,
)
from events.unconferences.models import ScheduleRelease
from events.unconferences.tasks import notify_schedule_change, send_topic_decision
from events.unconferences.tasks import (
    send_registration_confirmation as send_unconference_confirmation,
)
from guidance.enums import AdoptionPurpose, AdoptionReview, AdoptionStage
from guidance.models import AdoptionReport, AdoptionReportChange
from guidance.tasks import send_adoption_decision
from tests.factories import guidance as guidance_factories
from tests.factories.pages import build_site
from tests.factories.unconferences import (
    RegistrationFactory,
    TopicFactory,
    UnconferenceFactory,
    board_for,
)
from tests.factories.users import OrganisationFactory, UserFactory, organiser_user
from tests.reminders.conftest import make_meeting, make_series, register

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2029, 5, 14, 9, 30, tzinfo=dt.UTC)  # a Monday, after the digest's 9am
MESSAGE_ID = re.compile(r"^<[a-z-]+-[0-9-]+-[0-9a-f]{16}@testserver>$")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _meeting(**fields):
    return make_meeting(starts_at=NOW + dt.timedelta(days=3), **fields)


# Each kind: set up what the task needs; return (run the task, the ledger row or None).


def registration_confirmation():
    registration = register(_meeting())
    return lambda: send_registration_confirmation.delay(
        registration_id=registration.pk, status="registered"
    ), None


def series_confirmation():
    series = make_series()
    meeting = _meeting(series=series)
    registration = register(meeting)
    return lambda: send_series_confirmation.delay(
        series_id=series.pk, user_id=registration.user_id
    ), None


def change_notice():
    meeting = _meeting()
    register(meeting)
    meeting.sequence = 1
    meeting.save(update_fields=["sequence"])
    return lambda: send_meeting_change_notices.delay(
        meeting_id=meeting.pk, sequence=1, method="REQUEST"
    ), None


def _cancelled():
    registration = register(_meeting())
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    return registration


def registration_cancellation():
    registration = _cancelled()
    return lambda: send_registration_cancellation.delay(
        registration_id=registration.pk,
        cancelled_at=registration.updated_at.isoformat(),
        was_registered=True,
    ), None


def series_cancellation():
    series = make_series()
    registration = register(_meeting(series=series))
    registration.status = RegistrationStatus.CANCELLED
    registration.save()
    cancellations = [[registration.pk, registration.updated_at.isoformat(), True]]
    return lambda: send_series_cancellation.delay(
        series_id=series.pk, user_id=registration.user_id, cancellations=cancellations
    ), None


def organiser_message():
    meeting = _meeting()
    register(meeting)
    message = OrganiserMessage.objects.create(
        meeting=meeting, subject="Room change", body="We meet in room 2."
    )
    return lambda: send_organiser_message.delay(message_id=message.pk), None


def reminder():
    meeting = make_meeting(starts_at=NOW + dt.timedelta(minutes=59))
    registration = register(meeting)
    row = ReminderDelivery.objects.create(
        registration=registration,
        meeting=meeting,
        offset_minutes=60,
        schedule_version=meeting.sequence,
        due_at=meeting.starts_at - dt.timedelta(minutes=60),
    )
    return lambda: send_reminder.delay(delivery_id=row.pk), row


def digest():
    _meeting(title="Sixth meeting")
    user = UserFactory()
    EmailPreferences.objects.create(user=user, digest=True)
    row = DigestDelivery.objects.create(user=user, week=NOW.date())
    return lambda: send_digest.delay(delivery_id=row.pk), row


def unconference_confirmation():
    registration = RegistrationFactory(unconference=UnconferenceFactory())
    return lambda: send_unconference_confirmation.delay(registration_id=registration.pk), None


def schedule_release():
    unconference = UnconferenceFactory()
    RegistrationFactory(unconference=unconference)
    release = ScheduleRelease.objects.create(unconference=unconference, number=1, snapshot={})
    return lambda: notify_schedule_change.delay(release_id=release.pk), None


def topic_decision():
    topic = TopicFactory(board=board_for(UnconferenceFactory()))
    return lambda: send_topic_decision.delay(
        topic_id=topic.pk, decision="accepted", decided_at=topic.updated_at.isoformat()
    ), None


def member_decision():
    member = UserFactory(approval_status=ApprovalStatus.APPROVED)
    return lambda: send_member_decision.delay(
        member_id=member.pk, decision=ApprovalStatus.APPROVED
    ), None


def member_pending_notice():
    organiser_user()
    member = UserFactory(approval_status=ApprovalStatus.PENDING)
    return lambda: send_member_pending_notices.delay(member_id=member.pk), None


def adoption_decision():
    guide = guidance_factories.guide_page(
        index=guidance_factories.guidance_index(home=build_site()), title="A guide"
    )
    report = AdoptionReport.objects.create(
        guide=guide,
        member=UserFactory(approval_status=ApprovalStatus.APPROVED),
        organisation=OrganisationFactory(name="Borough of Hackbridge"),
        stage=AdoptionStage.PILOTING,
        purpose=AdoptionPurpose.PROCUREMENT,
        since=dt.date(2029, 1, 1),
        review=AdoptionReview.APPROVED,
    )
    change = AdoptionReportChange.objects.create(
        report=report, stage=report.stage, review=report.review
    )
    return lambda: send_adoption_decision.delay(change_id=change.pk), None


KINDS = [
    registration_confirmation,
    series_confirmation,
    change_notice,
    registration_cancellation,
    series_cancellation,
    organiser_message,
    reminder,
    digest,
    unconference_confirmation,
    schedule_release,
    topic_decision,
    member_decision,
    member_pending_notice,
    adoption_decision,
]
kinds = pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)


def test_every_member_email_task_is_checked_here(smtp):
    """Every task declared with member_email_task is run by one of KINDS, so each is held to
    the rules below (a new kind of member e-mail fails here until it is added)."""
    ran: set[str] = set()

    def record(sender=None, **kwargs):
        ran.add(sender.name)

    task_prerun.connect(record, weak=False)
    try:
        for kind in KINDS:
            run, _row = kind()
            run()
    finally:
        task_prerun.disconnect(record)
    assert ran == MEMBER_EMAIL_TASKS


@kinds
def test_a_permanent_5xx_is_not_retried_and_is_recorded(kind, smtp, caplog):
    run, row = kind()
    smtp.code = 550
    with caplog.at_level(logging.ERROR):
        run()
    assert smtp.calls == 1
    assert mail.outbox == []
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    if row is not None:  # the ledger row says so, with the server's answer
        row.refresh_from_db()
        assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
        assert "550" in row.last_error
    assert not EventEmail.objects.filter(sent_at__isnull=False).exists()


@kinds
def test_a_transient_4xx_is_retried_until_the_server_accepts(kind, smtp):
    run, row = kind()
    smtp.code, smtp.failures = 451, 2
    run()
    assert smtp.calls == 3
    assert len(mail.outbox) == 1
    if row is not None:
        row.refresh_from_db()
        assert (row.status, row.attempts) == (DeliveryStatus.SENT, 3)


@kinds
def test_a_transient_4xx_is_retried_up_to_the_cap_only(kind, smtp, settings):
    run, _row = kind()
    smtp.code = 451
    run()
    assert smtp.calls == settings.EMAIL_RETRY_MAX + 1
    assert mail.outbox == []


@kinds
def test_the_same_task_redelivered_a_minute_later_sends_nothing_new(kind, smtp):
    run, _row = kind()
    run()
    assert len(mail.outbox) == 1
    for minutes in (1, 61):
        with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
            run()
    assert len(mail.outbox) == 1


@kinds
def test_a_re_send_carries_the_same_message_id(kind, smtp):
    run, row = kind()
    smtp.code, smtp.failures = 451, 1
    run()
    first, second = smtp.seen_ids
    (message,) = mail.outbox
    assert first == second == message.message()["Message-ID"]
    assert MESSAGE_ID.match(first), first
    if row is not None:
        ledger = "reminder" if isinstance(row, ReminderDelivery) else "digest"
        assert first == ledger_message_id(ledger=ledger, ref=str(row.pk))


def test_message_ids_differ_between_rows_and_sites(settings):
    one = ledger_message_id(ledger="reminder", ref="1")
    assert one != ledger_message_id(ledger="reminder", ref="2")
    assert one != ledger_message_id(ledger="digest", ref="1")
    settings.SECRET_KEY = "another site"
    assert one != ledger_message_id(ledger="reminder", ref="1")


def test_the_backoff_grows_and_is_capped(settings):
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 30
    settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS = 900
    for attempts, ceiling in [(1, 30), (2, 60), (3, 120), (10, 900)]:
        assert all(0 <= email_retry_countdown(attempts=attempts) <= ceiling for _ in range(20))


def test_a_bad_address_does_not_stop_the_others_getting_a_notice(settings):
    settings.EMAIL_BACKEND = "tests.email_support.RefusingOneAddressBackend"
    meeting = _meeting()
    register(meeting, email="gone@example.org")
    register(meeting, email="here@example.org")
    message = OrganiserMessage.objects.create(meeting=meeting, subject="Room", body="Room 2.")
    assert send_organiser_message.delay(message_id=message.pk).get() == 1
    assert [m.to for m in mail.outbox] == [["here@example.org"]]
