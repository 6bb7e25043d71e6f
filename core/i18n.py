"""Welsh and English: the language switcher, hreflang alternates and remembering a member's choice.

English is served unprefixed and Welsh under /cy/ (``i18n_patterns``). For a Wagtail page the
other language's URL is its live translation's URL when there is one; otherwise (and for every
other view) it is ``django.urls.translate_url`` of the current path, which for a Wagtail page
with no Welsh translation is still served: ``BasePage.route`` falls back to the English tree and
the page says, in Welsh, that it is not yet available in Welsh (docs/welsh.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from .content_cache import content_cached, request_site

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
        for code, url in _translation_urls(page, request=request):
            if code in urls and url:
                urls[code] = url
    return urls


def _translation_urls(page, *, request) -> list[tuple[str, str]]:
    """(LANGUAGES code, URL) of each live translation of ``page``, itself included: one query,
    kept per content version (core.content_cache) by the site serving the request."""

    def build():
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return [(t.locale.language_code, t.get_url(request)) for t in translations]

    site = request_site(request)
    # The page's own path is in the key: a leaf page published under a new slug needs no new
    # frame version (core.content_cache).
    key = f"alternates:{site.pk if site else 0}:{page.translation_key}:{page.url_path}"
    return content_cached(key, build, request=request)


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


def page_is_fallback(*, page, language: str | None = None, request=None) -> bool:
    """True when a Wagtail page in another language is being shown in this language's interface
    (an English page served under /cy/ because it has no Welsh translation yet). With the
    ``request``, the locale map is read from the cache once per request, not once per call
    (a listing asks for every card)."""
    page = _wagtail_page(page)
    if page is None or not page.pk:
        return False
    language = language or translation.get_language()
    return _locale_code(page.locale_id, request) != language


def _locale_code(locale_id: int, request=None) -> str | None:
    """The LANGUAGES code of a Locale pk (from the cached locale map: no query)."""
    return next((code for code, pk in _locale_ids(request).items() if pk == locale_id), None)


# --- Links: the URL of a page or path in the current language ------------------------------
#
# Every internal link on a page goes through ``localised_url`` (the ``{% localurl %}`` template
# tag): on a Welsh page it leads to the Welsh page where one is live, otherwise to the English
# page under the /cy/ prefix, which BasePage.route serves with the "not yet in Welsh" notice.

# A request remembers the live pages of its language up to this many (one query); a site with
# more translations looks each linked page up on its own (one query per page, remembered).
TRANSLATION_MAP_LIMIT = 500


def path_language(path: str) -> str:
    """The LANGUAGES code a path on this site is in (/cy/... is Welsh; unprefixed is English)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def path_in_language(url: str, language: str | None = None) -> str:
    """A path on this site (query and fragment kept) as it is in ``language`` (default: the
    active one): ``/events/`` -> ``/cy/events/`` and back. URLs outside ``i18n_patterns`` (the
    admin, calendar feeds), other sites, ``mailto:``, fragments and relative links come back
    unchanged, as does a path that does not resolve."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    parts = urlsplit(str(url))
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return str(url)
    source = path_language(parts.path)
    if source == language:
        return str(url)
    try:
        with translation.override(source):
            match = resolve(unquote(parts.path))
    except Resolver404:
        return str(url)
    name = match.view_name if match.url_name else match.func
    try:
        with translation.override(language):
            path = reverse(name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return str(url)
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def locale_default() -> Locale:
    """The default language's Locale (Locale.get_default), kept per content version."""
    return content_cached("locale-default", Locale.get_default)


def _locale_ids(request) -> dict[str, int]:
    """LANGUAGES code -> Locale pk (kept per content version, remembered on the request)."""
    return content_cached(
        "locale-ids",
        lambda: dict(Locale.objects.values_list("language_code", "pk")),
        request=request,
    )


