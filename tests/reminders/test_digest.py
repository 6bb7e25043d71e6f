"""The weekly digest: opt-in, at the organisers' chosen UK time, once per member and week."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from community.models import EmailPreferences
from events.reminders.models import DigestDelivery, DigestSettings
from events.reminders.services import digest as digest_service
from events.reminders.tasks import queue_digests
from tests.factories.guidance import guidance_index, guide_page
from tests.factories.users import UserFactory

from .conftest import make_meeting

pytestmark = pytest.mark.django_db

# Monday 10 March 2025 (GMT): the default is Mondays at 9am UK time.
MONDAY_9AM = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


def run(capture, at):
    with time_machine.travel(at, tick=False), capture(execute=True):
        return queue_digests.delay().get()


@pytest.fixture
def reader(db):
    user = UserFactory(name="Dee Reader", email="dee@example.org")
    EmailPreferences.objects.create(user=user, digest=True)
    UserFactory(email="not-opted-in@example.org")  # the digest is off by default
    return user


def test_digest_goes_once_at_the_chosen_time(reader, django_capture_on_commit_callbacks):
    make_meeting(starts_at=MONDAY_9AM + dt.timedelta(days=2, hours=5), title="Sixth meeting")
    assert run(django_capture_on_commit_callbacks, MONDAY_9AM - dt.timedelta(minutes=1)) == 0
    assert run(django_capture_on_commit_callbacks, MONDAY_9AM + dt.timedelta(minutes=1)) == 1
    assert run(django_capture_on_commit_callbacks, MONDAY_9AM + dt.timedelta(hours=1)) == 0
    (message,) = mail.outbox
    assert message.to == ["dee@example.org"]
    assert "Sixth meeting" in message.body and "2pm to 3:15pm UK time (GMT)" in message.body
    assert "Dee Reader" in message.alternatives[0].content
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = DigestDelivery.objects.get()
    assert (row.week, row.status) == (dt.date(2025, 3, 10), "sent")
    # The next week brings the next digest.
    next_week = MONDAY_9AM + dt.timedelta(days=7, minutes=5)
    make_meeting(starts_at=next_week + dt.timedelta(days=2), title="Seventh meeting")
    assert run(django_capture_on_commit_callbacks, next_week) == 1
    assert len(mail.outbox) == 2 and "Seventh meeting" in mail.outbox[1].body


def test_organisers_choose_the_day_and_hour_in_uk_time(reader, django_capture_on_commit_callbacks):
    config = DigestSettings.load()
    config.weekday, config.hour = 3, 16  # Thursdays at 4pm UK time
    config.save()
    make_meeting(starts_at=dt.datetime(2025, 7, 16, 13, 0, tzinfo=dt.UTC))
    thursday_4pm_bst = dt.datetime(2025, 7, 10, 15, 0, tzinfo=dt.UTC)
    assert run(django_capture_on_commit_callbacks, thursday_4pm_bst - dt.timedelta(minutes=1)) == 0
    assert run(django_capture_on_commit_callbacks, thursday_4pm_bst) == 1
    assert DigestDelivery.objects.get().week == dt.date(2025, 7, 7)


def test_catch_up_later_in_the_week_after_downtime(reader, django_capture_on_commit_callbacks):
    make_meeting(starts_at=MONDAY_9AM + dt.timedelta(days=3))
    assert run(django_capture_on_commit_callbacks, MONDAY_9AM + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 1


def test_new_guidance_is_listed_and_a_missing_app_is_tolerated(
    reader, home_page, django_capture_on_commit_callbacks, monkeypatch
):
    with time_machine.travel(MONDAY_9AM - dt.timedelta(days=2), tick=False):
        guide_page(index=guidance_index(home=home_page), title="Participation in procurement")
    monkeypatch.setattr(
        digest_service,
        "OPTIONAL_SOURCES",
        [
            ("case_studies", "no_such_app.models", "CaseStudyPage"),
            *digest_service.OPTIONAL_SOURCES[1:],
        ],
    )
    assert run(django_capture_on_commit_callbacks, MONDAY_9AM) == 1
    (message,) = mail.outbox
    assert "Participation in procurement" in message.body
    assert "New case studies" not in message.body


def test_nothing_to_report_is_skipped_not_sent(reader, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks, MONDAY_9AM) == 1
    assert mail.outbox == []
    assert DigestDelivery.objects.get().status == "skipped"


def test_digest_switched_off_by_organisers(reader, django_capture_on_commit_callbacks):
    config = DigestSettings.load()
    config.enabled = False
    config.save()
    make_meeting(starts_at=MONDAY_9AM + dt.timedelta(days=2))
    assert run(django_capture_on_commit_callbacks, MONDAY_9AM) == 0
    assert mail.outbox == []


def test_a_digest_crashed_mid_send_goes_out_again_within_two_minutes(
    reader, django_capture_on_commit_callbacks
):
    """The worker died after marking the digest "sending": the minute scanner (beat's
    events.queue_due_reminders) sends it again within 2 minutes, with the row's Message-ID."""
    from community.emails import ledger_message_id
    from events.reminders.services.digest import _digest_claim
    from events.reminders.tasks import queue_due_reminders

    make_meeting(starts_at=MONDAY_9AM + dt.timedelta(days=2), title="Sixth meeting")
    row = DigestDelivery.objects.create(user=reader, week=MONDAY_9AM.date())
    crashed_at = MONDAY_9AM + dt.timedelta(seconds=2)
    _digest_claim(delivery_id=row.pk, now=crashed_at)  # "sending", then the worker dies
    for minute in (1, 2):
        at = MONDAY_9AM + dt.timedelta(minutes=minute)
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            queue_due_reminders.delay()
        if mail.outbox:
            break
    (message,) = mail.outbox
    assert at - crashed_at <= dt.timedelta(minutes=2)
    assert message.to == ["dee@example.org"]
    assert message.extra_headers["Message-ID"] == ledger_message_id(
        ledger="digest", ref=str(row.pk)
    )
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
