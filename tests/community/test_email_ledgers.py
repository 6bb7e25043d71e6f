"""The "e-mail sent" ledgers share one abstraction (community.email_delivery.EmailLedger):
one name and one row-derived Message-ID each, and one claim helper that says whether a call owns
the send (docs/emails.md)."""

import pytest
from django.apps import apps
from django.db import transaction

from community.email_delivery import EmailLedger, email_ledger_claim, ledger_message_id
from community.models import AccountEmail
from events.models import EventEmail
from events.reminders.models import DigestDelivery, ReminderDelivery
from events.unconferences.models import ReleaseNotification, ScheduleRelease
from tests.factories.unconferences import UnconferenceFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

LEDGERS = {
    EventEmail: "event-email",
    ReleaseNotification: "schedule-release",
    ReminderDelivery: "reminder",
    DigestDelivery: "digest",
    AccountEmail: "account-email",
}


def test_every_ledger_model_is_listed_here():
    """A new ledger is checked below as soon as it exists (the list is every EmailLedger)."""
    assert {model for model in apps.get_models() if issubclass(model, EmailLedger)} == set(LEDGERS)


@pytest.mark.parametrize(
    ("model", "name"), LEDGERS.items(), ids=lambda v: getattr(v, "__name__", v)
)
def test_every_ledger_model_uses_the_shared_abstraction(model, name):
    assert issubclass(model, EmailLedger)
    assert not model._meta.abstract
    assert model.ledger_name == name
    # Every ledger says when its e-mail went out, and has a unique key (what, to whom, why).
    assert model._meta.get_field("sent_at")
    assert any(getattr(c, "fields", None) for c in model._meta.constraints)


def test_ledger_names_are_distinct_so_message_ids_never_collide():
    assert len({model.ledger_name for model in LEDGERS}) == len(LEDGERS)


def test_a_row_message_id_is_its_ledger_name_and_key():
    user = UserFactory()
    entry, _owns = email_ledger_claim(EventEmail, key="message:1", user=user)
    assert entry.message_id == ledger_message_id(ledger="event-email", ref=str(entry.pk))
    release = ScheduleRelease.objects.create(unconference=UnconferenceFactory(), number=1)
    notification, _owns = email_ledger_claim(ReleaseNotification, release=release, user=user)
    # Written with its send: named by its natural key, not its primary key.
    assert notification.message_id == ledger_message_id(
        ledger="schedule-release", ref=f"{release.pk}-{user.pk}"
    )


def test_a_second_claim_of_a_sent_e_mail_does_not_own_the_send():
    user = UserFactory()
    first, owns = email_ledger_claim(EventEmail, key="confirm:1:registered:x", user=user)
    assert owns
    # Not yet marked sent (the worker crashed after claiming): the next claim sends it again,
    # with the same row and so the same Message-ID.
    again, owns = email_ledger_claim(EventEmail, key="confirm:1:registered:x", user=user)
    assert owns and again.pk == first.pk and again.message_id == first.message_id
    EventEmail.objects.filter(pk=first.pk).update(sent_at=first.created_at)
    _row, owns = email_ledger_claim(EventEmail, key="confirm:1:registered:x", user=user)
    assert not owns
    assert EventEmail.objects.count() == 1
    # Another key, or another member, is another e-mail.
    assert email_ledger_claim(EventEmail, key="confirm:1:registered:y", user=user)[1]
    assert email_ledger_claim(EventEmail, key="confirm:1:registered:x", user=UserFactory())[1]


def test_a_ledger_written_with_its_send_is_owned_once():
    user = UserFactory()
    release = ScheduleRelease.objects.create(unconference=UnconferenceFactory(), number=1)
    with transaction.atomic():
        _row, owns = email_ledger_claim(ReleaseNotification, release=release, user=user)
    assert owns
    _row, owns = email_ledger_claim(ReleaseNotification, release=release, user=user)
    assert not owns
    assert ReleaseNotification.objects.count() == 1


def test_a_failed_send_rolls_its_claim_back():
    user = UserFactory()
    release = ScheduleRelease.objects.create(unconference=UnconferenceFactory(), number=1)
    with pytest.raises(ConnectionError), transaction.atomic():
        _row, owns = email_ledger_claim(ReleaseNotification, release=release, user=user)
        assert owns
        raise ConnectionError("the SMTP server went away")
    assert not ReleaseNotification.objects.exists()
    _row, owns = email_ledger_claim(ReleaseNotification, release=release, user=user)
    assert owns
