"""The pure scheduler: hard constraints on generated inputs (hypothesis), a constructed case with a
known clash-free schedule, locked placements, frozen slots, determinism and the bench input."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from events.unconferences.scheduler import (
    Placement,
    ScheduleInput,
    SlotIn,
    SpaceIn,
    TopicIn,
    benchmark_case,
    count_clashes,
    schedule,
)


@st.composite
def inputs(draw):
    n_slots = draw(st.integers(1, 5))
    n_spaces = draw(st.integers(1, 4))
    n_topics = draw(st.integers(0, 24))
    people = list(range(1, 10))
    topics = []
    for tid in range(1, n_topics + 1):
        facilitators = draw(st.frozensets(st.sampled_from(people), min_size=1, max_size=3))
        voters = draw(st.frozensets(st.integers(100, 130), max_size=8))
        topics.append(TopicIn(id=tid, votes=len(voters), facilitators=facilitators, voters=voters))
    return ScheduleInput(
        topics=tuple(topics),
        spaces=tuple(SpaceIn(id=i, capacity=draw(st.integers(5, 60))) for i in range(n_spaces)),
        slots=tuple(SlotIn(id=i) for i in range(n_slots)),
    )


def conflict_degree(data: ScheduleInput) -> int:
    """Most other topics that share a facilitator with one topic."""
    worst = 0
    for t in data.topics:
        worst = max(
            worst, sum(1 for u in data.topics if u.id != t.id and t.facilitators & u.facilitators)
        )
    return worst


def check_hard_constraints(data: ScheduleInput, placements: list[Placement]) -> None:
    cells = Counter((p.space_id, p.slot_id) for p in placements)
    assert all(n == 1 for n in cells.values()), "a space is double-booked"
    topics = Counter(p.topic_id for p in placements)
    assert all(n == 1 for n in topics.values()), "a topic is placed twice"
    facilitators = {t.id: t.facilitators for t in data.topics}
    per_slot = Counter(
        (person, p.slot_id) for p in placements for person in facilitators[p.topic_id]
    )
    assert all(n == 1 for n in per_slot.values()), "a facilitator is in two places"
    assert {p.space_id for p in placements} <= {s.id for s in data.spaces}
    assert {p.slot_id for p in placements} <= {s.id for s in data.slots}


@settings(max_examples=40, deadline=None)
@given(inputs())
def test_never_double_books_and_places_everything_when_capacity_allows(data):
    result = schedule(data)
    check_hard_constraints(data, result.placements)
    assert result.facilitator_clashes == 0
    placed = {p.topic_id for p in result.placements}
    assert placed | set(result.unplaced) == {t.id for t in data.topics}
    assert not placed & set(result.unplaced)
    # Capacity allows: enough cells outside the slots a topic's facilitator conflicts can block.
    d = conflict_degree(data)
    if len(data.topics) <= max(0, len(data.slots) - d) * len(data.spaces):
        assert result.unplaced == []
    # Determinism: the same input gives the same schedule.
    assert schedule(data).placements == result.placements
    assert result.voter_clashes == count_clashes(data, result.placements)[0]


@settings(max_examples=25, deadline=None)
@given(inputs(), st.data())
def test_respects_locked_placements(data, extra):
    if not data.topics:
        return
    first = data.topics[0]
    lock = Placement(
        topic_id=first.id,
        space_id=extra.draw(st.sampled_from([s.id for s in data.spaces])),
        slot_id=extra.draw(st.sampled_from([s.id for s in data.slots])),
    )
    locked_input = ScheduleInput(
        topics=data.topics, spaces=data.spaces, slots=data.slots, fixed=(lock,)
    )
    result = schedule(locked_input)
    assert lock in result.placements
    check_hard_constraints(locked_input, result.placements)


def test_constructed_case_finds_the_clash_free_schedule():
    # Four slots, two rooms. Topics 1-4 are wanted by the same 10 people, and so are 5-8: a
    # schedule with zero voter clashes exists (one of each group per slot), but putting any two
    # of a group together costs 10.
    group_a = frozenset(range(100, 110))
    group_b = frozenset(range(200, 210))
    topics = [
        TopicIn(id=i, votes=10, facilitators=frozenset({i}), voters=group_a) for i in range(1, 5)
    ]
    topics += [
        TopicIn(id=i, votes=10, facilitators=frozenset({i}), voters=group_b) for i in range(5, 9)
    ]
    data = ScheduleInput(
        topics=tuple(topics),
        spaces=(SpaceIn(id=1, capacity=50), SpaceIn(id=2, capacity=20)),
        slots=tuple(SlotIn(id=i) for i in range(4)),
    )
    result = schedule(data)
    assert result.voter_clashes == 0
    assert len(result.placements) == 8
    by_slot = Counter(p.slot_id for p in result.placements)
    assert set(by_slot.values()) == {2}


def test_local_search_removes_clashes_greedy_leaves():
    # A shared facilitator forces 1 and 2 apart; voters of 3 also want 1. Greedy (by votes)
    # can start badly; the result must still reach the optimum of zero clashes.
    topics = (
        TopicIn(id=1, votes=9, facilitators=frozenset({1}), voters=frozenset({10, 11, 12})),
        TopicIn(id=2, votes=8, facilitators=frozenset({1}), voters=frozenset({20, 21})),
        TopicIn(id=3, votes=7, facilitators=frozenset({3}), voters=frozenset({10, 11, 30})),
        TopicIn(id=4, votes=1, facilitators=frozenset({4}), voters=frozenset({20, 21, 40})),
    )
    data = ScheduleInput(
        topics=topics,
        spaces=(SpaceIn(id=1, capacity=30), SpaceIn(id=2, capacity=10)),
        slots=(SlotIn(id=1), SlotIn(id=2)),
    )
    result = schedule(data)
    assert result.voter_clashes == 0
    check_hard_constraints(data, result.placements)


def test_more_voted_topics_get_larger_spaces_within_a_slot():
    topics = tuple(TopicIn(id=i, votes=i * 3, facilitators=frozenset({i})) for i in range(1, 4))
    data = ScheduleInput(
        topics=topics,
        spaces=(
            SpaceIn(id=10, capacity=10),
            SpaceIn(id=20, capacity=60),
            SpaceIn(id=30, capacity=30),
        ),
        slots=(SlotIn(id=1),),
    )
    placed = {p.topic_id: p.space_id for p in schedule(data).placements}
    assert placed == {3: 20, 2: 30, 1: 10}


def test_frozen_slot_gets_no_new_topics_and_keeps_its_sessions():
    topics = tuple(TopicIn(id=i, votes=5, facilitators=frozenset({i})) for i in range(1, 4))
    kept = Placement(topic_id=1, space_id=1, slot_id=1)
    data = ScheduleInput(
        topics=topics,
        spaces=(SpaceIn(id=1, capacity=10), SpaceIn(id=2, capacity=10)),
        slots=(SlotIn(id=1, frozen=True), SlotIn(id=2)),
        fixed=(kept,),
    )
    result = schedule(data)
    assert kept in result.placements
    assert {p.topic_id for p in result.placements if p.slot_id == 1} == {1}
    assert {p.topic_id for p in result.placements if p.slot_id == 2} == {2, 3}


def test_benchmark_case_is_reproducible_and_clash_free_for_facilitators():
    case = benchmark_case(topics=200, slots=8, spaces=10, seed=7)
    assert len(case.topics) == 200 and len(case.slots) == 8 and len(case.spaces) == 10
    assert benchmark_case(topics=200, slots=8, spaces=10, seed=7) == case
    result = schedule(case)
    assert result.facilitator_clashes == 0
    assert len(result.placements) == 80  # every cell filled
    check_hard_constraints(case, result.placements)
