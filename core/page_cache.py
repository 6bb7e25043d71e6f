"""Whole-page cache for anonymous visitors of public Wagtail pages (docs/performance.md).

A page class opts in with ``CachedForAnonymousMixin``, a plain view class with
``page_cacheable = True`` (as the case study CSV and JSON exports); ``PageCacheMiddleware`` (last
in MIDDLEWARE) stores and serves the responses. A response is cached when, and only when:

- the request is a GET or HEAD without a session or messages cookie (so the visitor is anonymous
  and has no flash messages waiting), to a URL of Wagtail's page view or of such a view (admin
  previews are under /admin/ and never reach the cache);
- ``settings.PAGE_CACHE_SECONDS`` is above 0 (0 in tests, so other tests never see a stale page);
- the response is a 200, sets no cookie and used no CSRF token (a page with a form is never
  cached: its token is per visitor).

The key holds the language and the full path with its query string; the entry holds the
*content version* it was rendered under, and a lookup reads the current version and the entry in
one round trip: an entry of an older version is a miss. Any change to what such pages show (a
page published, unpublished, moved or deleted; a taxonomy term, organisation, meeting, site
setting, navigation link, tag, image, site, locale or view restriction saved or deleted; a
many-to-many link between them) bumps the version, so every cached page is out of date at once
(``page_cache_bump``); the entries themselves expire after ``PAGE_CACHE_SECONDS`` in any case.
Visitors who are signed in always get a fresh page. Hits carry ``X-Page-Cache: hit``.
"""

from __future__ import annotations

import hashlib
import logging
import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .cache_version import CacheVersion

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
# Bodies are kept zlib-compressed (a 45 KB index page is about 8 KB), and none above this size.
MAX_STORED_BYTES = 2 * 1024 * 1024
# Response headers worth keeping with a cached page (the middleware adds the security ones again).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Access-Control-Allow-Origin",
    "Link",
)


# The content version every cached page is stored under (core/cache_version.py).
PAGE_VERSION = CacheVersion(VERSION_KEY, "page cache")
page_cache_version = PAGE_VERSION.current
# Make every cached page out of date: now, and once more when the current transaction commits (a
# visitor rendering the old rows between the change and its commit would otherwise store them
# under the new version). A signal receiver.
page_cache_bump = PAGE_VERSION.bump


def _request_cacheable(request) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _route(path: str) -> str | None:
    """ "page" for Wagtail's page view (the page class decides whether its response is kept),
    "view" for a view class marked ``page_cacheable``, None for every other URL, which skips the
    cache lookup (no Redis round trip). Resolving costs no query."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name == "wagtail_serve":
        return "page"
    if getattr(getattr(match.func, "view_class", None), "page_cacheable", False):
        return "view"
    return None


def page_cache_key(request) -> str:
    path = request.get_full_path()
    digest = hashlib.sha256(f"{request.get_host()}|{path}".encode()).hexdigest()
    return f"page-cache:{get_language()}:{digest}"


def _lookup(key: str) -> tuple[str, tuple | None]:
    """(the current content version, the cached entry if it was stored under that version): one
    round trip to the cache (MGET) for the version and the entry together."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or page_cache_version()
    entry = found.get(key)
    if entry is None or entry[0] != version:
        return version, None  # never stored, or stored before the last content change
    return version, entry


def _store(key: str, version: str, request, response) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return  # the page holds a per-visitor CSRF token
    if len(response.content) > MAX_STORED_BYTES:
        return
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    body = zlib.compress(response.content, 1)
    # Stored under the version read *before* rendering: a change made meanwhile makes it stale.
    cache.set(key, (version, body, headers), timeout=settings.PAGE_CACHE_SECONDS)


class CachedForAnonymousMixin:
    """Wagtail ``Page`` mixin: this page's responses may be kept for anonymous visitors."""

    def serve(self, request, *args, **kwargs):
        request.page_cache_allowed = True
        return super().serve(request, *args, **kwargs)


