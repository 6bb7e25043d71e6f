"""The iso8601 filter writes <time datetime> values the HTML standard accepts."""

import datetime as dt

from django.template import Context, Template
from django.utils import timezone

from core.templatetags.time_tags import iso8601


def test_drops_microseconds_and_keeps_the_offset():
    moment = dt.datetime(2025, 1, 15, 14, 0, 5, 123456, tzinfo=dt.UTC)
    with timezone.override("Europe/London"):
        assert iso8601(moment) == "2025-01-15T14:00:05+00:00"
        summer = dt.datetime(2025, 7, 15, 13, 0, 0, 999999, tzinfo=dt.UTC)
        assert iso8601(summer) == "2025-07-15T14:00:00+01:00"
        assert iso8601(summer, "date") == "2025-07-15"


def test_dates_strings_and_empty_values():
    assert iso8601(dt.date(2025, 3, 1)) == "2025-03-01"
    assert iso8601("2026-12-06T20:33:28.583068+00:00").startswith("2026-12-06T20:33:28")
    assert "." not in iso8601("2026-12-06T20:33:28.583068+00:00")
    assert iso8601("2026-12-06") == "2026-12-06"
    assert iso8601(None) == iso8601("") == iso8601("not a date") == ""


def test_in_a_template():
    html = Template('{% load time_tags %}<time datetime="{{ when|iso8601 }}">x</time>').render(
        Context({"when": dt.datetime(2025, 1, 15, 14, 0, 0, 5, tzinfo=dt.UTC)})
    )
    assert 'datetime="2025-01-15T14:00:00+00:00"' in html
