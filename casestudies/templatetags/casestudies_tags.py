from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def without_filter(context, key: str, value: str | None = None) -> str:
    """The current query string without one facet value (or without the whole facet, or the
    search text when key is "q"), always back on page 1. Returns "?..." or "?" when empty."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        params.setlist(key, [item for item in params.getlist(key) if item != value])
    pairs = [(name, item) for name, items in params.lists() for item in items if item != ""]
    return "?" + urlencode(pairs)
