"""Dot voting. Every change locks the member's Ballot row (select_for_update) and recomputes
``used`` from the Vote rows; the database refuses ``used > budget`` and non-positive counts, so
concurrent requests from one member can never overspend."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Ballot, Topic, TopicBoard, Vote
from ..selectors import board_refusal, votable_topics
from .topics import Refused


def ballot_get_or_create(*, board: TopicBoard, voter) -> Ballot:
    """The member's ballot (created on first use; safe when two requests race to create it)."""
    ballot = Ballot.objects.filter(board=board, voter=voter).first()
    if ballot:
        return ballot
    try:
        with transaction.atomic():
            return Ballot.objects.create(board=board, voter=voter, budget=board.budget)
    except IntegrityError:
        return Ballot.objects.get(board=board, voter=voter)


def _locked_ballot(*, board: TopicBoard, voter) -> Ballot:
    ballot = ballot_get_or_create(board=board, voter=voter)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.budget != board.budget:  # organisers changed the budget
        ballot.budget = board.budget
    return ballot


def _store(ballot: Ballot, counts: dict[int, int]) -> Ballot:
    existing = {v.topic_id: v for v in ballot.votes.all()}
    for topic_id, count in counts.items():
        vote = existing.get(topic_id)
        if count <= 0:
            if vote:
                vote.delete()
        elif vote:
            if vote.count != count:
                vote.count = count
                vote.save(update_fields=["count"])
        else:
            Vote.objects.create(ballot=ballot, topic_id=topic_id, count=count)
    ballot.used = sum(ballot.votes.values_list("count", flat=True))
    if ballot.used > ballot.budget:
        raise ValidationError(
            _("You have %(budget)s dots to spend; that would use %(used)s.")
            % {"budget": ballot.budget, "used": ballot.used}
        )
    ballot.full_clean()
    ballot.save(update_fields=["used", "budget", "updated_at"])
    return ballot


def _per_topic_limit(limit: int) -> str:
    return ngettext(
        "You can put at most %(limit)s dot on one topic.",
        "You can put at most %(limit)s dots on one topic.",
        limit,
    ) % {"limit": limit}


def _not_votable(topic: Topic) -> str:
    if topic.taken_up_by_meeting_id:
        return _("This topic has been taken up by a meeting, so it is no longer open for voting.")
    return _("This topic is not open for voting.")


def _check_open(board: TopicBoard, voter) -> None:
    refusal = board_refusal(board=board, user=voter, action="vote")
    if refusal:
        raise Refused(refusal)


@transaction.atomic
def votes_save(*, board: TopicBoard, voter, counts: dict[int, int]) -> Ballot:
    """Replace the member's dots on the given topics (0 removes). Other topics keep theirs."""
    _check_open(board, voter)
    limit = board.max_per_topic
    valid = set(votable_topics(board=board).filter(pk__in=counts).values_list("pk", flat=True))
    for topic_id, count in counts.items():
        if topic_id not in valid:
            raise ValidationError(_("One of those topics is not open for voting."))
        if not 0 <= count <= limit:
            raise ValidationError(_per_topic_limit(limit))
    ballot = _locked_ballot(board=board, voter=voter)
    return _store(ballot, counts)


@transaction.atomic
def vote_add(*, topic: Topic, voter) -> Ballot:
    """Put one more dot on a topic."""
    board = topic.board
    _check_open(board, voter)
    if not votable_topics(board=board).filter(pk=topic.pk).exists():
        raise ValidationError(_not_votable(topic))
    ballot = _locked_ballot(board=board, voter=voter)
    current = ballot.votes.filter(topic=topic).values_list("count", flat=True).first() or 0
    if current + 1 > board.max_per_topic:
        raise ValidationError(_per_topic_limit(board.max_per_topic))
    if ballot.used + 1 > ballot.budget:
        raise ValidationError(_("You have used all your dots. Remove one to vote for this topic."))
    return _store(ballot, {topic.pk: current + 1})


@transaction.atomic
def vote_remove(*, topic: Topic, voter) -> Ballot:
    """Take one dot off a topic."""
    board = topic.board
    _check_open(board, voter)
    ballot = _locked_ballot(board=board, voter=voter)
    current = ballot.votes.filter(topic=topic).values_list("count", flat=True).first() or 0
    if current == 0:  # e.g. a second press from a page that was out of date
        raise ValidationError(_("You have no dots on this topic to take back."))
    return _store(ballot, {topic.pk: current - 1})
