"""Celery tasks: thin, named, keyword-only IDs; they load the row and call a service
(``services/emails.py``), idempotent through a ledger table, with the one retry policy for
member e-mail (``community.email_delivery.member_email_task``)."""

from community.email_delivery import BULK_TIME_LIMITS, member_email_task

from .models import Registration, ScheduleRelease, Topic
from .services.emails import (
    registration_confirmation_send,
    schedule_release_notify,
    topic_decision_send,
)


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


@member_email_task(name="unconferences.send_topic_decision")
def send_topic_decision(*, topic_id: int, decision: str, decided_at: str, reason: str = "") -> bool:
    topic = (
        Topic.objects.select_related("board__unconference", "board__meeting_series", "proposer")
        .filter(pk=topic_id)
        .first()
    )
    if topic is None:
        return False  # deleted before the task ran
    return topic_decision_send(topic=topic, decision=decision, decided_at=decided_at, reason=reason)