class PageCacheMiddleware:
    """Last in MIDDLEWARE: a hit is answered before URL routing and Wagtail's page lookup (no
    database query), and still passes back through every other middleware (security headers,
    CSP, Content-Language). A miss is stored when the page class or view opted in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        route = _route(request.path_info) if _request_cacheable(request) else None
        if route is None:
            return self.get_response(request)
        if route == "view":
            request.page_cache_allowed = True
        key = page_cache_key(request)
        try:
            version, cached = _lookup(key)
        except Exception:  # the cache is down: serve the page as if there were no cache
            logger.exception("page cache: lookup failed")
            return self.get_response(request)
        if cached is not None:
            _version, body, headers = cached
            response = HttpResponse(zlib.decompress(body))
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            patch_vary_headers(response, ("Cookie",))
            return response
        response = self.get_response(request)
        if getattr(request, "page_cache_allowed", False):
            try:
                _store(key, version, request, response)
            except Exception:
                logger.exception("page cache: store failed")
            patch_vary_headers(response, ("Cookie",))
        return response


# Models whose rows appear on cached pages, besides pages themselves. Each app registers its own
# from AppConfig.ready() with page_cache_invalidated_by(); the page cache names no app. The ones
# below are Wagtail's and taggit's, registered by the ground (core.apps).
FRAMEWORK_CONTENT_MODELS = (
    "taggit.Tag",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
)
# Labels registered so far ("app_label.ModelName"), and the apps whose many-to-many changes
# (tags, related items through-tables) bump the version.
_content_models: set[str] = set()
_content_apps: set[str] = set()


def page_cache_invalidated_by(*labels: str) -> None:
    """Register models ("app_label.ModelName") whose rows appear on cached pages: saving or
    deleting one discards every cached page. Call from AppConfig.ready(); idempotent."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in labels:
        model = apps.get_model(label)
        label = f"{model._meta.app_label}.{model.__name__}"
        _content_models.add(label)
        _content_apps.add(model._meta.app_label)
        post_save.connect(_on_content_saved, sender=model, dispatch_uid=f"page_cache_saved:{label}")
        post_delete.connect(page_cache_bump, sender=model, dispatch_uid=f"page_cache_del:{label}")


def page_cache_content_models() -> frozenset[str]:
    """What has been registered (for tests and docs)."""
    return frozenset(_content_models)


# Page fields a draft save or autosave writes (save_revision, locking): the live page is unchanged.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _on_page_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return  # a draft saved or autosaved: publishing sends page_published
    page_cache_bump()


def _on_content_saved(sender, created=False, **kwargs) -> None:
    from wagtail.contrib.settings.models import BaseSiteSetting

    if created and issubclass(sender, BaseSiteSetting):
        return  # for_request() creating a settings row with its defaults while serving a GET
    page_cache_bump()


def _on_m2m_change(sender, **kwargs) -> None:
    if sender._meta.app_label in _content_apps:
        page_cache_bump()


def connect_page_cache_signals() -> None:
    """Bump the content version on every change a cached page could show (called from ready()).
    Receivers are connected per model (every page type here; content models as apps register
    them with page_cache_invalidated_by), so saving any other row (a registration, a reminder)
    runs none of this."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(page_cache_bump, dispatch_uid="page_cache_published")
    page_unpublished.connect(page_cache_bump, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(page_cache_bump, dispatch_uid="page_cache_moved")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")
    for model in apps.get_models():
        if not issubclass(model, Page):
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        _content_apps.add(model._meta.app_label)  # related-item through-tables of page apps
        post_save.connect(_on_page_saved, sender=model, dispatch_uid=f"page_cache_saved:{label}")
        post_delete.connect(page_cache_bump, sender=model, dispatch_uid=f"page_cache_del:{label}")
    page_cache_invalidated_by(*FRAMEWORK_CONTENT_MODELS)
