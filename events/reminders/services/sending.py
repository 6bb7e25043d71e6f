"""Sending one reminder: claim the row, re-check, send, mark. See docs/reminders.md for what a
crash at each step does."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community.email_delivery import (
    email_error_is_transient,
    email_error_text,
    email_retry_allowed,
    email_retry_countdown,
)
from community.emails import send_member_email
from community.enums import EmailKind
from community.selectors import email_preferences_for
from core.queue import enqueue_on_commit
from events.calendars import meeting_ics, meeting_url_lazy
from events.enums import MeetingStatus, RegistrationStatus
from events.selectors import uk_time_display_lazy

from ..enums import DeliveryStatus
from ..models import ReminderDelivery

logger = logging.getLogger(__name__)


@dataclass
class SendOutcome:
    status: str  # what the row is now ("sent", "skipped", ... or "unchanged")
    retry_in: int | None = None  # seconds: the task should retry after this long
    error: BaseException | None = None


def offset_label(minutes: int) -> str:
    """ "1 week", "1 day", "1 hour", "90 minutes" ... for subjects and bodies."""
    if minutes % 10080 == 0:
        weeks = minutes // 10080
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    if minutes % 1440 == 0:
        days = minutes // 1440
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


# For e-mails: worked out in the member's language when the e-mail is rendered.
offset_label_lazy = lazy(offset_label, str)


# --- A delivery row's sending lifecycle (reminders and digests alike) ---------------------------


def deliveries_enqueue_on_commit(task_name: str, *, ids: list[int]) -> None:
    """One send task per ledger row (``task_name(delivery_id=...)``) once the transaction
    commits, from ONE on-commit callback however many rows a pass recorded (thousands after an
    outage): at commit there is no open transaction, so each ``enqueue_on_commit`` sends at once."""
    ids = list(ids)
    transaction.on_commit(lambda: [enqueue_on_commit(task_name, delivery_id=pk) for pk in ids])


def delivery_being_sent(delivery, now: dt.datetime) -> bool:
    """Another worker marked the row "sending" within the lease: leave it to that worker."""
    lease = dt.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)
    return delivery.status == DeliveryStatus.SENDING and delivery.sending_started_at > now - lease


def delivery_start_sending(delivery, now: dt.datetime) -> None:
    """Mark the (locked) row "sending" and count the attempt, committed before any SMTP."""
    delivery.status = DeliveryStatus.SENDING
    delivery.attempts += 1
    delivery.sending_started_at = now
    delivery.save(update_fields=["status", "attempts", "sending_started_at", "updated_at"])


def delivery_finish(delivery, **fields) -> int:
    """Update a ReminderDelivery or DigestDelivery only if the row is still ours (status
    sending, same attempt)."""
    return (
        type(delivery)
        .objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts)
        .update(updated_at=timezone.now(), **fields)
    )


def _why_not(delivery: ReminderDelivery, now: dt.datetime) -> tuple[str, str] | None:
    """(new status, reason) when this reminder must not go out any more, else None."""
    meeting = delivery.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        return DeliveryStatus.SUPERSEDED, _("The meeting was cancelled.")
    if meeting.sequence != delivery.schedule_version:
        return (
            DeliveryStatus.SUPERSEDED,
            _("The meeting changed; reminders for the new time replace this one."),
        )
    if meeting.starts_at <= now:
        return DeliveryStatus.SKIPPED, _("The meeting had already started.")
    if delivery.registration.status != RegistrationStatus.REGISTERED:
        return DeliveryStatus.SKIPPED, _("The member was no longer registered.")
    user = delivery.registration.user
    if not user.is_active or not user.email:
        return DeliveryStatus.SKIPPED, _("The member's account is closed.")
    if not email_preferences_for(user=user).wants_reminder_offset(delivery.offset_minutes):
        return DeliveryStatus.SKIPPED, _("The member switched these reminders off.")
    return None


@transaction.atomic
def reminder_claim(*, delivery_id: int, now: dt.datetime) -> ReminderDelivery | str:
    """Lock the row; return it marked "sending" (attempt counted, committed before any SMTP),
    or the status that means there is nothing to do."""
    delivery = (
        ReminderDelivery.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__series", "registration", "registration__user")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return "gone"
    if delivery_being_sent(delivery, now):
        return "unchanged"  # another worker is sending it right now
    if delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
        return "unchanged"  # sent, skipped, failed or superseded: never send again
    stop = _why_not(delivery, now)
    if stop:
        delivery.status, delivery.reason = stop
        delivery.save(update_fields=["status", "reason", "updated_at"])
        return delivery.status
    delivery_start_sending(delivery, now)
    return delivery


def _send_email(delivery: ReminderDelivery) -> None:
    meeting = delivery.meeting
    user = delivery.registration.user
    when = uk_time_display_lazy(starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    # The member accepted this meeting: the same RFC 5546 invitation as their confirmation.
    ics = meeting_ics(meetings=[meeting], for_user=user, method="REQUEST")
    message = send_member_email(
        user=user,
        kind=EmailKind.MEETING_REMINDERS,
        subject=gettext_lazy("Reminder: %(title)s, %(when)s"),
        subject_params={"title": meeting.title, "when": when},
        template="reminders/emails/reminder",
        context={
            "meeting": meeting,
            "when": when,
            "starts_in": offset_label_lazy(delivery.offset_minutes),
            "meeting_url": meeting_url_lazy(meeting),
            "join_url": meeting.join_url,  # only registered attendees get reminders
        },
        attachments=[("event.ics", ics, "text/calendar; method=REQUEST")],
        # The same Message-ID on every attempt: a re-send after a crash is one message.
        message_id=delivery.message_id,
    )
    if message is None:  # preferences changed between the claim and now
        raise _SwitchedOff


class _SwitchedOff(Exception):
    pass


def reminder_send(*, delivery_id: int) -> SendOutcome:
    now = timezone.now()
    claimed = reminder_claim(delivery_id=delivery_id, now=now)
    if isinstance(claimed, str):
        return SendOutcome(status=claimed)
    delivery = claimed
    try:
        _send_email(delivery)
    except _SwitchedOff:
        delivery_finish(
            delivery,
            status=DeliveryStatus.SKIPPED,
            reason=_("The member switched these reminders off."),
        )
        return SendOutcome(status=DeliveryStatus.SKIPPED)
    except Exception as exc:
        error = email_error_text(exc)
        if email_error_is_transient(exc) and email_retry_allowed(attempts=delivery.attempts):
            countdown = email_retry_countdown(attempts=delivery.attempts)
            delivery_finish(
                delivery,
                status=DeliveryStatus.PENDING,
                last_error=error,
                queued_at=timezone.now() + dt.timedelta(seconds=countdown),
            )
            logger.warning("reminder send failed, will retry", extra={"delivery": delivery.pk})
            return SendOutcome(status=DeliveryStatus.PENDING, retry_in=countdown, error=exc)
        delivery_finish(delivery, status=DeliveryStatus.FAILED, last_error=error)
        logger.exception("reminder send failed", extra={"delivery": delivery.pk})
        return SendOutcome(status=DeliveryStatus.FAILED, error=exc)
    delivery_finish(delivery, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    return SendOutcome(status=DeliveryStatus.SENT)


@transaction.atomic
def reminders_requeue_failed(*, meeting_id: int | None = None) -> list[int]:
    """Failed rows back to pending (attempts reset); one send task each after commit."""
    rows = ReminderDelivery.objects.select_for_update().filter(status=DeliveryStatus.FAILED)
    if meeting_id is not None:
        rows = rows.filter(meeting_id=meeting_id)
    ids = list(rows.values_list("pk", flat=True))
    if ids:
        ReminderDelivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            queued_at=timezone.now(),
            updated_at=timezone.now(),
        )
        deliveries_enqueue_on_commit("events.send_reminder", ids=ids)
    return ids
