"""What the generation steps share: the sizes asked for, the seeded random source, the clock,
and the ids each step hands to the next. Pure Python: no models."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from bench.generate.text import Words

MEMBER_EMAIL_DOMAIN = "@bench.example.org"
BATCH = 1000


class BenchDataError(Exception):
    """The generation refused to run or found a broken page tree."""


@dataclass(frozen=True)
class Sizes:
    """How much of everything to make (the defaults are docs/performance.md's full size)."""

    case_studies: int = 10_000
    members: int = 5_000
    organisations: int = 400
    meetings: int = 200
    registrations: int = 100_000
    topics: int = 200
    slots: int = 8
    spaces: int = 10
    guides: int = 30
    chapters: int = 5  # per guide
    paragraphs: int = 12  # per body
    seed: int = 11


@dataclass
class Context:
    sizes: Sizes
    rng: random.Random
    now: dt.datetime
    words: Words = field(init=False)
    user_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)
    case_study_ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.words = Words(self.rng)
