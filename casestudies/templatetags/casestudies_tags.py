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


FACET_TOP = 5  # options shown before "Show all" on a long facet
FACET_LONG = 8  # a facet with more options than this is folded


@register.filter
def facet_split(facet) -> dict:
    """A facet's listable options (those with matches, or chosen) split for display: on a long
    facet, the chosen options and the most common ones first, the rest behind "Show all" (a
    <details>, so it works without JavaScript). Both lists keep the facet's own order."""
    options = [option for option in facet.options if option.count or option.selected]
    if len(options) <= FACET_LONG:
        return {"top": options, "more": [], "total": len(options)}
    ranked = sorted(options, key=lambda option: (not option.selected, -option.count))
    keep = {id(option) for option in ranked[: max(FACET_TOP, len(facet.selected_options))]}
    return {
        "top": [option for option in options if id(option) in keep],
        "more": [option for option in options if id(option) not in keep],
        "total": len(options),
    }


@register.simple_tag(takes_context=True)
def active_filter_count(context) -> int:
    """How many filters narrow the library now (each chosen facet value, and the search text)."""
    selection = context["selection"]
    return len(selection.active_filters) + (1 if selection.query.q else 0)
