from django import template

from ..selectors import topics_taken_up_by

register = template.Library()


@register.simple_tag
def meeting_topics(meeting):
    """Topics from a standing board that this meeting took up (for the meeting page)."""
    if meeting is None or not getattr(meeting, "pk", None):
        return []
    return topics_taken_up_by(meeting=meeting)
