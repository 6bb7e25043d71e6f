"""Unconferences and topic boards.

One set of models serves both the yearly unconference and the standing topic board of the monthly
meetings: a ``TopicBoard`` belongs either to an ``Unconference`` or to a meeting series, and
``Topic``/``Ballot``/``Vote`` hang off the board.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.email_delivery import EmailLedger
from core.models import TimeStampedModel

from .enums import PHASE_ORDER, BoardKind, Phase, TopicFormat, TopicStatus

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


class TopicBoard(TimeStampedModel):
    """Where topics are proposed and voted on: an unconference's board, or the standing board of
    a monthly meeting series."""

    kind = models.CharField(max_length=20, choices=BoardKind.choices)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    unconference = models.OneToOneField(
        Unconference, null=True, blank=True, on_delete=models.CASCADE, related_name="board"
    )
    meeting_series = models.OneToOneField(
        "events.MeetingSeries",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="topic_board",
    )
    # Voting rules of a standing board (an unconference board uses its unconference's rules).
    votes_per_member = models.PositiveSmallIntegerField(default=3)
    max_votes_per_topic = models.PositiveSmallIntegerField(default=1)
    is_open = models.BooleanField(
        default=True, help_text=_("Standing boards: members may suggest and vote.")
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=BoardKind.UNCONFERENCE)
                    & Q(unconference__isnull=False)
                    & Q(meeting_series__isnull=True)
                )
                | (
                    Q(kind=BoardKind.STANDING)
                    & Q(unconference__isnull=True)
                    & Q(meeting_series__isnull=False)
                ),
                name="unconf_board_owner_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unconference(self) -> bool:
        return self.kind == BoardKind.UNCONFERENCE

    @property
    def budget(self) -> int:
        return self.unconference.votes_per_member if self.is_unconference else self.votes_per_member

    @property
    def max_per_topic(self) -> int:
        if self.is_unconference:
            return self.unconference.max_votes_per_topic
        return self.max_votes_per_topic

    @property
    def proposals_open(self) -> bool:
        if self.is_unconference:
            return self.unconference.phase == Phase.TOPICS_OPEN
        return self.is_open

    @property
    def voting_open(self) -> bool:
        if self.is_unconference:
            return self.unconference.phase == Phase.VOTING
        return self.is_open

    @property
    def totals_visible(self) -> bool:
        if self.is_unconference:
            uc = self.unconference
            return not uc.hide_totals_until_voting_closes or uc.phase_at_least(Phase.SCHEDULING)
        return True

    def _url(self, name: str, **kwargs) -> str:
        if self.is_unconference:
            return reverse(
                f"unconferences:{name}", kwargs={"slug": self.unconference.slug, **kwargs}
            )
        return reverse(f"unconferences:board_{name}", kwargs={"slug": self.slug, **kwargs})

    def get_absolute_url(self) -> str:
        return self._url("topics")

    @property
    def propose_url(self) -> str:
        return self._url("topic_propose")

    @property
    def vote_url(self) -> str:
        return self._url("vote")

    @property
    def organise_url(self) -> str:
        return self._url("topics_organise")


class Topic(TimeStampedModel):
    board = models.ForeignKey(TopicBoard, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=3000)
    format = models.CharField(
        _("format"), max_length=20, choices=TopicFormat.choices, default=TopicFormat.DISCUSSION
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_topics",
    )
    co_facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_facilitated_topics"
    )
    status = models.CharField(max_length=20, choices=TopicStatus.choices, default="proposed")
    decline_reason = models.TextField(blank=True, max_length=1000)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_topics"
    )
    taken_up_by_meeting = models.ForeignKey(
        "events.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics_taken_up",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["board", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=TopicStatus.MERGED) & Q(merged_into__isnull=False))
                | (~Q(status=TopicStatus.MERGED) & Q(merged_into__isnull=True)),
                name="unconf_merged_topic_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def facilitator_ids(self) -> set[int]:
        ids = {u.pk for u in self.co_facilitators.all()}
        if self.proposer_id:
            ids.add(self.proposer_id)
        return ids

    @property
    def edit_url(self) -> str:
        return self.board._url("topic_edit", pk=self.pk)

    @property
    def withdraw_url(self) -> str:
        return self.board._url("topic_withdraw", pk=self.pk)

    @property
    def moderate_url(self) -> str:
        return self.board._url("topic_moderate", pk=self.pk)


class Ballot(models.Model):
    """One member's dots on one board. The row is locked (select_for_update) while votes change,
    and the database refuses ``used > budget``."""

    board = models.ForeignKey(TopicBoard, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_ballots"
    )
    budget = models.PositiveSmallIntegerField()
    used = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "voter"], name="unconf_one_ballot"),
            models.CheckConstraint(condition=Q(used__lte=F("budget")), name="unconf_within_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} on {self.board}: {self.used}/{self.budget}"


class Vote(models.Model):
    """The dots one member put on one topic."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "topic"], name="unconf_one_vote_row"),
            models.CheckConstraint(condition=Q(count__gte=1), name="unconf_vote_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.count} on {self.topic}"


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


class Session(TimeStampedModel):
    """A topic placed in a space and a slot."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="session")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="sessions")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="sessions")
    locked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "slot"], name="unconf_one_session_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.space}, {self.slot})"

    def get_absolute_url(self) -> str:
        return reverse(
            "unconferences:session",
            kwargs={"slug": self.slot.unconference.slug, "topic_id": self.topic_id},
        )


class SessionFacilitator(models.Model):
    """Denormalised (slot, facilitator) row so the database keeps a facilitator in one place."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="facilitators")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="unconf_facilitator_one_place"),
            models.UniqueConstraint(fields=["session", "user"], name="unconf_facilitator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.session}"


class ScheduleRelease(models.Model):
    """A published version of the schedule: a snapshot and the changes since the last one."""

    unconference = models.ForeignKey(
        Unconference, on_delete=models.CASCADE, related_name="releases"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unconference", "number"], name="unconf_release_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unconference} schedule v{self.number}"


class ReleaseNotification(
    EmailLedger, ledger_name="schedule-release", ledger_ref=("release_id", "user_id")
):
    """Ledger: one change e-mail per release and attendee (makes the task idempotent)."""

    release = models.ForeignKey(
        ScheduleRelease, on_delete=models.CASCADE, related_name="notifications"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "user"], name="unconf_one_change_email"),
        ]

    def __str__(self) -> str:
        return f"{self.release} to user {self.user_id}"


class SessionNotes(TimeStampedModel):
    """The shared notes of a session (markdown); each save adds a NoteRevision."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(blank=True, max_length=20000)
    case_study_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Notes of {self.session}"


class NoteRevision(models.Model):
    notes = models.ForeignKey(SessionNotes, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(blank=True, max_length=20000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unconference_note_revisions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["notes", "-created_at"])]

    def __str__(self) -> str:
        return f"Revision of {self.notes} at {self.created_at}"
