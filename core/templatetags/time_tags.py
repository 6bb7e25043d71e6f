"""``{{ value|iso8601 }}``: the machine-readable form of a date or time for ``<time datetime>``.

HTML accepts at most three digits of fractional seconds, and Django's ``|date:'c'`` writes
Python's six (``2025-01-15T14:00:00.123456+00:00``), which the W3C checker rejects. This filter
writes whole seconds with the offset of the current time zone (``2025-01-15T14:00:00+00:00``),
a date as ``2025-01-15``, and ``|iso8601:"date"`` only the date of a date-time.
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()


@register.filter
def iso8601(value, part: str = "") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = parse_date(value) if len(value) == 10 else parse_datetime(value)
        if value is None:
            return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        if part == "date":
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""
