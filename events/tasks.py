"""Celery tasks for events: thin wrappers that load rows by ID and call a service.

The e-mail services (``events/emails.py``) record each e-mail in the EventEmail ledger (unique
per key and member), so a task that runs twice, or a redelivered message, sends each e-mail
once; ``member_email_task`` applies the one retry policy (transient errors retried with
backoff, permanent ones not: ``community/email_delivery.py``).
"""

from celery import shared_task

from community.email_delivery import BULK_TIME_LIMITS, member_email_task

from .emails import (
    meeting_change_notices_send,
    member_load,
    organiser_message_send,
    registration_cancellation_send,
    registration_confirmation_send,
    series_cancellation_send,
    series_confirmation_send,
)
from .models import Meeting, MeetingSeries, OrganiserMessage, Registration
from .services import meeting_series_generate_all


@shared_task(
    name="events.generate_occurrences",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def generate_occurrences(*, months: int | None = None) -> dict:
    """Keep the next N months of every active series materialised (daily, beat)."""
    return meeting_series_generate_all(months=months)


def _registration(registration_id: int) -> Registration | None:
    return Registration.objects.select_related("meeting", "user").filter(pk=registration_id).first()


@member_email_task(name="events.send_registration_confirmation")
def send_registration_confirmation(*, registration_id: int, status: str) -> bool:
    registration = _registration(registration_id)
    if registration is None:
        return False
    return registration_confirmation_send(registration=registration, status=status)


@member_email_task(name="events.send_series_confirmation")
def send_series_confirmation(*, series_id: int, user_id: int) -> bool:
    series = MeetingSeries.objects.filter(pk=series_id).first()
    user = member_load(user_id=user_id)
    if series is None or user is None:
        return False
    return series_confirmation_send(series=series, user=user)


@member_email_task(name="events.send_meeting_change_notices", **BULK_TIME_LIMITS)
def send_meeting_change_notices(
    *,
    meeting_id: int,
    sequence: int,
    method: str,
    previous_starts_at: str | None = None,
    previous_ends_at: str | None = None,
) -> int:
    """``method`` is kept for messages already queued; the meeting's status decides."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    return meeting_change_notices_send(
        meeting=meeting,
        sequence=sequence,
        previous_starts_at=previous_starts_at,
        previous_ends_at=previous_ends_at,
    )


@member_email_task(name="events.send_registration_cancellation")
def send_registration_cancellation(
    *, registration_id: int, cancelled_at: str, was_registered: bool
) -> bool:
    registration = _registration(registration_id)
    if registration is None:
        return False
    return registration_cancellation_send(
        registration=registration, cancelled_at=cancelled_at, was_registered=was_registered
    )


@member_email_task(name="events.send_series_cancellation")
def send_series_cancellation(*, series_id: int, user_id: int, cancellations: list) -> bool:
    series = MeetingSeries.objects.filter(pk=series_id).first()
    user = member_load(user_id=user_id)
    if series is None or user is None:
        return False
    return series_cancellation_send(series=series, user=user, cancellations=cancellations)


@member_email_task(name="events.send_organiser_message", **BULK_TIME_LIMITS)
def send_organiser_message(*, message_id: int) -> int:
    message = OrganiserMessage.objects.select_related("meeting").filter(pk=message_id).first()
    if message is None:
        return 0
    return organiser_message_send(message=message)
