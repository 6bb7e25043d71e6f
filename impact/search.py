"""Site search and sitemap.xml entries for organisation pages and the dashboard (registered in
ImpactConfig.ready())."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from core.search import (
    MAX_RESULTS_PER_SOURCE,
    SearchResult,
    filter_all_words,
    register_search_source,
)
from core.sitemaps import NamedURLSitemap, register_sitemap

from .organisations import organisations_public


def search_organisations(query: str) -> list[SearchResult]:
    organisations = filter_all_words(
        organisations_public(), query=query, fields=["name", "region"], title_field="name"
    ).order_by("-_title_hit", "name", "pk")[:MAX_RESULTS_PER_SOURCE]
    return [
        SearchResult(
            title=organisation.name,
            url=organisation.get_absolute_url(),
            summary=" · ".join(
                part for part in (str(organisation.get_kind_display()), organisation.region) if part
            ),
            meta=_("Organisation"),
        )
        for organisation in organisations
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
