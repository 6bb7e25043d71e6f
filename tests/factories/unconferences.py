"""Factories for unconferences, boards, topics, spaces and slots."""

import datetime as dt

import factory

from events.unconferences.enums import BoardKind, Phase, TopicStatus
from events.unconferences.models import (
    Registration,
    Slot,
    Space,
    Topic,
    TopicBoard,
    Unconference,
)
from events.unconferences.views import unconference_board
from tests.factories.users import UserFactory


class UnconferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unconference

    slug = factory.Sequence(lambda n: f"unconference-{n}")
    title = factory.Sequence(lambda n: f"Unconference {n}")
    venue = "Community hall, London"
    starts_at = factory.LazyFunction(lambda: dt.datetime(2030, 3, 21, 9, 30, tzinfo=dt.UTC))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    phase = Phase.TOPICS_OPEN
    votes_per_member = 3
    max_votes_per_topic = 1


def board_for(unconference: Unconference) -> TopicBoard:
    return unconference_board(unconference)


class StandingBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicBoard

    kind = BoardKind.STANDING
    slug = factory.Sequence(lambda n: f"series-topics-{n}")
    title = factory.Sequence(lambda n: f"Monthly meeting topics {n}")
    votes_per_member = 3
    max_votes_per_topic = 1


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    unconference = factory.SubFactory(UnconferenceFactory)
    user = factory.SubFactory(UserFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    title = factory.Sequence(lambda n: f"Topic {n}")
    description = "What we would talk about."
    proposer = factory.SubFactory(UserFactory)
    status = TopicStatus.PROPOSED


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 20


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot


def make_grid(unconference: Unconference, *, rooms: int, rounds: int, start=None):
    """Spaces (capacity 60, 40, 30, ...) and 45-minute slots from ``start``."""
    start = start or unconference.starts_at + dt.timedelta(hours=1)
    spaces = [
        SpaceFactory(
            unconference=unconference, name=f"Room {i + 1}", capacity=max(10, 60 - 10 * i), order=i
        )
        for i in range(rooms)
    ]
    slots = [
        SlotFactory(
            unconference=unconference,
            starts_at=start + dt.timedelta(hours=i),
            ends_at=start + dt.timedelta(hours=i, minutes=45),
            label=f"Round {i + 1}",
        )
        for i in range(rounds)
    ]
    return spaces, slots
