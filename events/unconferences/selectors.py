"""Reads for unconferences and topic boards (keyword-only, no writes)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from community.permissions import EDITORS_GROUP, participation_refusal, user_is_organiser
from events.timezones import to_london

from .enums import VOTABLE_STATUSES, TopicStatus
from .models import (
    FREEZE_MINUTES,
    Registration,
    ScheduleRelease,
    Session,
    Topic,
    TopicBoard,
    Unconference,
    Vote,
)

PUBLIC_TOPIC_STATUSES = (TopicStatus.PROPOSED, TopicStatus.ACCEPTED)


def registration_for(*, unconference: Unconference, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(unconference=unconference, user=user).first()


def registrations_of_member(*, user) -> QuerySet[Registration]:
    """The member's unconference registrations, newest unconference first (account page)."""
    return (
        Registration.objects.filter(user=user)
        .select_related("unconference")
        .order_by("-unconference__starts_at")
    )


def board_refusal(*, board: TopicBoard, user, action: str) -> str | None:
    """Why ``user`` may not ``action`` ("propose" or "vote") on ``board`` now, or None."""
    refusal = participation_refusal(user)
    if refusal:
        return refusal
    if action == "propose" and not board.proposals_open:
        if board.is_unconference:
            return _(
                "Topic proposals are closed: the unconference is now in the “%(phase)s” phase."
            ) % {"phase": board.unconference.get_phase_display()}
        return _("This topic board is closed to new suggestions.")
    if action == "vote" and not board.voting_open:
        if board.is_unconference:
            return _("Voting is not open: the unconference is in the “%(phase)s” phase.") % {
                "phase": board.unconference.get_phase_display()
            }
        return _("This topic board is closed to voting.")
    if board.is_unconference and not registration_for(unconference=board.unconference, user=user):
        return _("Register for this unconference first; then you can propose topics and vote.")
    return None


def topics_visible(*, board: TopicBoard) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(board=board, status__in=PUBLIC_TOPIC_STATUSES)
        .select_related("proposer", "taken_up_by_meeting", "session__slot__unconference")
        .prefetch_related("co_facilitators")
        .order_by("created_at", "pk")
    )


def topics_with_totals(*, board: TopicBoard) -> QuerySet[Topic]:
    return topics_visible(board=board).annotate(
        dots=Sum("votes__count", default=0), voter_count=Count("votes")
    )


def topic_order_for(*, board: TopicBoard, user, topics: list[Topic]) -> list[Topic]:
    """A random order per member and board, the same on every visit (avoids position bias)."""
    ordered = sorted(topics, key=lambda t: t.pk)
    seed = f"{board.pk}:{getattr(user, 'pk', 0)}"
    random.Random(seed).shuffle(ordered)  # noqa: S311 - not security sensitive
    return ordered


def ballot_counts(*, board: TopicBoard, user) -> tuple[dict[int, int], int]:
    """({topic_id: dots}, dots used) of this member on this board."""
    if not user.is_authenticated:
        return {}, 0
    votes = Vote.objects.filter(ballot__board=board, ballot__voter=user)
    counts = {v.topic_id: v.count for v in votes}
    return counts, sum(counts.values())


def votable_topics(*, board: TopicBoard) -> QuerySet[Topic]:
    """Topics members can still put dots on: proposed or accepted, and not yet taken up by a
    meeting (a topic a meeting has taken up needs no more votes)."""
    return Topic.objects.filter(
        board=board, status__in=VOTABLE_STATUSES, taken_up_by_meeting__isnull=True
    )


def unconference_for_slug(*, slug: str) -> Unconference:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Unconference.objects.select_related("board"), slug=slug)


def release_latest(*, unconference: Unconference) -> ScheduleRelease | None:
    return ScheduleRelease.objects.filter(unconference=unconference).order_by("-number").first()


