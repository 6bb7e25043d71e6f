"""The organiser console's writes: phase changes, the rooms and time slots table, bulk
moderation and the named clash report of the working schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import scheduler
from ..enums import PHASE_ORDER, VOTABLE_STATUSES, Phase, TopicStatus
from ..models import ScheduleRelease, Session, Slot, Space, Topic, Unconference
from .schedule import schedule_input
from .topics import topic_accept, topic_decline, topic_merge

_UK = ZoneInfo("Europe/London")

# Phases an organiser moves to from the console. "Schedule published" is reached only by
# publishing a version of the schedule (which e-mails registered members).
PHASE_STEPS: dict[str, tuple[str, ...]] = {
    Phase.TOPICS_OPEN: (Phase.VOTING,),
    Phase.VOTING: (Phase.SCHEDULING, Phase.TOPICS_OPEN),
    Phase.SCHEDULING: (Phase.VOTING,),
    Phase.PUBLISHED: (Phase.CLOSED,),
    Phase.CLOSED: (Phase.PUBLISHED,),
}


def phase_targets(*, unconference: Unconference) -> list[str]:
    """The phases the console offers from the current one (forward first)."""
    targets = list(PHASE_STEPS.get(unconference.phase, ()))
    if unconference.phase == Phase.CLOSED and not unconference.releases.exists():
        targets = [Phase.SCHEDULING]
    return targets


@transaction.atomic
def unconference_set_phase(
    *, unconference: Unconference, phase: str, organiser, now: dt.datetime | None = None
) -> Unconference:
    """Move the unconference to ``phase`` (one of ``phase_targets``). No e-mail is sent: members
    see the new phase on the unconference's pages."""
    now = now or timezone.now()
    locked = Unconference.objects.select_for_update().get(pk=unconference.pk)
    if phase not in phase_targets(unconference=locked):
        raise ValidationError(
            _("The unconference cannot move from “%(current)s” to that phase.")
            % {"current": locked.get_phase_display()}
        )
    fields = ["phase", "updated_at"]
    locked.phase = phase
    if phase == Phase.VOTING and (not locked.voting_opens_at or locked.voting_opens_at > now):
        locked.voting_opens_at = now
        fields.append("voting_opens_at")
    if phase == Phase.SCHEDULING and (not locked.voting_closes_at or locked.voting_closes_at > now):
        locked.voting_closes_at = now
        fields.append("voting_closes_at")
    locked.full_clean()
    locked.save(update_fields=fields)
    unconference.phase = locked.phase
    unconference.voting_opens_at, unconference.voting_closes_at = (
        locked.voting_opens_at,
        locked.voting_closes_at,
    )
    return unconference


def phase_is_forward(*, unconference: Unconference, phase: str) -> bool:
    return PHASE_ORDER.index(phase) > PHASE_ORDER.index(unconference.phase)


# -- rooms and time slots -------------------------------------------------------------------


@dataclass
class SpaceRow:
    name: str
    capacity: int
    pk: int | None = None
    delete: bool = False


@dataclass
class SlotRow:
    starts_at: dt.datetime
    ends_at: dt.datetime
    label: str = ""
    pk: int | None = None
    delete: bool = False


def _orphan_error(kind: str, label: str, count: int) -> str:
    if kind == "space":
        return ngettext(
            "Room “%(name)s” has %(count)s session on the schedule: move it to another room "
            "before deleting the room.",
            "Room “%(name)s” has %(count)s sessions on the schedule: move them to another "
            "room before deleting the room.",
            count,
        ) % {"name": label, "count": count}
    return ngettext(
        "Time slot %(name)s has %(count)s session on the schedule: move it to another slot "
        "before deleting the slot.",
        "Time slot %(name)s has %(count)s sessions on the schedule: move them to another "
        "slot before deleting the slot.",
        count,
    ) % {"name": label, "count": count}


def grid_deletion_refusals(*, unconference: Unconference, space_ids, slot_ids) -> dict:
    """{("space"|"slot", pk): message} for rooms and slots that still hold sessions."""
    refusals = {}
    sessions = Session.objects.filter(slot__unconference=unconference)
    for space in Space.objects.filter(unconference=unconference, pk__in=space_ids):
        count = sessions.filter(space=space).count()
        if count:
            refusals[("space", space.pk)] = _orphan_error("space", space.name, count)
    for slot in Slot.objects.filter(unconference=unconference, pk__in=slot_ids):
        count = sessions.filter(slot=slot).count()
        if count:
            label = timezone.localtime(slot.starts_at).strftime("%H:%M")
            refusals[("slot", slot.pk)] = _orphan_error("slot", slot.label or label, count)
    return refusals


