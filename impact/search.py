"""Site search and sitemap.xml entries for organisation pages and the dashboard (registered in
ImpactConfig.ready())."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from core.search import (
    MAX_RESULTS_PER_SOURCE,
    SearchResult,
    register_search_source,
    search_terms,
)
from core.sitemaps import NamedURLSitemap, register_sitemap

from .cache import impact_cached
from .organisations import organisations_public


def _searchable_organisations() -> list[tuple[str, str, str, str]]:
    """(name, region, kind label, URL) of every public organisation, cached by the impact
    version: a search reads it without a query (the search page has one query per source)."""
    return [
        (org.name, org.region, str(org.get_kind_display()), org.get_absolute_url())
        for org in organisations_public().order_by("name", "pk")
    ]


def search_organisations(query: str) -> list[SearchResult]:
    """Public organisations whose name or region holds every word of ``query``; a name
    holding the whole query first (core.search.filter_all_words' rule, in memory)."""
    words = [word.casefold() for word in search_terms(query).split()[:10]]
    if not words:
        return []
    phrase = " ".join(words)
    found = []
    for name, region, kind, url in impact_cached("search-organisations", _searchable_organisations):
        text = f"{name} {region}".casefold()
        if all(word in text for word in words):
            found.append((phrase not in name.casefold(), name, region, kind, url))
    found.sort(key=lambda item: (item[0], item[1]))
    return [
        SearchResult(
            title=name,
            url=url,
            summary=" · ".join(part for part in (kind, region) if part),
            meta=_("Organisation"),
        )
        for _rank, name, region, kind, url in found[:MAX_RESULTS_PER_SOURCE]
    ]


class OrganisationSitemap(Sitemap):
    def items(self):
        return organisations_public().order_by("name", "pk")

    def lastmod(self, organisation):
        return organisation.updated_at


def register() -> None:
    register_search_source("organisations", _l("Organisations"), search_organisations, order=35)
    register_sitemap("organisations", OrganisationSitemap)
    register_sitemap("impact", NamedURLSitemap(["impact:organisation_list", "impact:dashboard"]))
