"""Celery tasks for reminders and the weekly digest: thin, named, keyword-only IDs.

The schedule lives in the database (ReminderDelivery rows), never in long Celery countdowns:
beat runs the scanner every minute and the scanner enqueues what is due now.
"""

from celery import shared_task

from community.email_delivery import RetryLater, member_email_task

from .services.digest import digest_send, digests_queue_due, digests_requeue_stuck
from .services.scanner import reminders_queue_due
from .services.sending import reminder_send


@shared_task(name="events.queue_due_reminders", acks_late=True, soft_time_limit=90, time_limit=120)
def queue_due_reminders() -> dict:
    """Every minute (beat): record due reminders and enqueue one send task per new row; send
    again the reminders and digests a dead worker left "sending"."""
    result = reminders_queue_due().as_dict()
    result["digests_requeued"] = len(digests_requeue_stuck())
    return result


@member_email_task(name="events.send_reminder")
def send_reminder(*, delivery_id: int) -> str:
    outcome = reminder_send(delivery_id=delivery_id)
    if outcome.retry_in is not None:  # transient: recorded on the row, retried (one policy)
        raise RetryLater(countdown=outcome.retry_in, error=outcome.error)
    return outcome.status


@shared_task(name="events.queue_digests", acks_late=True, soft_time_limit=90, time_limit=120)
def queue_digests() -> int:
    """Hourly (beat): at or after the organisers' chosen hour, record this week's digests."""
    return digests_queue_due()


@member_email_task(name="events.send_digest")
def send_digest(*, delivery_id: int) -> str:
    outcome = digest_send(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        raise RetryLater(countdown=outcome.retry_in, error=outcome.error)
    return outcome.status