def grid_from_release(*, release: ScheduleRelease | None) -> dict:
    """Rows (slots) x columns (spaces) from a release snapshot; no further queries."""
    if release is None:
        return {"spaces": [], "rows": [], "sessions": []}
    snap = release.snapshot
    spaces = snap.get("spaces", [])
    cells = {(s["slot_id"], s["space_id"]): s for s in snap.get("sessions", [])}
    rows = []
    for slot in snap.get("slots", []):
        starts = dt.datetime.fromisoformat(slot["starts_at"])
        ends = dt.datetime.fromisoformat(slot["ends_at"])
        rows.append(
            {
                "slot": {**slot, "starts": starts, "ends": ends},
                "cells": [cells.get((slot["id"], space["id"])) for space in spaces],
                "sessions": [
                    cells[(slot["id"], sp["id"])]
                    for sp in spaces
                    if (slot["id"], sp["id"]) in cells
                ],
            }
        )
    return {"spaces": spaces, "rows": rows, "sessions": snap.get("sessions", [])}


def sessions_for(*, unconference: Unconference) -> QuerySet[Session]:
    return (
        Session.objects.filter(slot__unconference=unconference)
        .select_related("topic", "space", "slot", "topic__proposer")
        .prefetch_related(Prefetch("topic__co_facilitators"))
        .order_by("slot__starts_at", "space__order", "space__pk")
    )


def sessions_of_member(*, unconference: Unconference, user) -> QuerySet[Session]:
    """Sessions a member facilitates or voted for (their "my sessions")."""
    return (
        sessions_for(unconference=unconference)
        .filter(Q(facilitators__user=user) | Q(topic__votes__ballot__voter=user))
        .distinct()
    )


