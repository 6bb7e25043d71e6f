"""Series recurrence: RFC 5545 rules (python-dateutil) in Europe/London wall-clock time."""

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

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


# --- The repeat picker: plain-language choices <-> the RRULE that is stored ---------------------
#
# Organisers choose "every N weeks on a weekday", "every month on the 1st-4th or last weekday" or
# "every month on day D", and when it ends (never, on a date, after N meetings). The picker writes
# the RRULE; a stored RRULE the picker can express fills the picker again, one it cannot express
# is kept and edited as it is (the advanced field).

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = (1, 2, 3, 4, -1)
PATTERN_WEEKLY = "weekly"
PATTERN_MONTHLY_WEEKDAY = "monthly_weekday"
PATTERN_MONTHLY_DAY = "monthly_day"
PATTERNS = (PATTERN_WEEKLY, PATTERN_MONTHLY_WEEKDAY, PATTERN_MONTHLY_DAY)
END_NEVER, END_ON, END_AFTER = "never", "on", "after"
MAX_WEEKS_INTERVAL = 52
MAX_COUNT = 500


@dataclass(frozen=True)
class RepeatPicker:
    """What the organiser chose; only the fields the pattern uses are kept (see `normalised`)."""

    pattern: str
    weekday: int = 2  # Monday is 0, as in datetime
    interval: int = 1  # weeks, for the weekly pattern
    ordinal: int = 2  # 1-4 or -1 (last), for the monthly weekday pattern
    month_day: int = 1  # 1-31, for the monthly day pattern
    end: str = END_NEVER
    until: dt.date | None = None
    count: int | None = None

    def normalised(self) -> "RepeatPicker":
        default = RepeatPicker(pattern=self.pattern)
        return RepeatPicker(
            pattern=self.pattern,
            weekday=self.weekday if self.pattern != PATTERN_MONTHLY_DAY else default.weekday,
            interval=self.interval if self.pattern == PATTERN_WEEKLY else 1,
            ordinal=self.ordinal if self.pattern == PATTERN_MONTHLY_WEEKDAY else default.ordinal,
            month_day=self.month_day if self.pattern == PATTERN_MONTHLY_DAY else 1,
            end=self.end,
            until=self.until if self.end == END_ON else None,
            count=self.count if self.end == END_AFTER else None,
        )

    def to_rrule(self) -> str:
        parts = []
        if self.pattern == PATTERN_WEEKLY:
            parts.append("FREQ=WEEKLY")
            if self.interval != 1:
                parts.append(f"INTERVAL={self.interval}")
            parts.append(f"BYDAY={WEEKDAY_CODES[self.weekday]}")
        elif self.pattern == PATTERN_MONTHLY_WEEKDAY:
            sign = "+" if self.ordinal > 0 else "-"
            code = WEEKDAY_CODES[self.weekday]
            parts += ["FREQ=MONTHLY", f"BYDAY={sign}{abs(self.ordinal)}{code}"]
        elif self.pattern == PATTERN_MONTHLY_DAY:
            parts += ["FREQ=MONTHLY", f"BYMONTHDAY={self.month_day}"]
        else:
            raise ValueError(f"unknown repeat pattern {self.pattern!r}")
        if self.end == END_ON and self.until:
            # The whole last day: a bare date would mean midnight and drop a 2pm meeting that day.
            parts.append(f"UNTIL={self.until:%Y%m%d}T235959")
        elif self.end == END_AFTER and self.count:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)


