"""Celery tasks: thin, named, keyword-only IDs; they load the row and call a service
(``services/emails.py``), idempotent through a ledger table, with the one retry policy for
member e-mail (``community.email_delivery.member_email_task``)."""

from community.email_delivery import BULK_TIME_LIMITS, member_email_task

from .models import Registration, ScheduleRelease
from .services.emails import registration_confirmation_send, schedule_release_notify


@member_email_task(name="unconferences.notify_schedule_change", **BULK_TIME_LIMITS)
def notify_schedule_change(*, release_id: int) -> int:
    release = ScheduleRelease.objects.select_related("unconference").filter(pk=release_id).first()
    if release is None:
        return 0
    return schedule_release_notify(release=release)


@member_email_task(name="unconferences.send_registration_confirmation")
def send_registration_confirmation(*, registration_id: int) -> bool:
    registration = (
        Registration.objects.select_related("unconference", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False  # cancelled before the task ran
    return registration_confirmation_send(registration=registration)
