from django import template
from django.conf import settings
from django.utils import translation

from core.i18n import (
    HREFLANG,
    alternates_for,
    localised_url,
    page_is_fallback,
    page_other_language,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in every language: a list of core.i18n.Alternate (cached per render)."""
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
    return page_is_fallback(page=context.get("page"), request=context.get("request"))


@register.simple_tag(takes_context=True)
def localurl(context, target) -> str:
    """The URL of a page or path in the current language (core.i18n.localised_url):
    ``{% localurl page %}``, ``{% localurl "/events/" %}``, ``{% localurl link.href as url %}``.
    Use it for every internal link that does not come from ``{% url %}``."""
    return localised_url(target, request=context.get("request"))


@register.simple_tag(takes_context=True)
def other_language(context, target) -> str:
    """The hreflang ("en-GB") of a page shown as a card when it is not in the current language
    (an English page listed on a Welsh page), else "". Inside a page that is itself shown in
    another language (the fallback notice is at the top) it is "" too: no note on every card."""
    if page_is_fallback(page=context.get("page"), request=context.get("request")):
        return ""
    return page_other_language(target, request=context.get("request"))


@register.simple_tag
def authored_language() -> str:
    """The hreflang of text written in the site's default language only (meetings, organiser
    notes: models with no translations), when the reader's language is another one, else "".
    Put ``lang="{{ lang }}"`` on that text so a Welsh page marks its English parts."""
    default = settings.LANGUAGE_CODE
    if translation.get_language() == default:
        return ""
    return HREFLANG.get(default, default)