def session_is_frozen(*, session: Session, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return session.slot.starts_at - dt.timedelta(minutes=FREEZE_MINUTES) <= now


def session_started(*, session: Session, now: dt.datetime | None = None) -> bool:
    return session.slot.starts_at <= (now or timezone.now())


def notes_refusal(*, session: Session, user, now: dt.datetime | None = None) -> str | None:
    refusal = participation_refusal(user)
    if refusal:
        return refusal
    if not session_started(session=session, now=now):
        return _("Notes open when the session starts.")
    unconference = session.slot.unconference
    if not user_is_organiser(user) and not registration_for(unconference=unconference, user=user):
        return _("Only registered participants can add notes to this session.")
    return None


def user_can_make_drafts(user) -> bool:
    """Editors (and admins) can turn notes into a draft case study."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists())
    )


def topics_to_moderate(*, board: TopicBoard) -> QuerySet[Topic]:
    """Every topic on ``board`` whatever its status, with its dots and voters, for organisers."""
    return (
        Topic.objects.filter(board=board)
        .select_related(
            "proposer", "merged_into", "taken_up_by_meeting", "board", "board__unconference"
        )
        .annotate(dots=Sum("votes__count", default=0), voter_count=Count("votes"))
        .order_by("status", "-dots", "pk")
    )


def topics_taken_up_by(*, meeting) -> list[Topic]:
    return list(
        Topic.objects.filter(taken_up_by_meeting=meeting)
        .exclude(status__in=(TopicStatus.HIDDEN, TopicStatus.WITHDRAWN))
        .select_related("board")
        .order_by("pk")
    )


def unconference_current(*, now: dt.datetime | None = None) -> Unconference | None:
    """The unconference to show on the home page: the soonest one that has not ended and is not
    closed, or None."""
    now = now or timezone.now()
    return (
        Unconference.objects.filter(ends_at__gt=now)
        .exclude(phase="closed")
        .order_by("starts_at", "pk")
        .first()
    )


# --- Schedule change logs -----------------------------------------------------------------------


def _label(slot_starts: str) -> str:
    return to_london(dt.datetime.fromisoformat(slot_starts)).strftime("%H:%M")


def schedule_diff(*, previous: dict | None, current: dict) -> list[str]:
    """Human-readable changes between two snapshots (keyed by topic)."""
    if not previous:
        return [_("First version of the schedule published.")]
    before = {s["topic_id"]: s for s in previous.get("sessions", [])}
    after = {s["topic_id"]: s for s in current.get("sessions", [])}
    changes = []
    for topic_id, now in sorted(after.items(), key=lambda kv: (kv[1]["starts_at"], kv[1]["space"])):
        old = before.get(topic_id)
        if old is None:
            changes.append(
                _("Session “%(title)s” added: %(space)s at %(time)s.")
                % {"title": now["title"], "space": now["space"], "time": _label(now["starts_at"])}
            )
            continue
        moved_time = old["starts_at"] != now["starts_at"]
        moved_room = old["space_id"] != now["space_id"]
        if moved_time and moved_room:
            changes.append(
                _("Session “%(title)s” moved to %(space)s at %(time)s.")
                % {"title": now["title"], "space": now["space"], "time": _label(now["starts_at"])}
            )
        elif moved_room:
            changes.append(
                _("Session “%(title)s” moved to %(space)s.")
                % {"title": now["title"], "space": now["space"]}
            )
        elif moved_time:
            changes.append(
                _("Session “%(title)s” moved to %(time)s.")
                % {"title": now["title"], "time": _label(now["starts_at"])}
            )
    for topic_id, old in sorted(before.items(), key=lambda kv: kv[1]["title"]):
        if topic_id not in after:
            changes.append(_("Session “%(title)s” removed.") % {"title": old["title"]})
    return changes


def _change_lines(release: ScheduleRelease, previous: ScheduleRelease | None) -> list[str]:
    if not release.snapshot or (release.number > 1 and not (previous and previous.snapshot)):
        return list(release.changes)  # nothing to compare (a release made without snapshots)
    return schedule_diff(previous=previous.snapshot if previous else None, current=release.snapshot)


def release_change_lines(*, release: ScheduleRelease) -> list[str]:
    """The release's changes in the active language, worked out again from its snapshot and the
    previous release's (``ScheduleRelease.changes`` keeps them in the publisher's language, as the
    record): an attendee who chose Welsh reads them in Welsh."""
    previous = (
        ScheduleRelease.objects.filter(
            unconference_id=release.unconference_id, number__lt=release.number
        )
        .order_by("-number")
        .only("number", "snapshot")
        .first()
    )
    return _change_lines(release, previous)


def releases_with_change_lines(*, unconference: Unconference) -> list[ScheduleRelease]:
    """Every release, newest first, each with ``change_lines`` in the active language."""
    releases = list(unconference.releases.order_by("number"))
    previous = None
    for release in releases:
        release.change_lines = _change_lines(release, previous)
        previous = release
    return releases[::-1]


def release_sessions_of_member(*, release: ScheduleRelease, user) -> list[dict]:
    """The member's sessions in a published release (topics they facilitate or voted for), read
    from the release's snapshot (what was published, not the working schedule), in time order:
    each with ``title``, ``space``, ``starts_at`` and ``ends_at`` (aware datetimes)."""
    topic_ids = set(
        Topic.objects.filter(board__unconference_id=release.unconference_id)
        .filter(Q(proposer=user) | Q(co_facilitators=user) | Q(votes__ballot__voter=user))
        .values_list("pk", flat=True)
    )
    slots = {slot["id"]: slot for slot in release.snapshot.get("slots", [])}
    rows = []
    for session in release.snapshot.get("sessions", []):
        slot = slots.get(session["slot_id"])
        if session["topic_id"] not in topic_ids or slot is None:
            continue
        rows.append(
            {
                "title": session["title"],
                "space": session["space"],
                "starts_at": dt.datetime.fromisoformat(slot["starts_at"]),
                "ends_at": dt.datetime.fromisoformat(slot["ends_at"]),
            }
        )
    return sorted(rows, key=lambda row: (row["starts_at"], row["space"]))