_BYDAY_RE = re.compile(r"^([+-]?)(\d?)(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL_RE = re.compile(r"^(\d{8})T235959$")


def picker_from_rrule(rule: str) -> RepeatPicker | None:
    """The picker that writes exactly this rule's meaning, or None if the picker cannot say it."""
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for piece in filter(None, (p.strip() for p in text.split(";"))):
        name, sep, value = piece.partition("=")
        if not sep or name in parts:
            return None
        parts[name] = value
    allowed = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL"}
    if not parts or set(parts) - allowed:
        return None
    end, until, count = END_NEVER, None, None
    if "COUNT" in parts and "UNTIL" in parts:
        return None
    if "COUNT" in parts:
        if not parts["COUNT"].isdigit() or not 1 <= int(parts["COUNT"]) <= MAX_COUNT:
            return None
        end, count = END_AFTER, int(parts["COUNT"])
    if "UNTIL" in parts:
        match = _UNTIL_RE.match(parts["UNTIL"])
        if not match:
            return None
        try:
            until = dt.datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            return None
        end = END_ON
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= MAX_WEEKS_INTERVAL:
        return None
    interval = int(interval)
    byday = _BYDAY_RE.match(parts.get("BYDAY", "")) if "BYDAY" in parts else None
    if "BYDAY" in parts and not byday:
        return None
    common = {"end": end, "until": until, "count": count}
    freq = parts.get("FREQ")
    if freq == "WEEKLY":
        if not byday or byday.group(1) or byday.group(2) or "BYMONTHDAY" in parts:
            return None
        weekday = WEEKDAY_CODES.index(byday.group(3))
        return RepeatPicker(PATTERN_WEEKLY, weekday=weekday, interval=interval, **common)
    if freq == "MONTHLY" and interval == 1:
        if byday and "BYMONTHDAY" not in parts:
            if not byday.group(2):
                return None
            ordinal = int(byday.group(2)) * (-1 if byday.group(1) == "-" else 1)
            if ordinal not in ORDINALS:
                return None
            weekday = WEEKDAY_CODES.index(byday.group(3))
            return RepeatPicker(PATTERN_MONTHLY_WEEKDAY, weekday=weekday, ordinal=ordinal, **common)
        if "BYMONTHDAY" in parts and not byday:
            day = parts["BYMONTHDAY"]
            if not day.isdigit() or not 1 <= int(day) <= 31:
                return None
            return RepeatPicker(PATTERN_MONTHLY_DAY, month_day=int(day), **common)
    return None


def picker_for_date(day: dt.date) -> RepeatPicker:
    """The monthly picker a first date suggests: 11 Dec 2024 -> the second Wednesday."""
    ordinal = (day.day - 1) // 7 + 1
    return RepeatPicker(
        PATTERN_MONTHLY_WEEKDAY, weekday=day.weekday(), ordinal=ordinal if ordinal <= 4 else -1
    )


def clock_words(value: dt.time) -> str:
    """2pm, 3:15pm, midday (GOV.UK style), as the event pages say it."""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def weekday_name(weekday: int) -> str:
    names = (
        pgettext("weekday name", "Monday"),
        pgettext("weekday name", "Tuesday"),
        pgettext("weekday name", "Wednesday"),
        pgettext("weekday name", "Thursday"),
        pgettext("weekday name", "Friday"),
        pgettext("weekday name", "Saturday"),
        pgettext("weekday name", "Sunday"),
    )
    return names[weekday]


def _pattern_words(picker: RepeatPicker) -> str:
    weekday = weekday_name(picker.weekday)
    if picker.pattern == PATTERN_WEEKLY:
        if picker.interval == 1:
            return _("Every week on %(weekday)s") % {"weekday": weekday}
        return ngettext(
            "Every %(n)d week on %(weekday)s", "Every %(n)d weeks on %(weekday)s", picker.interval
        ) % {"n": picker.interval, "weekday": weekday}
    if picker.pattern == PATTERN_MONTHLY_WEEKDAY:
        templates = {
            1: _("Every month on the first %(weekday)s"),
            2: _("Every month on the second %(weekday)s"),
            3: _("Every month on the third %(weekday)s"),
            4: _("Every month on the fourth %(weekday)s"),
            -1: _("Every month on the last %(weekday)s"),
        }
        return templates[picker.ordinal] % {"weekday": weekday}
    if picker.month_day > 28:
        return _("Every month on day %(day)d (months without a day %(day)d are skipped)") % {
            "day": picker.month_day
        }
    return _("Every month on day %(day)d") % {"day": picker.month_day}


def rule_in_words(rule: str, *, start_time: dt.time | None = None) -> str:
    """ "Every month on the second Wednesday, 2pm UK time", in the active language."""
    picker = picker_from_rrule(rule)
    if picker is None:
        text = _("Repeats by the rule %(rule)s") % {"rule": rule}
    else:
        text = _pattern_words(picker)
    if start_time is not None:
        text = _("%(rule)s, %(time)s UK time") % {"rule": text, "time": clock_words(start_time)}
    if picker is not None and picker.end == END_ON and picker.until:
        text = _("%(rule)s, until %(date)s") % {
            "rule": text,
            "date": dateformat.format(picker.until, "j F Y"),
        }
    elif picker is not None and picker.end == END_AFTER and picker.count:
        text = ngettext(
            "%(rule)s, %(n)d meeting in all", "%(rule)s, %(n)d meetings in all", picker.count
        ) % {"rule": text, "n": picker.count}
    return text


def next_dates(
    *,
    rule: str,
    first_date: dt.date,
    start_time: dt.time,
    today: dt.date,
    exceptions=(),
    extras=(),
    count: int = 6,
) -> list[dt.date]:
    """The next `count` meeting dates from today (or the first date, if later)."""
    since = max(today, first_date)
    return occurrence_dates(
        rule=rule,
        first_date=first_date,
        start_time=start_time,
        since=since,
        until=since + dt.timedelta(days=366 * 10),
        exceptions=exceptions,
        extras=extras,
    )[:count]
