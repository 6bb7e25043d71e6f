from django import template

from events.selectors import meetings_discussing_case_study, uk_time_display

register = template.Library()


@register.simple_tag
def meetings_discussing(case_study):
    return meetings_discussing_case_study(case_study=case_study)


@register.simple_tag
def uk_time(meeting) -> str:
    return uk_time_display(starts_at=meeting.starts_at, ends_at=meeting.ends_at)
