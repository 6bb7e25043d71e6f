"""Welsh and English: the language switcher, hreflang alternates and remembering a member's choice.

English is served unprefixed and Welsh under /cy/ (``i18n_patterns``). For a Wagtail page the
other language's URL is its live translation's URL when there is one; otherwise (and for every
other view) it is ``django.urls.translate_url`` of the current path, which for a Wagtail page
with no Welsh translation is still served: ``BasePage.route`` falls back to the English tree and
the page says, in Welsh, that it is not yet available in Welsh (docs/welsh.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

# hreflang values (BCP 47) for the LANGUAGES codes.
HREFLANG = {"en-gb": "en-GB", "cy": "cy"}
LANGUAGE_NAMES = {"en-gb": "English", "cy": "Cymraeg"}


@dataclass(frozen=True)
class Alternate:
    language: str  # a LANGUAGES code
    hreflang: str
    name: str  # the language's own name ("Cymraeg")
    url: str  # path and query


def _wagtail_page(page):
    from wagtail.models import Page

    return page if isinstance(page, Page) else None


def page_alternate_urls(*, request: HttpRequest, page=None) -> dict[str, str]:
    """The URL of this page in each language (path and query), keyed by LANGUAGES code."""
    path = request.get_full_path()
    urls = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    page = _wagtail_page(page)
    if page is not None and page.pk:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            code = translated.locale.language_code
            if code in urls:
                url = translated.get_url(request)
                if url:
                    urls[code] = url
    return urls


def alternates_for(*, request: HttpRequest, page=None) -> list[Alternate]:
    urls = page_alternate_urls(request=request, page=page)
    return [
        Alternate(
            language=code,
            hreflang=HREFLANG.get(code, code),
            name=LANGUAGE_NAMES.get(code, code),
            url=urls[code],
        )
        for code, _name in settings.LANGUAGES
    ]


def page_is_fallback(*, page, language: str | None = None) -> bool:
    """True when a Wagtail page in another language is being shown in this language's interface
    (an English page served under /cy/ because it has no Welsh translation yet)."""
    page = _wagtail_page(page)
    if page is None or not page.pk:
        return False
    language = language or translation.get_language()
    return page.locale.language_code != language


def user_language_remember(*, user, language: str) -> None:
    """Save a signed-in member's chosen language (used for their e-mails)."""
    if language not in dict(settings.LANGUAGES):
        return
    if getattr(user, "is_authenticated", False) and user.preferred_language != language:
        get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language


def _same_origin(request: HttpRequest) -> bool:
    """The POST came from a page of this site (Origin, else Referer): the switcher has no CSRF
    token, so that pages (including cookie-free ones such as unsubscribe) set no CSRF cookie."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(source)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


@csrf_exempt
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """POST ``language`` and ``next`` (the same page in that language, computed by the
    switcher): redirect there, set the language cookie, and remember a signed-in member's
    choice when the request came from this site. (Django's ``set_language`` would re-translate
    ``next`` in the wrong language when English is unprefixed: /cy/events/ -> /cy/cy/events/.)"""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if _same_origin(request):
            user_language_remember(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
