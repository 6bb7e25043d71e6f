"""Topic proposals and moderation: one implementation for unconference and standing boards."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.selectors import users_visible_to
from core.queue import enqueue_on_commit

from ..enums import VOTABLE_STATUSES, BoardKind, TopicStatus
from ..models import Ballot, Topic, TopicBoard, Vote
from ..selectors import board_refusal


class Refused(PermissionDenied):
    """A member may not do this now; ``str(exc)`` is the message to show them."""


def unconference_board_ensure(*, unconference) -> TopicBoard:
    """The unconference's topic board (made on first use)."""
    try:
        return unconference.board
    except TopicBoard.DoesNotExist:
        pass
    board, _created = TopicBoard.objects.get_or_create(
        unconference=unconference,
        defaults={
            "kind": BoardKind.UNCONFERENCE,
            "slug": f"unconference-{unconference.slug}"[:80],
            "title": unconference.title,
        },
    )
    board.unconference = unconference
    return board


def _notify_proposer(topic: Topic, *, decision: str, reason: str = "") -> None:
    """E-mail the proposer about the decision just saved, by a task once the transaction
    commits (``services/emails.py``; ``decided_at`` is the saved row's ``updated_at``,
    part of the e-mail's ledger key)."""
    if topic.proposer_id is None:
        return
    enqueue_on_commit(
        "unconferences.send_topic_decision",
        topic_id=topic.pk,
        decision=decision,
        reason=reason,
        decided_at=topic.updated_at.isoformat(),
    )


def _clean_co_facilitators(*, board: TopicBoard, proposer, co_facilitators) -> list:
    """The co-facilitators to save: at most three, never the proposer, and only people whose
    profile the proposer may see (community.selectors.users_visible_to: the form offers only
    those; this refuses anything else that reaches the service)."""
    people = [u for u in (co_facilitators or []) if u.pk != getattr(proposer, "pk", None)]
    if len(people) > 3:
        raise ValidationError({"co_facilitators": _("Choose at most three co-facilitators.")})
    allowed = set(
        users_visible_to(viewer=proposer)
        .filter(pk__in=[u.pk for u in people])
        .values_list("pk", flat=True)
    )
    if any(u.pk not in allowed for u in people):
        raise ValidationError(
            {
                "co_facilitators": _(
                    "Choose co-facilitators from the list: you can only name members whose "
                    "profile you can see."
                )
            }
        )
    return people


@transaction.atomic
def topic_propose(
    *, board: TopicBoard, proposer, title: str, description: str, format: str, co_facilitators=()
) -> Topic:
    refusal = board_refusal(board=board, user=proposer, action="propose")
    if refusal:
        raise Refused(refusal)
    people = _clean_co_facilitators(board=board, proposer=proposer, co_facilitators=co_facilitators)
    topic = Topic(
        board=board,
        title=title.strip(),
        description=description.strip(),
        format=format,
        proposer=proposer,
    )
    topic.full_clean()
    topic.save()
    topic.co_facilitators.set(people)
    return topic


@transaction.atomic
def topic_edit(
    *, topic: Topic, user, title: str, description: str, format: str, co_facilitators=()
) -> Topic:
    if topic.proposer_id != user.pk:
        raise Refused(_("Only the person who proposed a topic can change it."))
    refusal = board_refusal(board=topic.board, user=user, action="propose")
    if refusal:
        raise Refused(refusal)
    if topic.status != TopicStatus.PROPOSED:
        raise Refused(_("This topic has been moderated and can no longer be changed."))
    people = _clean_co_facilitators(
        board=topic.board, proposer=user, co_facilitators=co_facilitators
    )
    topic.title, topic.description, topic.format = title.strip(), description.strip(), format
    topic.full_clean()
    topic.save()
    topic.co_facilitators.set(people)
    return topic


def _refund_votes(topic: Topic) -> None:
    """Give the dots on a topic that leaves the ballot back to their voters."""
    for vote in Vote.objects.filter(topic=topic).select_related("ballot"):
        ballot = Ballot.objects.select_for_update().get(pk=vote.ballot_id)
        vote.delete()
        ballot.used = sum(ballot.votes.values_list("count", flat=True))
        ballot.save(update_fields=["used", "updated_at"])


@transaction.atomic
def topic_withdraw(*, topic: Topic, user) -> Topic:
    if topic.proposer_id != user.pk:
        raise Refused(_("Only the person who proposed a topic can withdraw it."))
    if topic.status not in (TopicStatus.PROPOSED, TopicStatus.ACCEPTED):
        raise Refused(_("This topic can no longer be withdrawn."))
    if hasattr(topic, "session"):
        raise Refused(_("This topic is on the schedule; ask an organiser to remove it."))
    topic.status = TopicStatus.WITHDRAWN
    topic.full_clean()
    topic.save(update_fields=["status", "updated_at"])
    _refund_votes(topic)
    return topic


