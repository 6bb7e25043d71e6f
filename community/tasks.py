"""Celery tasks for community: thin wrappers that load the member by ID and call a service in
``community/account_emails.py`` (ledger, keys, Message-ID); ``member_email_task`` applies the
one retry policy (transient errors retried with backoff, permanent ones not:
``community/email_delivery.py``). Services enqueue them by name with
``core.queue.enqueue_on_commit``."""

from .account_emails import member_decision_email_send, member_pending_notify
from .email_delivery import BULK_TIME_LIMITS, member_email_task
from .models import User


@member_email_task(name="community.send_member_decision")
def send_member_decision(*, member_id: int, decision: str, reason: str = "") -> bool:
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return False
    return member_decision_email_send(member=member, decision=decision, reason=reason)


@member_email_task(name="community.send_member_pending_notices", **BULK_TIME_LIMITS)
def send_member_pending_notices(*, member_id: int) -> int:
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return 0
    return member_pending_notify(member=member)