def _grid_rows_gone(
    *, unconference: Unconference, spaces: list[SpaceRow], slots: list[SlotRow]
) -> list[str]:
    """The kept rows whose room or slot someone else deleted after the form was checked (the
    unconference is locked by now, so no more can go): one message each, to reload the page."""
    space_ids = set(Space.objects.filter(unconference=unconference).values_list("pk", flat=True))
    slot_ids = set(Slot.objects.filter(unconference=unconference).values_list("pk", flat=True))
    gone = [
        _("The room “%(name)s” was deleted by someone else: reload the page.") % {"name": row.name}
        for row in spaces
        if row.pk and not row.delete and row.pk not in space_ids
    ]
    gone += [
        _("The time slot at %(time)s was deleted by someone else: reload the page.")
        % {"time": timezone.localtime(row.starts_at, _UK).strftime("%H:%M")}
        for row in slots
        if row.pk and not row.delete and row.pk not in slot_ids
    ]
    return gone


@transaction.atomic
def grid_save(
    *, unconference: Unconference, spaces: list[SpaceRow], slots: list[SlotRow]
) -> dict[str, int]:
    """Apply the rooms and slots tables in one go: deletions first (refused if a session would
    be left without its room or slot), then edits and new rows. Returns counts."""
    Unconference.objects.select_for_update().get(pk=unconference.pk)
    refusals = grid_deletion_refusals(
        unconference=unconference,
        space_ids=[r.pk for r in spaces if r.delete and r.pk],
        slot_ids=[r.pk for r in slots if r.delete and r.pk],
    )
    if refusals:
        raise ValidationError(list(refusals.values()))
    gone = _grid_rows_gone(unconference=unconference, spaces=spaces, slots=slots)
    if gone:
        raise ValidationError(gone)
    counts = {"added": 0, "changed": 0, "deleted": 0}
    for row in spaces:
        if row.delete and row.pk:
            Space.objects.filter(unconference=unconference, pk=row.pk).delete()
            counts["deleted"] += 1
    for row in slots:
        if row.delete and row.pk:
            Slot.objects.filter(unconference=unconference, pk=row.pk).delete()
            counts["deleted"] += 1
    # Slots move in two passes so swapping two start times never breaks the unique start.
    kept_slots = [r for r in slots if not r.delete]
    existing = {s.pk: s for s in Slot.objects.filter(unconference=unconference)}
    changed_slots = []
    for row in kept_slots:
        if row.pk:
            slot = existing[row.pk]
            if (slot.starts_at, slot.ends_at, slot.label) != (
                row.starts_at,
                row.ends_at,
                row.label,
            ):
                changed_slots.append((slot, row))
    for offset, (slot, _row) in enumerate(changed_slots):
        parked = dt.datetime(1900, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=offset)
        Slot.objects.filter(pk=slot.pk).update(starts_at=parked, ends_at=parked + dt.timedelta(1))
    for slot, row in changed_slots:
        slot.starts_at, slot.ends_at, slot.label = row.starts_at, row.ends_at, row.label
        slot.full_clean(validate_unique=False)
        slot.save()
        counts["changed"] += 1
    for row in kept_slots:
        if not row.pk:
            slot = Slot(
                unconference=unconference,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                label=row.label,
            )
            slot.full_clean(validate_unique=False)
            slot.save()
            counts["added"] += 1
    existing_spaces = {s.pk: s for s in Space.objects.filter(unconference=unconference)}
    kept_spaces = [r for r in spaces if not r.delete]
    changed_spaces = [
        (existing_spaces[r.pk], r)
        for r in kept_spaces
        if r.pk
        and (existing_spaces[r.pk].name, existing_spaces[r.pk].capacity) != (r.name, r.capacity)
    ]
    for space, _row in changed_spaces:  # park names so renaming two rooms crosswise works
        Space.objects.filter(pk=space.pk).update(name=f"\u0000{space.pk}")
    for order, row in enumerate(kept_spaces):
        if row.pk:
            space = existing_spaces[row.pk]
            is_changed = any(space.pk == s.pk for s, _r in changed_spaces)
            space.name, space.capacity, space.order = row.name, row.capacity, order
            space.save(update_fields=["name", "capacity", "order"])
            counts["changed"] += int(is_changed)
        else:
            space = Space(unconference=unconference, name=row.name, capacity=row.capacity)
            space.order = order
            space.full_clean(validate_unique=False)
            space.save()
            counts["added"] += 1
    return counts