def _live_translation(page, *, locale_id: int, request):
    """The live page in ``locale_id`` with ``page``'s translation key, or None: a lightweight
    Page (id and url_path: enough for get_url) from the request's map of that locale's live
    pages (one query per request), or one query when the locale has too many to remember."""
    from wagtail.models import Page

    store = getattr(request, "_live_translations", None) if request is not None else None
    if store is None:
        store = {}
        if request is not None:
            request._live_translations = store
    if locale_id not in store:

        def build():
            rows = list(
                Page.objects.live()
                .filter(locale_id=locale_id)
                .values_list("translation_key", "pk", "url_path")[: TRANSLATION_MAP_LIMIT + 1]
            )
            if len(rows) > TRANSLATION_MAP_LIMIT:
                return None  # too many: look pages up one by one
            return {key: (pk, url_path) for key, pk, url_path in rows}

        store[locale_id] = content_cached(f"live-pages:{locale_id}", build)
    known = store[locale_id]
    if known is not None:
        row = known.get(page.translation_key)
    else:
        memo = store.setdefault(("one", locale_id), {})
        if page.translation_key not in memo:
            memo[page.translation_key] = (
                Page.objects.live()
                .filter(locale_id=locale_id, translation_key=page.translation_key)
                .values_list("pk", "url_path")
                .first()
            )
        row = memo[page.translation_key]
    if row is None:
        return None
    return Page(
        pk=row[0], url_path=row[1], locale_id=locale_id, translation_key=page.translation_key
    )


def _page_language(page, request) -> str | None:
    """The language of the site root a page sits under, from Wagtail's cached site root paths
    (the same lookup ``Page.get_url_parts`` makes; no query), or None."""
    roots = page._get_relevant_site_root_paths(request)
    return roots[0].language_code if roots else None


def page_url_in_language(page, *, request=None, language: str | None = None) -> str:
    """The URL of a Wagtail page for a reader of ``language`` (default: the active one): its
    live translation in that language where there is one; otherwise, for a page in the default
    language, that page under the language's prefix (served with the "not yet in Welsh"
    notice); otherwise the page's own URL."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if _page_language(page, request) == language:  # no query for a page in the language
        return page.get_url(request) or ""
    locale_ids = _locale_ids(request)
    locale_id = locale_ids.get(language)
    if locale_id is None or page.locale_id == locale_id:
        return page.get_url(request) or ""
    translated = _live_translation(page, locale_id=locale_id, request=request)
    if translated is not None:
        return translated.get_url(request) or ""
    url = page.get_url(request) or ""
    if page.locale_id == locale_ids.get(settings.LANGUAGE_CODE):
        return path_in_language(url, language)
    return url


def localised_url(target, *, request=None, language: str | None = None) -> str:
    """The URL of ``target`` (a Wagtail page, or a path on this site) in the current language:
    the one function behind every internal link (template tag ``{% localurl %}``)."""
    if target is None or target == "":
        return ""
    if _wagtail_page(target) is not None:
        return page_url_in_language(target, request=request, language=language)
    return path_in_language(str(target), language)


def pages_localised(pages, *, language: str | None = None, request=None) -> list:
    """Each page replaced by its live translation in ``language`` (default: the active one)
    where there is one, in the same order (one query for the lot; specific pages)."""
    from wagtail.models import Page

    pages = list(pages)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    locale_id = _locale_ids(request).get(language)
    wanted = [p.translation_key for p in pages if locale_id and p.locale_id != locale_id]
    if not wanted:
        return pages
    found = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(locale_id=locale_id, translation_key__in=wanted)
        .defer_streamfields()  # for cards and breadcrumbs: no bodies
        .specific()
    }
    return [found.get(p.translation_key, p) if p.locale_id != locale_id else p for p in pages]


def page_other_language(page, *, request=None, language: str | None = None) -> str:
    """The hreflang of a Wagtail page's language when it is not ``language`` (default: the
    active one), else "": a card for an English page on a Welsh page says so."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    page = _wagtail_page(page)
    if page is None or _page_language(page, request) == language:
        return ""
    locale_ids = _locale_ids(request)
    if page.locale_id == locale_ids.get(language):
        return ""
    code = next((code for code, pk in locale_ids.items() if pk == page.locale_id), "")
    return HREFLANG.get(code, code)


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
