"""RSVP under concurrent requests on PostgreSQL: the meeting row lock keeps seats exact."""

import threading

import pytest
from django.db import close_old_connections, connection

from events.enums import RegistrationStatus
from events.models import Registration
from events.services import meeting_register, registration_cancel
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_registrations_never_exceed_capacity():
    assert connection.vendor == "postgresql"
    meeting = MeetingFactory(capacity=5)
    users = [UserFactory() for _ in range(20)]
    barrier = threading.Barrier(20)
    errors = []

    def register(user):
        try:
            barrier.wait(timeout=30)
            meeting_register(meeting=meeting, user=user)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    registered = Registration.objects.filter(meeting=meeting, status=RegistrationStatus.REGISTERED)
    waitlisted = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.WAITLISTED
    ).order_by("waitlist_position")
    assert registered.count() == 5
    assert waitlisted.count() == 15
    positions = list(waitlisted.values_list("waitlist_position", flat=True))
    assert positions == list(range(positions[0], positions[0] + 15))  # unique, no gaps

    # Promotion on cancel follows the waiting-list order, one seat at a time
    queue = list(waitlisted.values_list("user_id", flat=True))
    for leaving in list(registered.values_list("user_id", flat=True))[:3]:
        registration_cancel(meeting=meeting, user=UserFactory._meta.model.objects.get(pk=leaving))
    promoted = set(
        Registration.objects.filter(
            meeting=meeting, status=RegistrationStatus.REGISTERED, user_id__in=queue
        ).values_list("user_id", flat=True)
    )
    assert promoted == set(queue[:3])
    assert (
        Registration.objects.filter(meeting=meeting, status=RegistrationStatus.REGISTERED).count()
        == 5
    )


def test_concurrent_double_submit_by_one_member_makes_one_registration():
    meeting = MeetingFactory(capacity=5)
    member = UserFactory()
    barrier = threading.Barrier(8)
    results = []

    def register():
        try:
            barrier.wait(timeout=30)
            results.append(meeting_register(meeting=meeting, user=member).status)
        except Exception as error:  # pragma: no cover
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == ["registered"] * 8
    assert Registration.objects.filter(meeting=meeting, user=member).count() == 1
