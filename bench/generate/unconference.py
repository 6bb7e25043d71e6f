"""The bench unconference: accepted topics, voters with their dots, slots and rooms, scheduled
with the real ``schedule_run`` and published."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from bench.generate.context import Context
from events.unconferences.enums import BoardKind, Phase, TopicFormat, TopicStatus
from events.unconferences.models import (
    Ballot,
    Registration,
    Slot,
    Space,
    Topic,
    TopicBoard,
    Unconference,
    Vote,
)
from events.unconferences.services.schedule import schedule_publish, schedule_run


def make_unconference(ctx: Context) -> None:
    rng = ctx.rng
    day = (ctx.now + dt.timedelta(days=60)).replace(hour=9, minute=0, second=0, microsecond=0)
    unconference = Unconference.objects.create(
        slug="bench-unconference",
        title="Bench unconference",
        description=ctx.words.paragraph(3),
        venue="Bench Hall, Cardiff",
        starts_at=day,
        ends_at=day + dt.timedelta(hours=10),
        phase=Phase.SCHEDULING,
        votes_per_member=5,
        max_votes_per_topic=1,
    )
    board = TopicBoard.objects.create(
        kind=BoardKind.UNCONFERENCE,
        slug="bench-unconference",
        title="Bench unconference topics",
        unconference=unconference,
    )
    Space.objects.bulk_create(
        Space(
            unconference=unconference,
            name=f"Room {i + 1}",
            capacity=rng.choice([10, 20, 30, 60]),
            order=i,
        )
        for i in range(ctx.sizes.spaces)
    )
    Slot.objects.bulk_create(
        Slot(
            unconference=unconference,
            starts_at=day + dt.timedelta(minutes=60 * i),
            ends_at=day + dt.timedelta(minutes=60 * i + 50),
            label=f"Session {i + 1}",
        )
        for i in range(ctx.sizes.slots)
    )
    voters = ctx.user_ids[: min(len(ctx.user_ids), 300)]
    Registration.objects.bulk_create(
        Registration(unconference=unconference, user_id=pk) for pk in voters
    )
    proposers = voters[:120] or ctx.user_ids
    formats = [v for v, _l in TopicFormat.choices]
    topics = Topic.objects.bulk_create(
        Topic(
            board=board,
            title=f"{ctx.words.title()} ({i + 1})"[:200],
            description=ctx.words.paragraph(3),
            format=rng.choice(formats),
            proposer_id=rng.choice(proposers),
            status=TopicStatus.ACCEPTED,
        )
        for i in range(ctx.sizes.topics)
    )
    topics = list(Topic.objects.filter(board=board).order_by("pk"))
    through = Topic.co_facilitators.through
    through.objects.bulk_create(
        through(topic_id=t.pk, user_id=u)
        for t in topics
        if rng.random() < 0.4
        for u in rng.sample(proposers, rng.randint(1, 2))
        if u != t.proposer_id
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(board=board, voter_id=pk, budget=5, used=min(5, len(topics))) for pk in voters
    )
    ballots = list(Ballot.objects.filter(board=board))
    Vote.objects.bulk_create(
        Vote(ballot=ballot, topic=topic, count=1)
        for ballot in ballots
        for topic in rng.sample(topics, min(5, len(topics)))
    )
    organiser = get_user_model().objects.get(pk=ctx.user_ids[0])
    schedule_run(unconference=unconference, now=ctx.now)
    schedule_publish(unconference=unconference, user=organiser)
