from django import template
from django.utils import translation

from participation.i18n import alternates_for, page_is_fallback

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in every language: a list of participation.i18n.Alternate (cached per render)."""
    request = context.get("request")
    if request is None:
        return []
    cache = getattr(request, "_language_alternates", None)
    if cache is None:
        cache = alternates_for(request=request, page=context.get("page"))
        request._language_alternates = cache
    return cache


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    current = translation.get_language()
    others = [alt for alt in language_alternates(context) if alt.language != current]
    return {
        "others": others,
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def showing_fallback_page(context) -> bool:
    return page_is_fallback(page=context.get("page"))
