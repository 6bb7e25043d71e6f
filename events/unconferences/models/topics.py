"""Topic boards (one per unconference, or standing for a meeting series), their topics and the
dot-voting ballots."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import BoardKind, Phase, TopicFormat, TopicStatus
from .unconferences import Unconference


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
