"""The unconference auto-scheduler: plain data in, plain data out (no ORM; see docs/scheduler.md).

Priorities, in order:
1. hard: a space holds one topic per slot; a facilitator is never in two places in one slot;
   fixed placements (locked or frozen sessions) stay as they are; frozen slots get no new topics;
2. minimise voter clashes: for two topics in the same slot, the number of members who voted for
   both (so a member who wanted both is not forced to choose);
3. within a slot, more-voted topics get larger spaces.

Method: greedy placement in order of votes (each topic to the allowed slot that adds the least
clash weight), then hill climbing over "move a topic to another slot" and "swap two topics' slots"
until no step lowers the clash weight (or a step cap is reached). Deterministic: ties break on ids
and the visiting order comes from ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TopicIn:
    id: int
    votes: int = 0
    facilitators: frozenset[int] = frozenset()
    voters: frozenset[int] = frozenset()


@dataclass(frozen=True)
class SpaceIn:
    id: int
    capacity: int


@dataclass(frozen=True)
class SlotIn:
    id: int
    frozen: bool = False  # starts within 15 minutes (or has started): nothing moves in or out


@dataclass(frozen=True)
class Placement:
    topic_id: int
    space_id: int
    slot_id: int


@dataclass(frozen=True)
class ScheduleInput:
    topics: tuple[TopicIn, ...]
    spaces: tuple[SpaceIn, ...]
    slots: tuple[SlotIn, ...]
    fixed: tuple[Placement, ...] = ()  # locked or frozen sessions: kept exactly


@dataclass
class ScheduleResult:
    placements: list[Placement]
    unplaced: list[int]
    voter_clashes: int  # sum over same-slot topic pairs of the members who voted for both
    facilitator_clashes: int  # always 0 for placements this module makes
    steps: int = 0
    notes: list[str] = field(default_factory=list)


def clash_weights(topics) -> dict[int, dict[int, int]]:
    """weights[a][b] = members who voted for both a and b."""
    by_voter: dict[int, list[int]] = defaultdict(list)
    for topic in topics:
        for voter in topic.voters:
            by_voter[voter].append(topic.id)
    weights: dict[int, dict[int, int]] = defaultdict(dict)
    for topic_ids in by_voter.values():
        for i, a in enumerate(topic_ids):
            for b in topic_ids[i + 1 :]:
                weights[a][b] = weights[a].get(b, 0) + 1
                weights[b][a] = weights[b].get(a, 0) + 1
    return weights


def count_clashes(data: ScheduleInput, placements: list[Placement]) -> tuple[int, int]:
    """(voter clash weight, facilitator double-bookings) of a set of placements."""
    topics = {t.id: t for t in data.topics}
    weights = clash_weights(data.topics)
    by_slot: dict[int, list[int]] = defaultdict(list)
    for p in placements:
        by_slot[p.slot_id].append(p.topic_id)
    voter = facilitator = 0
    for ids in by_slot.values():
        seen: dict[int, int] = defaultdict(int)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                voter += weights.get(a, {}).get(b, 0)
            for person in topics[a].facilitators if a in topics else ():
                seen[person] += 1
        facilitator += sum(n - 1 for n in seen.values() if n > 1)
    return voter, facilitator


@dataclass(frozen=True)
class Clash:
    """Two topics in one slot that some members voted for both of (they must choose)."""

    slot_id: int
    topic_ids: tuple[int, int]
    shared_voters: int


def voter_clashes(data: ScheduleInput, placements: list[Placement]) -> list[Clash]:
    """Every voter clash of ``placements``, named: the slot, the two topics and how many members
    voted for both; the worst first. Their ``shared_voters`` add up to ``count_clashes``'s
    voter figure."""
    weights = clash_weights(data.topics)
    by_slot: dict[int, list[int]] = defaultdict(list)
    for p in placements:
        by_slot[p.slot_id].append(p.topic_id)
    found = []
    for slot_id, ids in by_slot.items():
        ids = sorted(ids)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                shared = weights.get(a, {}).get(b, 0)
                if shared:
                    found.append(Clash(slot_id=slot_id, topic_ids=(a, b), shared_voters=shared))
    return sorted(found, key=lambda c: (-c.shared_voters, c.slot_id, c.topic_ids))


def schedule(data: ScheduleInput, *, seed: int = 0, max_steps: int = 20_000) -> ScheduleResult:
    topics = {t.id: t for t in data.topics}
    slot_ids = [s.id for s in data.slots]
    frozen_slots = {s.id for s in data.slots if s.frozen}
    spaces = sorted(data.spaces, key=lambda s: (-s.capacity, s.id))
    weights = clash_weights(data.topics)
    notes: list[str] = []

    # Fixed placements occupy their cells and their facilitators' time.
    fixed_cells = {(p.space_id, p.slot_id) for p in data.fixed}
    fixed_topics = {p.topic_id for p in data.fixed}
    free_per_slot = {
        s: sum(1 for sp in spaces if (sp.id, s) not in fixed_cells) if s not in frozen_slots else 0
        for s in slot_ids
    }
    busy: dict[int, dict[int, int]] = {s: defaultdict(int) for s in slot_ids}  # slot -> person -> n
    members: dict[int, set[int]] = {s: set() for s in slot_ids}  # slot -> movable topic ids
    fixed_members: dict[int, set[int]] = {s: set() for s in slot_ids}
    for p in data.fixed:
        if p.slot_id not in busy:
            continue
        fixed_members[p.slot_id].add(p.topic_id)
        for person in topics[p.topic_id].facilitators if p.topic_id in topics else ():
            busy[p.slot_id][person] += 1

    # affinity[t][s]: clash weight between topic t and the topics (fixed or not) in slot s.
    affinity: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for s, ids in fixed_members.items():
        for f in ids:
            for other, w in weights.get(f, {}).items():
                affinity[other][s] += w

    def fits(topic: TopicIn, s: int, ignoring: TopicIn | None = None) -> bool:
        for person in topic.facilitators:
            n = busy[s].get(person, 0)
            if ignoring is not None and person in ignoring.facilitators:
                n -= 1
            if n > 0:
                return False
        return True

    def place(tid: int, s: int) -> None:
        members[s].add(tid)
        for person in topics[tid].facilitators:
            busy[s][person] += 1
        for other, w in weights.get(tid, {}).items():
            affinity[other][s] += w

    def remove(tid: int, s: int) -> None:
        members[s].discard(tid)
        for person in topics[tid].facilitators:
            busy[s][person] -= 1
        for other, w in weights.get(tid, {}).items():
            affinity[other][s] -= w

    # 1. Greedy, most-voted (then most constrained) first.
    order = sorted(
        (t for t in data.topics if t.id not in fixed_topics),
        key=lambda t: (-t.votes, -len(t.facilitators), t.id),
    )
    where: dict[int, int] = {}
    unplaced: list[int] = []
    for topic in order:
        best = None
        for s in slot_ids:
            if len(members[s]) >= free_per_slot[s] or not fits(topic, s):
                continue
            key = (affinity[topic.id][s], len(members[s]) + len(fixed_members[s]), s)
            if best is None or key < best[0]:
                best = (key, s)
        if best is None:
            unplaced.append(topic.id)
            continue
        where[topic.id] = best[1]
        place(topic.id, best[1])
    if unplaced:
        count = len(unplaced)
        noun = "topic" if count == 1 else "topics"
        notes.append(f"{count} {noun} could not be placed (no free space or time).")

    # 2. Hill climbing: moves to slots with room, and swaps between slots.
    rng = random.Random(seed)  # noqa: S311 - reproducible, not security sensitive
    steps = 0
    improved = True
    movable = sorted(where)
    while improved and steps < max_steps:
        improved = False
        rng.shuffle(movable)
        for tid in movable:
            a = where[tid]
            topic = topics[tid]
            current = affinity[tid][a]
            if current == 0:
                continue
            # Move into a slot with room.
            for b in slot_ids:
                if b == a or len(members[b]) >= free_per_slot[b] or not fits(topic, b):
                    continue
                if affinity[tid][b] < current:
                    remove(tid, a)
                    place(tid, b)
                    where[tid] = b
                    improved = True
                    steps += 1
                    break
            if where[tid] != a:
                continue
            # Swap with a topic in another slot.
            best_swap = None
            for b in slot_ids:
                if b == a:
                    continue
                for uid in sorted(members[b]):
                    w_tu = weights.get(tid, {}).get(uid, 0)
                    delta = (affinity[tid][b] - w_tu + affinity[uid][a] - w_tu) - (
                        current + affinity[uid][b]
                    )
                    if delta < 0 and (best_swap is None or delta < best_swap[0]):
                        other = topics[uid]
                        if fits(topic, b, ignoring=other) and fits(other, a, ignoring=topic):
                            best_swap = (delta, uid, b)
            if best_swap is not None:
                _, uid, b = best_swap
                remove(tid, a)
                remove(uid, b)
                place(tid, b)
                place(uid, a)
                where[tid], where[uid] = b, a
                improved = True
                steps += 1
            if steps >= max_steps:
                break

    # 3. Spaces: in each slot, more votes -> larger free space.
    placements = list(data.fixed)
    for s in slot_ids:
        free_spaces = [sp for sp in spaces if (sp.id, s) not in fixed_cells]
        ranked = sorted(members[s], key=lambda tid: (-topics[tid].votes, tid))
        for tid, space in zip(ranked, free_spaces, strict=False):
            placements.append(Placement(topic_id=tid, space_id=space.id, slot_id=s))
    voter_clashes, facilitator_clashes = count_clashes(data, placements)
    return ScheduleResult(
        placements=placements,
        unplaced=sorted(unplaced),
        voter_clashes=voter_clashes,
        facilitator_clashes=facilitator_clashes,
        steps=steps,
        notes=notes,
    )


def benchmark_case(
    *, topics: int = 200, slots: int = 8, spaces: int = 10, seed: int = 2025, voters: int = 300
) -> ScheduleInput:
    """A reproducible large input for ``make bench`` (time ``schedule(benchmark_case())``)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible, not security sensitive
    people = list(range(1, voters + 1))
    topic_list = []
    ballots: dict[int, set[int]] = defaultdict(set)
    for voter in people:
        for tid in rng.sample(range(1, topics + 1), k=min(5, topics)):
            ballots[tid].add(voter)
    for tid in range(1, topics + 1):
        facilitators = frozenset(rng.sample(people[:120], k=rng.choice([1, 1, 2, 3])))
        topic_list.append(
            TopicIn(
                id=tid,
                votes=len(ballots[tid]),
                facilitators=facilitators,
                voters=frozenset(ballots[tid]),
            )
        )
    return ScheduleInput(
        topics=tuple(topic_list),
        spaces=tuple(SpaceIn(id=i, capacity=rng.choice([10, 20, 30, 60])) for i in range(spaces)),
        slots=tuple(SlotIn(id=i) for i in range(slots)),
    )
