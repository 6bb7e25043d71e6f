"""sitemap.xml: every live Wagtail page (wagtail.contrib.sitemaps) plus registered sitemaps
for public pages that are not Wagtail pages (events, unconference schedules...).

Apps register a ``django.contrib.sitemaps.Sitemap`` subclass from ``AppConfig.ready()``::

    from participation.sitemaps import register_sitemap

    class EventSitemap(Sitemap):
        def items(self):
            return Meeting.objects.public()      # only what anonymous visitors may see
        def lastmod(self, meeting):
            return meeting.updated_at            # location() defaults to get_absolute_url()

    register_sitemap("events", EventSitemap)

For a handful of fixed named URLs use ``NamedURLSitemap(["events:list", ...])``.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view

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


def sitemaps() -> dict:
    return {"pages": WagtailSitemap, **_SITEMAPS}


def sitemap(request):
    """The sitemap view: Wagtail's view (which knows the request's site) with our sections."""
    return wagtail_sitemap_view(request, sitemaps=sitemaps())
