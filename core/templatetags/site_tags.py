from django import template
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.content_cache import content_cached, request_site
from core.http import absolute_url as _absolute_url
from core.i18n import localised_url, page_other_language, pages_localised
from core.models import SiteSettings
from core.selectors import navigation_links

register = template.Library()


def _site_name(request) -> str:
    """The site's name from its settings, or "" when no Wagtail Site serves the request (a
    fresh database, a test without a page tree): the caller falls back to the default name."""
    if request is None or request_site(request) is None:
        return ""
    return SiteSettings.for_request(request).site_name  # per content version (core.models)


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The editable main links as (URL in the current language, label in it), kept per content
    version, site and language (core.content_cache): no query once cached."""
    request = context.get("request")
    site = request_site(request)
    links = []
    if site is not None:
        language = translation.get_language()
        links = content_cached(
            f"navigation:{site.pk}:{language}",
            lambda: [
                (localised_url(link.target, request=request), link.localised_label)
                for link in navigation_links(site=site)
            ],
            request=request,
        )
    path = request.path if request else ""
    return {"links": links, "current_path": path, "request": request}


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The site's name in the current language (SiteSettings.organisation_name[_cy])."""
    request = context.get("request")
    name = _site_name(request)
    return name or _("Public participation community")


@register.simple_tag(takes_context=True)
def may_use_admin(context) -> bool:
    """Whether ``{% wagtailuserbar %}`` has anything to show (the person may use the admin), in
    one query for a signed-in member instead of loading every permission they hold (two), unless
    the request has loaded them already."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or hasattr(user, "_perm_cache"):
        return user.has_perm("wagtailadmin.access_admin")
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        content_type__app_label="wagtailadmin",
        codename="access_admin",
    ).exists()


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Breadcrumbs for the current page. Views set ``breadcrumbs`` in the context to a list of
    (label, url) pairs, the last one being the current page (url None); Wagtail pages get
    their live ancestors below the root automatically. The home page shows none."""
    crumbs = context.get("breadcrumbs")
    page = context.get("page")
    request = context.get("request")
    if not crumbs and page is not None and getattr(page, "depth", 0) > 2:
        site = request_site(request)
        language = translation.get_language()
        key = f"breadcrumbs:{site.pk if site else 0}:{language}:{page.pk}"
        ancestors = content_cached(key, lambda: _ancestor_crumbs(page, request), request=request)
        # The page's own title is read from the page itself (a new title needs no new frame).
        own = (page.title, None, page_other_language(page, request=request))
        return {"crumbs": [*ancestors, own]}
    return {
        "crumbs": [
            (label, localised_url(url, request=request) if url else None)
            for label, url in crumbs or []
        ]
    }


def _ancestor_crumbs(page, request) -> list[tuple]:
    ancestors = page.get_ancestors().filter(depth__gt=1).live().specific(defer=True)
    # On a Welsh page, an English ancestor's place is taken by its Welsh translation; an
    # English title left on a Welsh page is marked as English. The home page is "Home", as
    # in the views' breadcrumbs.
    return [
        (
            _("Home") if crumb.depth == 2 else crumb.title,
            localised_url(crumb, request=request),
            "" if crumb.depth == 2 else page_other_language(crumb, request=request),
        )
        for crumb in pages_localised(ancestors, request=request)
    ]


@register.simple_tag(takes_context=True)
def absolute_url(context, target):
    """``{% absolute_url page as url %}``: the absolute canonical URL (from SITE_URL) of a
    page, a model with ``get_absolute_url()`` or a path. See core.http.absolute_url."""
    return _absolute_url(target, request=context.get("request"))


@register.filter
def elided_page_range(page_obj):
    """Page numbers around the current page, with Paginator.ELLIPSIS for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context):
    """Canonical URL and Open Graph metadata for a Wagtail page (nothing for other views, or
    when ``page`` in the context is not a Wagtail page)."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page):
        return {}
    url = _absolute_url(page, request=request)
    if not url:
        return {}
    site_name = _site_name(request)
    page = getattr(page, "specific_deferred", page)
    description = (
        page.search_description
        or getattr(page, "listing_summary", "")
        or getattr(page, "summary", "")
        or ""
    )
    return {
        "canonical_url": url,
        "og_title": page.seo_title or page.title,
        "og_description": description,
        "og_type": "article" if page.depth > 2 else "website",
        "site_name": site_name,
    }
