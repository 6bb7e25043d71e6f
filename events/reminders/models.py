"""Ledgers for reminder and digest e-mails, and the digest's schedule (a Wagtail setting).

A ledger row exists before the e-mail is sent; its unique constraint is what makes a re-run,
a duplicated broker message or a restarted worker harmless (see docs/reminders.md).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from community.email_delivery import EmailLedger
from core.models import TimeStampedModel

from .enums import DeliveryStatus, Weekday

OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


class ReminderDelivery(EmailLedger, TimeStampedModel, ledger_name="reminder"):
    """One reminder for one registration, offset and schedule version (Meeting.sequence)."""

    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        db_index=False,  # the unique constraint's index starts with registration
    )
    # Denormalised from the registration (which never changes meeting): per-meeting counts and
    # the scanner's sweeps filter on it without a join.
    meeting = models.ForeignKey(
        "events.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        db_index=False,  # covered by the (meeting, status) index
    )
    offset_minutes = models.PositiveIntegerField(_("minutes before the start"))
    schedule_version = models.PositiveIntegerField(_("schedule version"))
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(_("last queued at"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "offset_minutes", "schedule_version"],
                name="reminders_delivery_once_per_version",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="reminders_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=DeliveryStatus.SENT) | models.Q(sent_at__isnull=False),
                name="reminders_delivery_sent_has_time",
            ),
        ]
        indexes = [
            # The scanner's sweeps only ever look at open rows: keep that index small.
            models.Index(
                fields=["due_at"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="reminders_delivery_open_idx",
            ),
            models.Index(fields=["meeting", "status"], name="reminders_delivery_meet_st_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"Reminder {self.offset_minutes} min before meeting {self.meeting_id} ({self.status})"
        )


@register_setting(icon="mail")
class DigestSettings(BaseGenericSetting):
    """When the weekly digest goes out (UK time). Members opt in in their e-mail preferences."""

    enabled = models.BooleanField(_("send the weekly digest"), default=True)
    weekday = models.PositiveSmallIntegerField(
        _("day"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    hour = models.PositiveSmallIntegerField(
        _("hour (UK time, 0-23)"),
        default=9,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
    )
    upcoming_days = models.PositiveSmallIntegerField(
        _("list events in the next ... days"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    panels = [
        FieldPanel("enabled"),
        FieldPanel("weekday"),
        FieldPanel("hour"),
        FieldPanel("upcoming_days"),
    ]

    class Meta:
        verbose_name = _("weekly digest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hour__gte=0, hour__lte=23), name="reminders_digest_hour_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="reminders_digest_weekday_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class DigestDelivery(EmailLedger, TimeStampedModel, ledger_name="digest"):
    """The weekly digest to one member for one week (the Monday of that UK week)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
    )
    week = models.DateField(_("week starting"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    scan_batch = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-week", "pk"]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="reminders_digest_once_per_week"),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="reminders_digest_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["scan_batch"], name="reminders_digest_batch_idx"),
            models.Index(
                fields=["week"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="reminders_digest_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Digest for week {self.week} to {self.user_id} ({self.status})"