# -- bulk moderation ------------------------------------------------------------------------

BULK_ACTIONS = ("accept", "decline", "merge")


@dataclass
class BulkResult:
    done: list[Topic] = field(default_factory=list)
    skipped: list[tuple[Topic, str]] = field(default_factory=list)


def bulk_refusal(*, topic: Topic, action: str, target: Topic | None = None) -> str | None:
    """Why ``action`` leaves ``topic`` unchanged (it is then skipped and named), or None."""
    if topic.status in (TopicStatus.MERGED, TopicStatus.WITHDRAWN):
        return _("“%(title)s” is merged or withdrawn and cannot be moderated.") % {
            "title": topic.title
        }
    if action == "accept" and topic.status == TopicStatus.ACCEPTED:
        return _("“%(title)s” is already accepted.") % {"title": topic.title}
    if action == "decline" and topic.status == TopicStatus.DECLINED:
        return _("“%(title)s” is already declined.") % {"title": topic.title}
    if action == "merge":
        if target is not None and topic.pk == target.pk:
            return _("“%(title)s” is the topic the others are merged into.") % {
                "title": topic.title
            }
        if topic.status not in VOTABLE_STATUSES:
            return _("“%(title)s” is not proposed or accepted, so it cannot be merged.") % {
                "title": topic.title
            }
    return None


@transaction.atomic
def topics_bulk_moderate(
    *, topics: list[Topic], action: str, organiser, reason: str = "", target: Topic | None = None
) -> BulkResult:
    """Accept, decline (one reason for all) or merge (into ``target``) each topic through the
    one-topic services, so each proposer gets the existing decision e-mail once. Topics the
    action would not change are skipped and named."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Choose accept, decline or merge."))
    if action == "decline" and not reason.strip():
        raise ValidationError({"reason": _("Enter a reason for declining")})
    if action == "merge" and target is None:
        raise ValidationError({"target": _("Select the topic to merge into")})
    result = BulkResult()
    for topic in topics:
        topic = (
            Topic.objects.select_for_update(of=("self",))
            .select_related("board", "proposer")
            .get(pk=topic.pk)
        )
        refusal = bulk_refusal(topic=topic, action=action, target=target)
        if refusal:
            result.skipped.append((topic, refusal))
            continue
        if action == "accept":
            topic_accept(topic=topic, organiser=organiser)
        elif action == "decline":
            topic_decline(topic=topic, organiser=organiser, reason=reason)
        else:
            target.refresh_from_db()
            topic_merge(duplicate=topic, target=target, organiser=organiser)
        result.done.append(topic)
    return result


# -- the clash report -----------------------------------------------------------------------


@dataclass(frozen=True)
class NamedClash:
    slot: Slot
    first: Topic
    second: Topic
    shared_voters: int


def schedule_clashes(
    *, unconference: Unconference, now: dt.datetime | None = None
) -> list[NamedClash]:
    """The working schedule's voter clashes, named: which two sessions share a slot and how
    many members voted for both (worst first). A read, here beside ``schedule_input``."""
    data = schedule_input(unconference=unconference, now=now or timezone.now())
    placements = [
        scheduler.Placement(topic_id=s.topic_id, space_id=s.space_id, slot_id=s.slot_id)
        for s in Session.objects.filter(slot__unconference=unconference)
    ]
    found = scheduler.voter_clashes(data, placements)
    if not found:
        return []
    ids = {i for c in found for i in c.topic_ids}
    topics = Topic.objects.in_bulk(ids)
    slots = Slot.objects.in_bulk({c.slot_id for c in found})
    return [
        NamedClash(
            slot=slots[c.slot_id],
            first=topics[c.topic_ids[0]],
            second=topics[c.topic_ids[1]],
            shared_voters=c.shared_voters,
        )
        for c in found
    ]


def releases_exist(*, unconference: Unconference) -> bool:
    return ScheduleRelease.objects.filter(unconference=unconference).exists()
