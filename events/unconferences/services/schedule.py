"""Scheduling (auto and by hand), publishing versioned releases and notifying attendees."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.queue import enqueue_on_commit

from .. import scheduler
from ..enums import Phase, TopicStatus
from ..models import (
    FREEZE_MINUTES,
    ScheduleRelease,
    Session,
    SessionFacilitator,
    Slot,
    Space,
    Topic,
    Unconference,
    Vote,
)
from ..selectors import schedule_diff


def _frozen(slot: Slot, now: dt.datetime) -> bool:
    return slot.starts_at - dt.timedelta(minutes=FREEZE_MINUTES) <= now


def schedule_input(*, unconference: Unconference, now: dt.datetime) -> scheduler.ScheduleInput:
    """Build the scheduler's plain-data input from the database."""
    topics = list(
        Topic.objects.filter(
            board__unconference=unconference, status=TopicStatus.ACCEPTED
        ).prefetch_related("co_facilitators")
    )
    voters: dict[int, set[int]] = {t.pk: set() for t in topics}
    dots: dict[int, int] = {t.pk: 0 for t in topics}
    for topic_id, voter_id, count in Vote.objects.filter(topic__in=topics).values_list(
        "topic_id", "ballot__voter_id", "count"
    ):
        voters[topic_id].add(voter_id)
        dots[topic_id] += count
    slots = list(Slot.objects.filter(unconference=unconference))
    spaces = list(Space.objects.filter(unconference=unconference))
    frozen_slots = {s.pk for s in slots if _frozen(s, now)}
    fixed = [
        scheduler.Placement(topic_id=s.topic_id, space_id=s.space_id, slot_id=s.slot_id)
        for s in Session.objects.filter(slot__unconference=unconference)
        if s.locked or s.slot_id in frozen_slots
    ]
    return scheduler.ScheduleInput(
        topics=tuple(
            scheduler.TopicIn(
                id=t.pk,
                votes=dots[t.pk],
                facilitators=frozenset(t.facilitator_ids()),
                voters=frozenset(voters[t.pk]),
            )
            for t in topics
        ),
        spaces=tuple(scheduler.SpaceIn(id=s.pk, capacity=s.capacity) for s in spaces),
        slots=tuple(scheduler.SlotIn(id=s.pk, frozen=s.pk in frozen_slots) for s in slots),
        fixed=tuple(fixed),
    )


def _facilitator_rows(session: Session) -> None:
    session.facilitators.all().delete()
    SessionFacilitator.objects.bulk_create(
        SessionFacilitator(session=session, slot_id=session.slot_id, user_id=user_id)
        for user_id in sorted(session.topic.facilitator_ids())
    )


def _check_facilitators(*, topic: Topic, slot: Slot, ignoring: list[int]) -> None:
    clash = (
        SessionFacilitator.objects.filter(slot=slot, user_id__in=topic.facilitator_ids())
        .exclude(session_id__in=ignoring)
        .select_related("user")
        .first()
    )
    if clash:
        raise ValidationError(
            _("%(person)s is already facilitating another session in that slot.")
            % {"person": clash.user}
        )


@transaction.atomic
def schedule_run(
    *, unconference: Unconference, now: dt.datetime | None = None, seed: int = 0
) -> scheduler.ScheduleResult:
    """Rerun the scheduler around locked and frozen sessions, replacing the others."""
    now = now or timezone.now()
    Unconference.objects.select_for_update().get(pk=unconference.pk)
    data = schedule_input(unconference=unconference, now=now)
    result = scheduler.schedule(data, seed=seed)
    fixed_topics = {p.topic_id for p in data.fixed}
    Session.objects.filter(slot__unconference=unconference).exclude(
        topic_id__in=fixed_topics
    ).delete()
    topics = {t.pk: t for t in Topic.objects.filter(pk__in=[p.topic_id for p in result.placements])}
    for p in result.placements:
        if p.topic_id in fixed_topics:
            continue
        session = Session(topic=topics[p.topic_id], space_id=p.space_id, slot_id=p.slot_id)
        session.full_clean(validate_unique=False)
        session.save()
        _facilitator_rows(session)
    return result


@transaction.atomic
def session_place(*, topic: Topic, space: Space, slot: Slot, now: dt.datetime | None = None):
    """Put an accepted, unscheduled topic into a free cell by hand."""
    now = now or timezone.now()
    if topic.status != TopicStatus.ACCEPTED or hasattr(topic, "session"):
        raise ValidationError(_("Only accepted topics that are not on the schedule can be placed."))
    if _frozen(slot, now):
        raise ValidationError(_("That slot starts within 15 minutes and is frozen."))
    if Session.objects.filter(space=space, slot=slot).exists():
        raise ValidationError(_("That room is taken in that slot."))
    _check_facilitators(topic=topic, slot=slot, ignoring=[])
    session = Session(topic=topic, space=space, slot=slot)
    session.full_clean(validate_unique=False)
    session.save()
    _facilitator_rows(session)
    return session