def _moderatable(topic: Topic) -> None:
    if topic.status in (TopicStatus.MERGED, TopicStatus.WITHDRAWN):
        raise ValidationError(_("A merged or withdrawn topic cannot be moderated."))


@transaction.atomic
def topic_accept(*, topic: Topic, organiser) -> Topic:
    _moderatable(topic)
    topic.status, topic.decline_reason = TopicStatus.ACCEPTED, ""
    topic.full_clean()
    topic.save(update_fields=["status", "decline_reason", "updated_at"])
    _notify_proposer(topic, decision="accepted")
    return topic


@transaction.atomic
def topic_decline(*, topic: Topic, organiser, reason: str) -> Topic:
    _moderatable(topic)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the proposer a reason.")})
    if hasattr(topic, "session"):
        topic.session.delete()
    topic.status, topic.decline_reason = TopicStatus.DECLINED, reason.strip()
    topic.full_clean()
    topic.save(update_fields=["status", "decline_reason", "updated_at"])
    _refund_votes(topic)
    _notify_proposer(topic, decision="declined", reason=topic.decline_reason)
    return topic


@transaction.atomic
def topic_hide(*, topic: Topic, organiser) -> Topic:
    """Hide abusive content (no e-mail with its text; the proposer is told it was hidden)."""
    if hasattr(topic, "session"):
        topic.session.delete()
    topic.status = TopicStatus.HIDDEN
    topic.merged_into = None
    topic.full_clean()
    topic.save(update_fields=["status", "merged_into", "updated_at"])
    _refund_votes(topic)
    _notify_proposer(topic, decision="hidden")
    return topic


@transaction.atomic
def topic_merge(*, duplicate: Topic, target: Topic, organiser) -> Topic:
    """Merge ``duplicate`` into ``target``: its dots move to the target (a member who voted for
    both keeps at most the per-topic maximum on the target, and gets the rest back), and its
    proposer and co-facilitators become co-facilitators of the target."""
    if duplicate.pk == target.pk or duplicate.board_id != target.board_id:
        raise ValidationError(_("Choose a different topic on the same board to merge into."))
    if duplicate.status not in VOTABLE_STATUSES or target.status not in VOTABLE_STATUSES:
        raise ValidationError(_("Only proposed or accepted topics can be merged."))
    if hasattr(duplicate, "session"):
        duplicate.session.delete()
    limit = target.board.max_per_topic
    for vote in Vote.objects.filter(topic=duplicate).order_by("ballot_id"):
        ballot = Ballot.objects.select_for_update().get(pk=vote.ballot_id)
        existing = Vote.objects.filter(ballot=ballot, topic=target).first()
        if existing:
            existing.count = min(limit, existing.count + vote.count)
            existing.save(update_fields=["count"])
            vote.delete()
        else:
            vote.topic = target
            vote.count = min(limit, vote.count)
            vote.save(update_fields=["topic", "count"])
        ballot.used = sum(ballot.votes.values_list("count", flat=True))
        ballot.save(update_fields=["used", "updated_at"])
    people = set(duplicate.co_facilitators.all())
    if duplicate.proposer:
        people.add(duplicate.proposer)
    target.co_facilitators.add(*[p for p in people if p.pk != target.proposer_id])
    duplicate.status, duplicate.merged_into = TopicStatus.MERGED, target
    duplicate.full_clean()
    duplicate.save(update_fields=["status", "merged_into", "updated_at"])
    _notify_proposer(duplicate, decision="merged", reason=target.title)
    return target


@transaction.atomic
def topic_take_up(*, topic: Topic, meeting, organiser) -> Topic:
    """Mark a standing-board topic as taken up by a meeting (None clears it)."""
    if topic.board.is_unconference:
        raise ValidationError(_("Only topics on a meeting series' board are taken up by meetings."))
    series = topic.board.meeting_series
    if meeting is not None and meeting.series_id != series.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this series.")})
    topic.taken_up_by_meeting = meeting
    if meeting is not None and topic.status == TopicStatus.PROPOSED:
        topic.status = TopicStatus.ACCEPTED
    topic.full_clean()
    topic.save(update_fields=["taken_up_by_meeting", "status", "updated_at"])
    if meeting is not None:
        _notify_proposer(topic, decision="taken_up", reason=meeting.title)
    return topic
