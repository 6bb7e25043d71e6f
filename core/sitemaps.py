"""sitemap.xml: every live Wagtail page (wagtail.contrib.sitemaps) plus registered sitemaps
for public pages that are not Wagtail pages (events, unconference schedules...).

Apps register a ``django.contrib.sitemaps.Sitemap`` subclass from ``AppConfig.ready()``::

    from core.sitemaps import register_sitemap

    class EventSitemap(Sitemap):
        def items(self):
            return Meeting.objects.public()      # only what anonymous visitors may see
        def lastmod(self, meeting):
            return meeting.updated_at            # location() defaults to get_absolute_url()

    register_sitemap("events", EventSitemap)

For a handful of fixed named URLs use ``NamedURLSitemap(["events:list", ...])``.
"""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import prepare_sitemaps
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view

from .http import site_origin

_SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {}


def register_sitemap(name: str, sitemap: type[Sitemap] | Sitemap) -> None:
    """Add (or replace) a section of sitemap.xml; ``name`` must be unique ("events")."""
    if name == "pages":
        raise ValueError("'pages' is the Wagtail page sitemap")
    _SITEMAPS[name] = sitemap


def unregister_sitemap(name: str) -> None:
    _SITEMAPS.pop(name, None)


class NamedURLSitemap(Sitemap):
    """Fixed public URLs given by URL name."""

    def __init__(self, url_names: list[str]):
        self.url_names = list(url_names)

    def items(self):
        return self.url_names

    def location(self, item):
        return reverse(item)


def _at_origin(url: str) -> str:
    """``url`` with the scheme and host of SITE_URL (the path and query kept)."""
    origin = urlsplit(site_origin())
    parts = urlsplit(url)
    return urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, parts.fragment))


class PageSitemap(WagtailSitemap):
    """Every live public page, each ``<loc>`` at SITE_URL's origin (not wagtailcore.Site's)."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            url_info["location"] = _at_origin(url_info["location"])
        return urls


def sitemaps() -> dict:
    return {"pages": PageSitemap, **_SITEMAPS}


def sitemap(request):
    """The sitemap view: Wagtail's view (which knows the request's site) with our sections,
    every ``<loc>`` starting with SITE_URL rather than the Host the request came in on."""
    sections = prepare_sitemaps(request, sitemaps())
    origin = urlsplit(site_origin())
    for name, section in sections.items():
        if isinstance(section, type):  # a Django Sitemap class: this request's own instance
            section = sections[name] = section()
        if not isinstance(section, WagtailSitemap):
            section.protocol = origin.scheme
            section.get_domain = lambda site=None, netloc=origin.netloc: netloc
    return wagtail_sitemap_view(request, sitemaps=sections)
