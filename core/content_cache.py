"""Reads that every page's frame makes (the site, its settings and navigation, the locales, a
page's translations and ancestors), kept in the cache under a *frame version* and remembered on
the request (docs/performance.md, "Cheap frames").

The frame version is bumped by every change the frame could show: a site, locale, view
restriction, site setting or navigation link saved or deleted; a page deleted, moved or
unpublished; and a live page saved (published) when it is the home page, has children (its title
and URL appear in their breadcrumbs), shares its translation key with another page (the language
switcher, hreflang alternates and translated links), or is a navigation target. So an edit shows
at once, while publishing an ordinary new page (a case study, a guide, a meeting) leaves the
frames cached. A value is stored under the version read *before* it was built, so a change made
meanwhile makes it stale at once; when the cache is down, values are read from the database.

Values are plain data or model instances that pickle (no request, no queryset).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from .cache_version import CacheVersion
from .page_cache import DRAFT_ONLY_FIELDS

logger = logging.getLogger(__name__)

# The entries are also dropped by the next content change; this bounds what an idle key keeps.
CONTENT_CACHE_SECONDS = 6 * 60 * 60
_MISSING = object()
_NO_SITE = "no-site"  # a cached "no Wagtail Site serves this host" (None is a cache miss)


VERSION_KEY = "frame-cache:version"


# The version every cached frame value is stored under (core/cache_version.py).
FRAME_VERSION = CacheVersion(VERSION_KEY, "frame cache")
frame_version = FRAME_VERSION.current
# Make every cached frame value out of date: now, and once more when the transaction commits (a
# request reading the old rows meanwhile would store them under the new version). A receiver.
frame_bump = FRAME_VERSION.bump


def _version(request, version: CacheVersion) -> str:
    """The version's current value, read once per request (a change made while the request
    renders is seen by the next one; values it stores are then already stale)."""
    if request is None:
        return version.current()
    seen = request.__dict__.setdefault("_cache_versions", {})
    if version.key not in seen:
        seen[version.key] = version.current()
    return seen[version.key]


def content_cached(
    key: str, build: Callable[[], Any], *, request=None, version: CacheVersion = FRAME_VERSION
) -> Any:
    """``build()``'s value for ``key`` under the current content ``version`` (the frame version
    unless told; the page-cache version for what changes with any published page): from the
    request's memo, else the cache, else built (and stored in both)."""
    memo = None
    memo_key = f"{version.key}|{key}"
    if request is not None:
        memo = request.__dict__.setdefault("_content_cached", {})
        if memo_key in memo:
            return memo[memo_key]
    try:
        full_key = f"{version.key}:{_version(request, version)}:{key}"
        value = cache.get(full_key, _MISSING)
    except Exception:  # the cache is down: read the database
        logger.exception("content cache: lookup failed")
        full_key, value = None, _MISSING
    if value is _MISSING:
        value = build()
        if full_key is not None:
            try:
                cache.set(full_key, value, timeout=CONTENT_CACHE_SECONDS)
            except Exception:
                logger.exception("content cache: store failed")
    if memo is not None:
        memo[memo_key] = value
    return value


def request_site(request) -> Site | None:
    """The Wagtail Site serving ``request`` (Site.find_for_request), from the content cache by
    host and port, and set where Wagtail looks for it (``request._wagtail_site``)."""
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site

    def build():
        site = Site._find_for_request(request)
        if site is None:
            return _NO_SITE
        # The root page as its own class: Wagtail's routing asks for ``root_page...specific``.
        site.root_page = site.root_page.specific
        return site

    key = f"site:{request._get_raw_host()}:{request.get_port()}"
    site = content_cached(key, build)
    site = None if site == _NO_SITE else site
    request._wagtail_site = site
    return site


def site_has_view_restrictions() -> bool:
    """Whether any page has a view restriction (private pages, passwords): while none has,
    Wagtail's per-page check and ``PageQuerySet.public()`` have nothing to read."""
    return content_cached("view-restrictions", PageViewRestriction.objects.exists)


def _page_in_frames(page) -> bool:
    """Whether a live page's row can appear in a cached frame value (see the module's doc).
    NavigationLink is looked up by name: core.models imports this module."""
    navigation_link = apps.get_model("core", "NavigationLink")
    return (
        page.depth <= 2
        or page.numchild > 0
        or Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).exists()
        or navigation_link.objects.filter(link_page_id=page.pk).exists()
    )


def _on_page_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return  # a draft saved: the live page is unchanged
    if not instance.live:
        if not created:
            frame_bump()  # unpublished (or a change to a page that is not live)
        return
    if _page_in_frames(instance):
        frame_bump()


def _on_settings_saved(sender, created=False, **kwargs) -> None:
    if not created:  # for_request() creating the row with its defaults while serving a page
        frame_bump()


def connect_frame_signals() -> None:
    """Called from CoreConfig.ready(): bump the frame version on what frames show."""
    for model in (Site, Locale, PageViewRestriction):
        label = model._meta.label
        post_save.connect(frame_bump, sender=model, dispatch_uid=f"frame_saved:{label}")
        post_delete.connect(frame_bump, sender=model, dispatch_uid=f"frame_deleted:{label}")
    for label in ("core.SiteSettings", "core.NavigationSettings"):
        post_save.connect(_on_settings_saved, sender=label, dispatch_uid=f"frame_saved:{label}")
        post_delete.connect(frame_bump, sender=label, dispatch_uid=f"frame_deleted:{label}")
    label = "core.NavigationLink"
    post_save.connect(frame_bump, sender=label, dispatch_uid=f"frame_saved:{label}")
    post_delete.connect(frame_bump, sender=label, dispatch_uid=f"frame_deleted:{label}")
    page_unpublished.connect(frame_bump, dispatch_uid="frame_unpublished")
    post_page_move.connect(frame_bump, dispatch_uid="frame_moved")
    for model in apps_page_models():
        label = model._meta.label
        post_save.connect(_on_page_saved, sender=model, dispatch_uid=f"frame_page_saved:{label}")
        post_delete.connect(frame_bump, sender=model, dispatch_uid=f"frame_page_deleted:{label}")


def apps_page_models() -> list:
    return [model for model in apps.get_models() if issubclass(model, Page)]


class ContentCacheMiddleware:
    """Before URL routing: the request's Wagtail Site comes from the content cache, so neither
    Wagtail's page view nor the frame's template tags query it (one query a page less).

    When the database cannot answer (down, or not migrated yet) the site is left to whoever
    needs it: /healthz must still answer 503 naming the database, and robots.txt needs no
    site at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request_site(request)
        except DatabaseError:
            logger.warning("content cache: the site could not be read", exc_info=True)
        return self.get_response(request)
