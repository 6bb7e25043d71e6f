"""Account e-mails (approval decisions, "a member is waiting" notices to organisers) go through
the one sending path: a thin Celery task enqueued on commit, one retry policy (a transient 4xx
is retried, a permanent 5xx is not) and a clock-free idempotency key (the same task redelivered
later sends nothing new), with a Message-ID derived from the ledger row. Only the SMTP server is
faked (EMAIL_BACKEND) and the clock moved."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from community import services
from community.email_delivery import EmailLedger, ledger_message_id
from community.enums import ApprovalStatus
from community.models import AccountEmail
from community.tasks import send_member_decision, send_member_pending_notices
from core.queue import queued_tasks
from tests.factories.users import UserFactory, organiser_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2029, 5, 14, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


# Each kind: set up what the task needs; return a function that runs (or redelivers) it.


def member_approved():
    member = UserFactory(approval_status=ApprovalStatus.APPROVED)
    return lambda: send_member_decision.delay(
        member_id=member.pk, decision=ApprovalStatus.APPROVED.value
    )


def member_declined():
    member = UserFactory(approval_status=ApprovalStatus.DECLINED)
    return lambda: send_member_decision.delay(
        member_id=member.pk, decision=ApprovalStatus.DECLINED.value, reason="Not a work account."
    )


def member_pending():
    organiser_user()
    member = UserFactory(approval_status=ApprovalStatus.PENDING)
    return lambda: send_member_pending_notices.delay(member_id=member.pk)


KINDS = [member_approved, member_declined, member_pending]
kinds = pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)


@kinds
def test_a_permanent_5xx_is_not_retried(kind, smtp, caplog):
    run = kind()
    smtp.code = 550
    with caplog.at_level(logging.ERROR):
        run()
    assert smtp.calls == 1
    assert mail.outbox == []
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    assert not AccountEmail.objects.filter(sent_at__isnull=False).exists()


@kinds
def test_a_transient_4xx_is_retried_until_the_server_accepts(kind, smtp):
    run = kind()
    smtp.code, smtp.failures = 451, 2
    run()
    assert smtp.calls == 3
    assert len(mail.outbox) == 1
    assert AccountEmail.objects.get().sent_at == NOW


@kinds
def test_a_transient_4xx_is_retried_up_to_the_cap_only(kind, smtp, settings):
    run = kind()
    smtp.code = 451
    run()
    assert smtp.calls == settings.EMAIL_RETRY_MAX + 1
    assert mail.outbox == []


@kinds
def test_the_same_task_redelivered_later_sends_nothing_new(kind, smtp):
    run = kind()
    run()
    assert len(mail.outbox) == 1
    for minutes in (1, 61):
        with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
            run()
    assert len(mail.outbox) == 1
    assert smtp.calls == 1


@kinds
def test_a_re_send_carries_the_row_s_message_id(kind, smtp):
    run = kind()
    smtp.code, smtp.failures = 451, 1
    run()
    first, second = smtp.seen_ids
    (message,) = mail.outbox
    row = AccountEmail.objects.get()
    assert first == second == message.message()["Message-ID"]
    assert first == row.message_id == ledger_message_id(ledger="account-email", ref=str(row.pk))


def test_the_account_ledger_uses_the_shared_abstraction():
    assert issubclass(AccountEmail, EmailLedger)
    assert AccountEmail.ledger_name == "account-email"
    assert {"event-email", "schedule-release", "reminder", "digest"}.isdisjoint(
        {AccountEmail.ledger_name}
    )


def test_the_keys_name_what_to_whom_and_why():
    organiser = organiser_user()
    member = UserFactory(approval_status=ApprovalStatus.PENDING)
    send_member_pending_notices.delay(member_id=member.pk)
    member.approval_status = ApprovalStatus.DECLINED
    member.save()
    send_member_decision.delay(member_id=member.pk, decision="declined", reason="No.")
    rows = sorted(AccountEmail.objects.values_list("key", "user_id"))
    assert rows == sorted(
        [(f"member-pending:{member.pk}", organiser.pk), ("approval:declined", member.pk)]
    )
    assert len(mail.outbox) == 2


def test_a_decision_changed_before_the_task_ran_is_not_sent():
    member = UserFactory(approval_status=ApprovalStatus.APPROVED)
    assert send_member_decision.delay(member_id=member.pk, decision="declined").get() is False
    assert mail.outbox == []


def test_organisers_are_not_told_about_someone_already_decided():
    organiser_user()
    member = UserFactory(approval_status=ApprovalStatus.APPROVED)
    assert send_member_pending_notices.delay(member_id=member.pk).get() == 0
    assert mail.outbox == []


def test_a_task_for_a_deleted_member_ends_quietly():
    assert send_member_decision.delay(member_id=999_999, decision="approved").get() is False
    assert send_member_pending_notices.delay(member_id=999_999).get() == 0


def test_a_bad_organiser_address_does_not_stop_the_others_being_told(settings):
    settings.EMAIL_BACKEND = "tests.email_support.RefusingOneAddressBackend"
    organiser_user(email="gone@example.org")
    organiser_user(email="here@example.org")
    member = UserFactory(approval_status=ApprovalStatus.PENDING)
    assert send_member_pending_notices.delay(member_id=member.pk).get() == 1
    assert [m.to for m in mail.outbox] == [["here@example.org"]]


# --- the services enqueue the tasks on commit, never inside the open transaction -------------


def test_approving_enqueues_the_e_mail_on_commit(django_capture_on_commit_callbacks):
    organiser = organiser_user()
    member = UserFactory(approval_status=ApprovalStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.member_approve(member=member, by=organiser)
    assert mail.outbox == []  # nothing sent inside the request's transaction
    assert len(queued_tasks(callbacks)) == 1
    queued_tasks(callbacks)[0]()
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "approved" in message.subject


def test_a_rolled_back_decision_sends_nothing(django_capture_on_commit_callbacks):
    organiser = organiser_user()
    member = UserFactory(approval_status=ApprovalStatus.PENDING)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.member_decline(member=member, by=organiser, reason="No.")
        raise RuntimeError("the request failed after the decision")
    assert queued_tasks(callbacks) == []
    assert mail.outbox == []


def test_signing_up_pending_enqueues_the_organisers_notice(django_capture_on_commit_callbacks):
    organiser = organiser_user()
    member = UserFactory(approval_status=ApprovalStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.member_signup_complete(user=member)
    assert member.profile.pk
    (message,) = mail.outbox
    assert message.to == [organiser.email]
    approved = UserFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.member_signup_complete(user=approved)
    assert queued_tasks(callbacks) == []
    assert mail.outbox == []
