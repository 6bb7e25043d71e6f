"""The site search as it was before issue 18 (core/search.py at commit 0112a1b), kept as the
reference the faster implementation is compared with (test_search_equivalence.py).

It loads the (at most MAX_RESULTS_PER_SOURCE) best-ranked matching pages, then every one of them
as its specific page, and groups them by page type; the registered sources run as they do in
core.search.
"""

from __future__ import annotations

import logging

from django.utils.encoding import force_str
from django.utils.text import capfirst
from wagtail.models import Locale, Page

from core.search import (
    GROUP_PREVIEW_SIZE,
    MAX_RESULTS_PER_SOURCE,
    PAGE_KIND_ORDER,
    SearchResult,
    _page_summary,
    _search_language_codes,
    search_sources,
    search_terms,
)

logger = logging.getLogger(__name__)


class ReferenceGroup:
    def __init__(self, kind, label, order, results=None):
        self.kind = kind
        self.label = label
        self.order = order
        self.results = list(results or [])

    @property
    def count(self) -> int:
        return len(self.results)

    @property
    def preview(self) -> list[SearchResult]:
        return self.results[:GROUP_PREVIEW_SIZE]


def search_pages(*, query: str, limit: int = MAX_RESULTS_PER_SOURCE) -> list[ReferenceGroup]:
    terms = search_terms(query)
    if not terms:
        return []
    pages = Page.objects.live().public().filter(depth__gt=2)
    locale_ids = list(
        Locale.objects.filter(language_code__in=_search_language_codes()).values_list(
            "pk", flat=True
        )
    )
    if locale_ids:
        pages = pages.filter(locale_id__in=locale_ids)
    found = list(pages.search(terms, operator="and")[:limit])
    specific = Page.objects.filter(pk__in=[hit.pk for hit in found]).specific().in_bulk()
    groups: dict[str, ReferenceGroup] = {}
    for hit in found:
        page = specific.get(hit.pk)
        if page is None:
            continue
        meta = page._meta
        group = groups.get(meta.model_name)
        if group is None:
            group = groups[meta.model_name] = ReferenceGroup(
                kind=meta.model_name,
                label=capfirst(force_str(meta.verbose_name_plural)),
                order=PAGE_KIND_ORDER.get(meta.model_name, 50),
            )
        group.results.append(
            SearchResult(
                title=getattr(page, "card_title", page.title),
                url=page.url or "",
                summary=_page_summary(page),
                meta=force_str(meta.verbose_name).capitalize(),
            )
        )
    return list(groups.values())


def site_search(*, query: str) -> list[ReferenceGroup]:
    if not query:
        return []
    groups = search_pages(query=query)
    for source in search_sources():
        try:
            results = list(source.fn(query))[:MAX_RESULTS_PER_SOURCE]
        except Exception:
            logger.exception("search source failed", extra={"kind": source.kind})
            continue
        if results:
            groups.append(
                ReferenceGroup(
                    kind=source.kind,
                    label=force_str(source.label),
                    results=results,
                    order=source.order,
                )
            )
    return sorted(groups, key=lambda group: (group.order, group.label))
