"""Site search source for participation methods (snippets with their own public page);
registered in CaseStudiesConfig.ready(). Case study pages are found as Wagtail pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.search import (
    MAX_RESULTS_PER_SOURCE,
    SearchResult,
    filter_all_words,
    register_search_source,
)

from .models import Method


def search_methods(query: str) -> list[SearchResult]:
    methods = filter_all_words(
        Method.objects.all(), query=query, fields=["name", "description"], title_field="name"
    ).order_by("-_title_hit", "sort_order", "name")[:MAX_RESULTS_PER_SOURCE]
    return [
        SearchResult(title=m.name, url=m.get_absolute_url(), summary=m.description[:300])
        for m in methods
    ]


def register() -> None:
    register_search_source("method", _("Participation methods"), search_methods, order=15)
