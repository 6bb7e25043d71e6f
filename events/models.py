"""Meetings and events: recurring series, occurrences, registrations and calendar-feed tokens.

Instants are stored in UTC (``starts_at``/``ends_at``); a series keeps its local wall-clock time
(``start_time`` in Europe/London) so 14:00 stays 14:00 UK time across BST/GMT changes.
"""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.email_delivery import EmailLedger
from core.models import TimeStampedModel

from .enums import MeetingKind, MeetingMode, MeetingStatus, RegistrationStatus

DEFAULT_REMINDER_OFFSETS = [10080, 1440, 60]


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class MeetingSeries(TimeStampedModel):
    """A recurring meeting, e.g. monthly on the 2nd Wednesday at 14:00 UK time for 75 minutes."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What these meetings are for and who should come. Shown on every meeting."),
    )
    host = models.CharField(
        _("host"),
        max_length=200,
        blank=True,
        help_text=_("Who runs the meetings: a name, an organisation, or both."),
    )
    agenda = models.TextField(
        _("usual agenda"),
        blank=True,
        help_text=_("The running order most meetings follow, one item per line."),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=MeetingKind.choices, default=MeetingKind.COMMUNITY_MEETING
    )
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=500,
        help_text=_(
            'An RFC 5545 rule without DTSTART, for example "FREQ=MONTHLY;BYDAY=+2WE" for the '
            "second Wednesday of every month."
        ),
    )
    start_time = models.TimeField(_("start time (UK time)"))
    duration_minutes = models.PositiveIntegerField(
        _("duration in minutes"), default=60, validators=[MinValueValidator(1)]
    )
    first_date = models.DateField(_("first date"))
    exception_dates = models.JSONField(
        _("skipped dates"),
        default=list,
        blank=True,
        help_text=_("Dates (YYYY-MM-DD) on which the rule would give a meeting but none is held."),
    )
    extra_dates = models.JSONField(
        _("extra dates"),
        default=list,
        blank=True,
        help_text=_("Dates (YYYY-MM-DD) with a meeting that the rule does not give."),
    )
    default_capacity = models.PositiveIntegerField(
        _("default capacity"), null=True, blank=True, help_text=_("Leave empty for unlimited.")
    )
    mode = models.CharField(
        _("mode"), max_length=20, choices=MeetingMode.choices, default=MeetingMode.ONLINE
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    join_url = models.URLField(_("join link"), blank=True)
    reminder_offsets = models.JSONField(
        _("reminder offsets (minutes before the start)"), default=default_reminder_offsets
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive series generate no new meetings.")
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title


class Meeting(TimeStampedModel):
    """One event: an occurrence of a series or a one-off."""

    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=MeetingKind.choices, default=MeetingKind.COMMUNITY_MEETING
    )
    topic = models.CharField(
        _("topic"),
        max_length=200,
        blank=True,
        help_text=_(
            "What this meeting is about, in a line. Shown under the title in the events list."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Leave empty to use the series' description."),
    )
    host = models.CharField(
        _("host"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the series' host."),
    )
    agenda = models.TextField(
        _("agenda"), blank=True, help_text=_("Leave empty to use the series' usual agenda.")
    )
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("Names and roles."))
    mode = models.CharField(
        _("mode"), max_length=20, choices=MeetingMode.choices, default=MeetingMode.ONLINE
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    join_url = models.URLField(
        _("join link"), blank=True, help_text=_("Shown only to registered attendees.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for unlimited.")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(
        _("sequence"),
        default=0,
        editable=False,
        help_text=_("Increases on every change of time, status or place (ICS SEQUENCE)."),
    )
    occurrence_key = models.DateField(
        _("occurrence date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The original local date this occurrence was generated for."),
    )
    detached = models.BooleanField(
        _("detached from the series"),
        default=False,
        help_text=_("Edited by an organiser: regenerating the series never overwrites it."),
    )
    publish_from = models.DateTimeField(_("publish from"), null=True, blank=True)
    notes = models.TextField(_("notes (members only)"), blank=True)
    recording_url = models.URLField(_("recording link (public)"), blank=True)
    chatham_house = models.BooleanField(_("Chatham House rule"), default=False)
    reminder_offsets = models.JSONField(
        _("reminder offsets (minutes before the start)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the series' offsets or the default."),
    )
    case_studies = models.ManyToManyField(
        "casestudies.CaseStudyPage",
        verbose_name=_("case studies discussed"),
        related_name="meetings",
        blank=True,
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="events_meeting_starts_before_ends",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=0),
                name="events_meeting_capacity_not_negative",
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_key"],
                condition=models.Q(series__isnull=False, occurrence_key__isnull=False),
                name="events_meeting_unique_occurrence",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="events_meet_starts_idx"),
            models.Index(fields=["kind", "starts_at"], name="events_meet_kind_starts_idx"),
            models.Index(fields=["status", "starts_at"], name="events_meet_status_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def _inherited(self, field: str) -> str:
        """This meeting's own text, or else its series' (occurrences inherit and can override)."""
        own = (getattr(self, field) or "").strip()
        if own or not self.series_id:
            return own
        return (getattr(self.series, field) or "").strip()

    @property
    def effective_description(self) -> str:
        return self._inherited("description")

    @property
    def effective_host(self) -> str:
        return self._inherited("host")

    @property
    def effective_agenda(self) -> str:
        return self._inherited("agenda")

    @property
    def topic_line(self) -> str:
        """The line that tells this meeting apart from others with the same title: its topic,
        or else the first line of its own agenda (never the series' shared text)."""
        if self.topic.strip():
            return self.topic.strip()
        for line in self.agenda.splitlines():
            if line.strip():
                return line.strip()
        return ""

    @property
    def effective_reminder_offsets(self) -> list[int]:
        if self.reminder_offsets is not None:
            return list(self.reminder_offsets)
        if self.series_id and self.series.reminder_offsets is not None:
            return list(self.series.reminder_offsets)
        return default_reminder_offsets()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("events:meeting_detail", kwargs={"slug": self.slug})


class Registration(TimeStampedModel):
    """One member's RSVP for one meeting (registered, waiting list, or cancelled)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    waitlist_position = models.PositiveIntegerField(
        _("waiting-list position"),
        null=True,
        blank=True,
        help_text=_("Order of promotion from the waiting list (lowest first)."),
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="events_registration_one_per_member"
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status"], name="events_reg_meeting_status_idx"),
            models.Index(fields=["user", "status"], name="events_reg_user_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.meeting} ({self.get_status_display()})"


class SeriesRegistration(TimeStampedModel):
    """A member registered for all future meetings of a series (new occurrences included)."""

    series = models.ForeignKey(
        MeetingSeries, on_delete=models.CASCADE, related_name="series_registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="series_registrations"
    )

    class Meta:
        verbose_name = _("series registration")
        verbose_name_plural = _("series registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "user"], name="events_series_registration_one_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.series}"


class CalendarFeedToken(TimeStampedModel):
    """The secret in a member's personal calendar-feed URL; regenerate to revoke the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class EventEmail(EmailLedger, TimeStampedModel, ledger_name="event-email"):
    """Ledger of event e-mails (confirmations, change notices, organiser messages): one row per
    (key, member), so a task that runs twice sends once."""

    key = models.CharField(max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_emails"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event email")
        verbose_name_plural = _("event emails")
        constraints = [
            models.UniqueConstraint(fields=["key", "user"], name="events_email_once_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} to {self.user_id}"


class OrganiserMessage(TimeStampedModel):
    """A message an organiser sent to everyone registered for a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    include_waitlist = models.BooleanField(_("also send to the waiting list"), default=False)
    # The one-time token of the preview form the message was sent from: a second "Send" with
    # the same token (a double click, a resubmitted form) finds this message and sends nothing.
    send_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("organiser message")
        verbose_name_plural = _("organiser messages")

    def __str__(self) -> str:
        return self.subject
