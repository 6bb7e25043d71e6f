"""UK local time helpers: everything organisers type is wall-clock time in Europe/London."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


class LocalTimeError(ValueError):
    """A local time that does not exist (spring forward) or happens twice (fall back)."""


def local_time_problem(local: dt.datetime) -> str | None:
    """Why this naive Europe/London wall-clock time is a problem, or None if it is unambiguous."""
    first = local.replace(tzinfo=LONDON, fold=0)
    second = local.replace(tzinfo=LONDON, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    # A wall-clock time that does not exist converts differently to UTC and back.
    round_trip = first.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    if round_trip != local:
        return _(
            "%(time)s on %(date)s does not exist in UK time: the clocks go forward at 1am. "
            "Choose a time outside 1am to 2am."
        ) % {"time": local.strftime("%H:%M"), "date": local.date().isoformat()}
    return _(
        "%(time)s on %(date)s happens twice in UK time: the clocks go back at 2am. "
        "Choose a time outside 1am to 2am."
    ) % {"time": local.strftime("%H:%M"), "date": local.date().isoformat()}


def london_to_utc(local: dt.datetime) -> dt.datetime:
    """Convert a naive UK wall-clock time to a UTC instant; refuse non-existent/ambiguous times."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    problem = local_time_problem(local)
    if problem:
        raise LocalTimeError(problem)
    return local.replace(tzinfo=LONDON).astimezone(UTC)


def to_london(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(LONDON)
