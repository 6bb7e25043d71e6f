"""Series recurrence: RFC 5545 rules (python-dateutil) in Europe/London wall-clock time."""

import datetime as dt

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .timezones import LONDON, UTC, local_time_problem

MAX_OCCURRENCES = 1000


def parse_rrule(text: str, *, dtstart: dt.datetime):
    """Parse an RRULE (with or without the "RRULE:" prefix); ValidationError when malformed."""
    value = (text or "").strip()
    if value.upper().startswith("RRULE:"):
        value = value[6:]
    if not value or "\n" in value or "DTSTART" in value.upper():
        raise ValidationError(_("Enter a recurrence rule such as FREQ=MONTHLY;BYDAY=+2WE."))
    if any(f"FREQ={freq}" in value.upper() for freq in ("SECONDLY", "MINUTELY", "HOURLY")):
        raise ValidationError(_("Meetings can repeat daily, weekly, monthly or yearly."))
    try:
        return rrulestr(value, dtstart=dtstart, forceset=False, unfold=False)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise ValidationError(
            _(
                "This recurrence rule is not valid (%(error)s). Use a rule such as "
                "FREQ=MONTHLY;BYDAY=+2WE."
            ),
            params={"error": str(error)},
        ) from error


def parse_date_list(values) -> list[dt.date]:
    if values in (None, ""):
        return []
    if not isinstance(values, list):
        raise ValidationError(_("Enter a list of dates in the form YYYY-MM-DD."))
    dates = []
    for value in values:
        try:
            dates.append(dt.date.fromisoformat(str(value)))
        except ValueError as error:
            raise ValidationError(
                _("“%(value)s” is not a date in the form YYYY-MM-DD."), params={"value": value}
            ) from error
    return dates


def occurrence_dates(
    *,
    rule: str,
    first_date: dt.date,
    start_time: dt.time,
    since: dt.date,
    until: dt.date,
    exceptions=(),
    extras=(),
) -> list[dt.date]:
    """Local dates from since to until (inclusive): rule dates minus exceptions, plus extras."""
    dtstart = dt.datetime.combine(first_date, start_time)
    rule_obj = parse_rrule(rule, dtstart=dtstart)
    start = dt.datetime.combine(max(since, first_date), dt.time.min)
    end = dt.datetime.combine(until, dt.time.max)
    dates = set()
    for value in rule_obj.xafter(start, count=MAX_OCCURRENCES, inc=True):
        if value > end:
            break
        dates.add(value.date())
    skipped = set(parse_date_list(list(exceptions)))
    dates -= skipped
    for extra in parse_date_list(list(extras)):
        if max(since, first_date) <= extra <= until:
            dates.add(extra)
    return sorted(dates)


def occurrence_instants(
    *, day: dt.date, start_time: dt.time, duration_minutes: int
) -> tuple[dt.datetime, dt.datetime]:
    """UTC start and end for a local date and wall-clock start.

    A start time that falls in the spring-forward gap or the autumn overlap is resolved
    explicitly: the first (pre-transition, fold=0) reading, as zoneinfo does. Forms refuse such
    series, so this only matters for data entered some other way.
    """
    local = dt.datetime.combine(day, start_time).replace(tzinfo=LONDON, fold=0)
    starts_at = local.astimezone(UTC)
    return starts_at, starts_at + dt.timedelta(minutes=duration_minutes)


def series_time_problems(
    *, rule: str, first_date: dt.date, start_time: dt.time, until: dt.date, extras=()
) -> list[str]:
    """Problems with local start times that do not exist or happen twice, for form validation."""
    problems = []
    for day in occurrence_dates(
        rule=rule,
        first_date=first_date,
        start_time=start_time,
        since=first_date,
        until=until,
        extras=extras,
    ):
        problem = local_time_problem(dt.datetime.combine(day, start_time))
        if problem:
            problems.append(problem)
    return problems
