"""An unconference (the day, its phase and settings), who registered, and its grid of rooms
(spaces) and time slots."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import PHASE_ORDER, Phase

FREEZE_MINUTES = 15  # a session this close to its start is frozen (no moves, no rescheduling)


class Unconference(TimeStampedModel):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    venue = models.CharField(max_length=300, blank=True)
    in_person = models.BooleanField(default=True)
    starts_at = models.DateTimeField(help_text=_("When the day starts (UK time)."))
    ends_at = models.DateTimeField(help_text=_("When the day ends (UK time)."))
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.TOPICS_OPEN)
    topics_open_at = models.DateTimeField(null=True, blank=True)
    voting_opens_at = models.DateTimeField(null=True, blank=True)
    voting_closes_at = models.DateTimeField(null=True, blank=True)
    schedule_published_at = models.DateTimeField(null=True, blank=True)
    votes_per_member = models.PositiveSmallIntegerField(
        default=5, help_text=_("How many dots each member may spend.")
    )
    max_votes_per_topic = models.PositiveSmallIntegerField(
        default=1, help_text=_("How many of their dots a member may put on one topic.")
    )
    hide_totals_until_voting_closes = models.BooleanField(default=True)
    registration_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="unconf_starts_before_ends"
            ),
            models.CheckConstraint(
                condition=Q(votes_per_member__gte=1), name="unconf_budget_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_votes_per_topic__gte=1)
                & Q(max_votes_per_topic__lte=F("votes_per_member")),
                name="unconf_max_per_topic_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("unconferences:detail", kwargs={"slug": self.slug})

    def phase_at_least(self, phase: str) -> bool:
        return PHASE_ORDER.index(self.phase) >= PHASE_ORDER.index(phase)


class Registration(TimeStampedModel):
    """A member's place at an unconference, with the (sensitive) answers the real event asked."""

    unconference = models.ForeignKey(
        Unconference, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unconference_registrations",
    )
    access_needs = models.TextField(_("access needs"), blank=True, max_length=2000)
    dietary_needs = models.TextField(_("dietary needs"), blank=True, max_length=1000)
    photo_consent = models.BooleanField(_("photo consent"), default=False)
    travel_bursary = models.BooleanField(_("travel bursary requested"), default=False)
    travel_bursary_reason = models.CharField(
        _("reason for the bursary"), max_length=500, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unconference", "user"], name="unconf_one_registration"
            ),
            models.CheckConstraint(
                condition=Q(travel_bursary=True) | Q(travel_bursary_reason=""),
                name="unconf_bursary_reason_only_with_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.unconference}"


class Space(models.Model):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="spaces")
    name = models.CharField(max_length=100)
    capacity = models.PositiveIntegerField(default=20)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unconference", "name"], name="unconf_space_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    label = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unconference", "starts_at"], name="unconf_slot_start"),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="unconf_slot_starts_before_ends"
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.starts_at:%H:%M}"