@transaction.atomic
def session_move(
    *, session: Session, space: Space, slot: Slot, now: dt.datetime | None = None
) -> Session:
    """Move a session to (space, slot); if another session is there, the two swap places."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().select_related("slot", "topic").get(pk=session.pk)
    if (
        space.unconference_id != session.slot.unconference_id
        or slot.unconference_id != space.unconference_id
    ):
        raise ValidationError(_("Choose a room and a slot of this unconference."))
    if _frozen(session.slot, now) or _frozen(slot, now):
        raise ValidationError(_("Sessions within 15 minutes of starting are frozen."))
    other = (
        Session.objects.select_for_update()
        .select_related("topic")
        .filter(space=space, slot=slot)
        .exclude(pk=session.pk)
        .first()
    )
    old_space, old_slot = session.space, session.slot
    ignoring = [session.pk] + ([other.pk] if other else [])
    _check_facilitators(topic=session.topic, slot=slot, ignoring=ignoring)
    if other:
        _check_facilitators(topic=other.topic, slot=old_slot, ignoring=ignoring)
        # Swap through the database without ever breaking unique (space, slot): take the other
        # session out, move this one, put the other back in the freed cell. Sessions are
        # addressed by topic (URLs, snapshots), so the other row's new id changes nothing.
        other_topic, other_locked = other.topic, other.locked
        other.delete()
        session.facilitators.all().delete()
        session.space, session.slot = space, slot
        session.save()
        moved = Session.objects.create(
            topic=other_topic, space=old_space, slot=old_slot, locked=other_locked
        )
        _facilitator_rows(moved)
    else:
        session.facilitators.all().delete()
        session.space, session.slot = space, slot
        session.save()
    _facilitator_rows(session)
    return session


@transaction.atomic
def session_set_locked(*, session: Session, locked: bool) -> Session:
    session.locked = locked
    session.save(update_fields=["locked", "updated_at"])
    return session


def schedule_snapshot(*, unconference: Unconference) -> dict:
    spaces = list(Space.objects.filter(unconference=unconference))
    slots = list(Slot.objects.filter(unconference=unconference))
    sessions = Session.objects.filter(slot__unconference=unconference).select_related(
        "topic", "space", "slot"
    )
    return {
        "spaces": [{"id": s.pk, "name": s.name, "capacity": s.capacity} for s in spaces],
        "slots": [
            {
                "id": s.pk,
                "label": s.label,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
            }
            for s in slots
        ],
        "sessions": [
            {
                "id": s.pk,
                "topic_id": s.topic_id,
                "title": s.topic.title,
                "format": s.topic.get_format_display(),
                "space_id": s.space_id,
                "space": s.space.name,
                "slot_id": s.slot_id,
                "starts_at": s.slot.starts_at.isoformat(),
            }
            for s in sessions
        ],
    }


@transaction.atomic
def schedule_publish(*, unconference: Unconference, user) -> ScheduleRelease:
    """Publish the working schedule as a new numbered release with its change log. Registered
    attendees are e-mailed (Celery, after commit): for the first release that the schedule is
    out, with their sessions; for later ones, the changes."""
    locked = Unconference.objects.select_for_update().get(pk=unconference.pk)
    if not locked.phase_at_least(Phase.SCHEDULING):
        raise ValidationError(_("Publish the schedule after voting has closed."))
    previous = ScheduleRelease.objects.filter(unconference=locked).order_by("-number").first()
    snapshot = schedule_snapshot(unconference=locked)
    changes = schedule_diff(previous=previous.snapshot if previous else None, current=snapshot)
    if previous and not changes:
        raise ValidationError(_("Nothing has changed since the last published version."))
    release = ScheduleRelease.objects.create(
        unconference=locked,
        number=(previous.number + 1) if previous else 1,
        published_by=user,
        snapshot=snapshot,
        changes=changes,
    )
    if locked.phase == Phase.SCHEDULING:
        locked.phase = Phase.PUBLISHED
        locked.schedule_published_at = timezone.now()
        locked.save(update_fields=["phase", "schedule_published_at", "updated_at"])
        unconference.phase = locked.phase
    enqueue_on_commit("unconferences.notify_schedule_change", release_id=release.pk)
    return release
