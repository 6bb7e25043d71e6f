from django import template

register = template.Library()


@register.simple_tag
def meeting_topics(meeting):
    """Topics from a standing board that this meeting took up (for the meeting page)."""
    from ..selectors import topics_taken_up_by

    if meeting is None or not getattr(meeting, "pk", None):
        return []
    return topics_taken_up_by(meeting=meeting)
