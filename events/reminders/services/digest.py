"""The weekly digest: upcoming events plus newly published case studies and guidance, once per
member per week (DigestDelivery is unique on member and week), at the hour organisers chose."""

import datetime as dt
import importlib
import logging
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.email_delivery import (
    email_error_is_transient,
    email_error_text,
    email_retry_allowed,
    email_retry_countdown,
)
from community.emails import send_member_email
from community.enums import EmailKind
from core.http import absolute_url
from events.calendars import meeting_url_lazy
from events.enums import MeetingStatus
from events.selectors import meetings_published, uk_time_display_lazy

from ..enums import DeliveryStatus
from ..models import DigestDelivery, DigestSettings
from .sending import (
    SendOutcome,
    deliveries_enqueue_on_commit,
    delivery_being_sent,
    delivery_finish,
    delivery_start_sending,
)

logger = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")

# Optional sources: the digest lists them only if their apps' page models import.
OPTIONAL_SOURCES = [
    ("case_studies", "casestudies.models", "CaseStudyPage"),
    ("guides", "guidance.models", "GuidePage"),
]


def digest_week_start(*, now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """(Monday of the current UK week, the moment this week's digest is due, in UTC)."""
    config = DigestSettings.load()
    local = now.astimezone(LONDON)
    monday = local.date() - dt.timedelta(days=local.weekday())
    due_day = monday + dt.timedelta(days=config.weekday)
    due_local = dt.datetime.combine(due_day, dt.time(config.hour), tzinfo=LONDON)
    return monday, due_local.astimezone(dt.UTC)


def _optional_pages(module: str, name: str, *, since: dt.datetime) -> list:
    try:
        model = getattr(importlib.import_module(module), name)
        return list(
            model.objects.live()
            .public()
            .filter(first_published_at__gte=since)
            .order_by("-first_published_at")[:10]
        )
    except Exception:  # the app is missing or not migrated: the digest goes out without it
        logger.info("digest source unavailable", extra={"source": f"{module}.{name}"})
        return []


def digest_content(*, now: dt.datetime) -> dict:
    config = DigestSettings.load()
    meetings = list(
        meetings_published(now=now)
        .filter(starts_at__gt=now, starts_at__lte=now + dt.timedelta(days=config.upcoming_days))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "pk")[:20]
    )
    events = [
        {
            "meeting": m,
            "when": uk_time_display_lazy(starts_at=m.starts_at, ends_at=m.ends_at),
            "url": meeting_url_lazy(m),
        }
        for m in meetings
    ]
    since = now - dt.timedelta(days=7)
    content = {"events": events}
    for key, module, name in OPTIONAL_SOURCES:
        content[key] = [
            {"title": page.title, "url": absolute_url(page)}
            for page in _optional_pages(module, name, since=since)
        ]
    return content


def digests_queue_due(*, now: dt.datetime | None = None) -> int:
    """Record this week's digest for every member who opted in, once the chosen time has come
    (any later hourly run in the same week catches up); one send task per new row."""
    now = now or timezone.now()
    config = DigestSettings.load()
    week, due_at = digest_week_start(now=now)
    if not config.enabled or now < due_at:
        return 0
    batch = uuid.uuid4()
    users = (
        get_user_model()
        .objects.filter(is_active=True, email_preferences__digest=True)
        .exclude(digest_deliveries__week=week)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        DigestDelivery.objects.bulk_create(
            [DigestDelivery(user_id=pk, week=week, scan_batch=batch) for pk in users],
            batch_size=2000,
            ignore_conflicts=True,
        )
        ids = list(DigestDelivery.objects.filter(scan_batch=batch).values_list("pk", flat=True))
        deliveries_enqueue_on_commit("events.send_digest", ids=ids)
    return len(ids)


@transaction.atomic
def digests_requeue_stuck(*, now: dt.datetime | None = None) -> list[int]:
    """Digests left "sending" past the lease (the worker died mid-send) go back to pending and
    are queued again, as the reminder scanner does for reminders (beat, every minute, so within
    2 minutes at the default lease); after too many interrupted attempts, failed."""
    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)
    stale = DigestDelivery.objects.filter(
        status=DeliveryStatus.SENDING, sending_started_at__lt=now - lease
    )
    stale.filter(attempts__gt=settings.EMAIL_RETRY_MAX).update(
        status=DeliveryStatus.FAILED,
        last_error=_("The worker stopped while sending, too many times."),
        updated_at=now,
    )
    ids = list(stale.values_list("pk", flat=True))
    if ids:
        DigestDelivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.PENDING,
            last_error=_("The worker stopped while sending; sending again."),
            updated_at=now,
        )
        deliveries_enqueue_on_commit("events.send_digest", ids=ids)
    return ids


@transaction.atomic
def _digest_claim(*, delivery_id: int, now: dt.datetime) -> DigestDelivery | None:
    delivery = (
        DigestDelivery.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
        return None
    if delivery_being_sent(delivery, now):
        return None
    delivery_start_sending(delivery, now)
    return delivery


def digest_send(*, delivery_id: int) -> SendOutcome:
    now = timezone.now()
    delivery = _digest_claim(delivery_id=delivery_id, now=now)
    if delivery is None:
        return SendOutcome(status="unchanged")
    content = digest_content(now=now)
    if not any(content.values()):
        delivery_finish(delivery, status=DeliveryStatus.SKIPPED, reason=_("Nothing new this week."))
        return SendOutcome(status=DeliveryStatus.SKIPPED)
    try:
        message = send_member_email(
            user=delivery.user,
            kind=EmailKind.DIGEST,
            subject=gettext_lazy("This week in the community"),
            template="reminders/emails/digest",
            context=content,
            message_id=delivery.message_id,
        )
    except Exception as exc:
        error = email_error_text(exc)
        if email_error_is_transient(exc) and email_retry_allowed(attempts=delivery.attempts):
            delivery_finish(delivery, status=DeliveryStatus.PENDING, last_error=error)
            logger.warning("digest send failed, will retry", extra={"delivery": delivery.pk})
            return SendOutcome(
                status=DeliveryStatus.PENDING,
                retry_in=email_retry_countdown(attempts=delivery.attempts),
                error=exc,
            )
        delivery_finish(delivery, status=DeliveryStatus.FAILED, last_error=error)
        logger.exception("digest send failed", extra={"delivery": delivery.pk})
        return SendOutcome(status=DeliveryStatus.FAILED, error=exc)
    if message is None:
        delivery_finish(
            delivery, status=DeliveryStatus.SKIPPED, reason=_("The member switched the digest off.")
        )
        return SendOutcome(status=DeliveryStatus.SKIPPED)
    delivery_finish(delivery, status=DeliveryStatus.SENT, sent_at=timezone.now())
    return SendOutcome(status=DeliveryStatus.SENT)
