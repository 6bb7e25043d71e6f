from django import template

from events.recurrence import rule_in_words
from events.selectors import meetings_discussing_case_study, uk_time_display

register = template.Library()


@register.simple_tag
def meetings_discussing(case_study):
    return meetings_discussing_case_study(case_study=case_study)


@register.simple_tag
def uk_time(meeting) -> str:
    return uk_time_display(starts_at=meeting.starts_at, ends_at=meeting.ends_at)


@register.simple_tag
def series_repeats(meeting) -> str:
    """ "Every month on the second Wednesday, 2pm UK time" for a meeting of a series, else ""."""
    if not meeting.series_id or meeting.series is None:
        return ""
    return rule_in_words(meeting.series.rrule, start_time=meeting.series.start_time)
