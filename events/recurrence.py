"""Series recurrence: RFC 5545 rules (python-dateutil) in Europe/London wall-clock time."""

import datetime as dt

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    value = _check_rule_parts(value)
    try:
        return rrulestr(value, dtstart=dtstart, forceset=False, unfold=False)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        _explain_bad_value(value, dtstart=dtstart)
        # Never show the parser's own words ("not enough values to unpack"): say what to write.
        raise ValidationError(
            _(
                "This repeat rule could not be read. Check each part is NAME=VALUE, separated "
                "by semicolons. %(example)s"
            ),
            params={"example": RULE_EXAMPLE},
        ) from error


RULE_EXAMPLE = gettext_lazy(
    "For example FREQ=MONTHLY;BYDAY=+2WE repeats on the 2nd Wednesday of every month, and "
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU every other Tuesday."
)
RULE_PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYYEARDAY",
    "BYWEEKNO",
    "WKST",
)
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def _check_rule_parts(value: str) -> str:
    """Explain, in words, the first thing wrong with a rule's NAME=VALUE parts; return the rule
    without empty parts."""
    names, parts = [], []
    for part in (piece.strip() for piece in value.split(";")):
        if not part:
            continue
        name, sep, part_value = part.partition("=")
        name, part_value = name.strip().upper(), part_value.strip()
        if not sep or not name or not part_value:
            raise ValidationError(
                _("“%(part)s” is not in the form NAME=VALUE, as in BYDAY=WE. %(example)s"),
                params={"part": part, "example": RULE_EXAMPLE},
            )
        if name not in RULE_PARTS:
            raise ValidationError(
                _("“%(name)s” is not part of a repeat rule. Use %(names)s. %(example)s"),
                params={"name": name, "names": ", ".join(RULE_PARTS), "example": RULE_EXAMPLE},
            )
        if name == "FREQ" and part_value.upper() not in FREQUENCIES:
            raise ValidationError(
                _("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY. %(example)s"),
                params={"example": RULE_EXAMPLE},
            )
        names.append(name)
        parts.append(f"{name}={part_value}")
    if "FREQ" not in names:
        raise ValidationError(
            _("Say how often the meeting repeats with FREQ. %(example)s"),
            params={"example": RULE_EXAMPLE},
        )
    return ";".join(parts)


def _explain_bad_value(value: str, *, dtstart: dt.datetime) -> None:
    """Name the part whose value the parser refused, e.g. BYDAY=XX."""
    parts = value.split(";")
    freq = next(p for p in parts if p.startswith("FREQ="))
    for part in parts:
        if part == freq:
            continue
        try:
            rrulestr(f"{freq};{part}", dtstart=dtstart, forceset=False, unfold=False)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            name, _sep, part_value = part.partition("=")
            raise ValidationError(
                _("“%(value)s” is not a valid value for %(name)s. %(example)s"),
                params={"value": part_value, "name": name, "example": RULE_EXAMPLE},
            ) from None


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
