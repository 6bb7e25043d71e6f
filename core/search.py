"""Site search (/search/): Wagtail pages plus sources that other apps register.

Wagtail pages of every type (case studies, guidance, updates, standard pages...) are searched
in one ranked query through Wagtail's search backend (PostgreSQL full-text search in production)
and grouped by page type. The kind of a page result is its model name (``casestudypage``,
``guidepage``, ``updatepage``...) and its label the model's ``verbose_name_plural``.

Plain Django models (events, unconference sessions) plug in their own source from their
``AppConfig.ready()``::

    from core.search import SearchResult, register_search_source

    def search_events(query: str) -> list[SearchResult]:
        # Return at most MAX_RESULTS_PER_SOURCE public items, best match first.
        return [
            SearchResult(title=m.title, url=m.get_absolute_url(), summary=m.summary,
                         meta=f"{m.starts_at:%-d %B %Y}")
            for m in Meeting.objects.public().filter(title__icontains=query)[:200]
        ]

    register_search_source("event", _("Events"), search_events, order=30)

Contract for a source function ``fn(query) -> list[SearchResult]``:

- ``query`` is a non-empty, single-line string of at most 200 characters with control
  characters removed (the roof's search form, ``participation.forms.SearchForm``, makes sure);
- return only what an anonymous visitor may see (search results are public), best match first,
  at most ``MAX_RESULTS_PER_SOURCE`` items; the list's order is the ranking shown;
- never raise for odd input: a source that raises is logged and shown as empty, so one broken
  source cannot take the search page down.

``order`` sorts the groups on the results page (lower first); page kinds use ``PAGE_KIND_ORDER``
(default 50). Registering the same kind again replaces the earlier source (safe on reloads).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.text import capfirst
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

logger = logging.getLogger(__name__)

MAX_RESULTS_PER_SOURCE = 200
GROUP_PREVIEW_SIZE = 5
# Where page kinds sort among the groups (lower first); other page types get 50.
PAGE_KIND_ORDER = {"casestudypage": 10, "guidepage": 20, "updatepage": 40, "standardpage": 60}


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    summary: str = ""
    meta: str = ""


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: str
    fn: Callable[[str], list[SearchResult]]
    order: int = 100


@dataclass
class SearchGroup:
    kind: str
    label: str
    results: list[SearchResult] = field(default_factory=list)
    order: int = 100

    @property
    def count(self) -> int:
        return len(self.results)

    @property
    def preview(self) -> list[SearchResult]:
        return self.results[:GROUP_PREVIEW_SIZE]


_SOURCES: dict[str, SearchSource] = {}


def register_search_source(
    kind: str, label, fn: Callable[[str], list[SearchResult]], *, order: int = 100
) -> None:
    """Add (or replace) a search source. ``kind`` is a slug used in ``?kind=``."""
    _SOURCES[kind] = SearchSource(kind=kind, label=label, fn=fn, order=order)


def unregister_search_source(kind: str) -> None:
    _SOURCES.pop(kind, None)


def search_sources() -> list[SearchSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.kind))


def _page_summary(page) -> str:
    for attribute in ("listing_summary", "summary", "search_description", "intro"):
        value = getattr(page, attribute, "")
        if value and isinstance(value, str):
            return value
    return ""


def search_terms(query: str) -> str:
    """The words of ``query`` without punctuation: the search backends build their own query
    syntax from it, and SQLite's FTS5 rejects stray quotes and braces (found by test_fuzz)."""
    return " ".join(re.findall(r"\w+", query))


def _search_language_codes() -> set[str]:
    codes = set()
    for language in (translation.get_language(), settings.LANGUAGE_CODE):
        with contextlib.suppress(LookupError):
            codes.add(get_supported_content_language_variant(language))
    return codes


def search_pages(*, query: str, limit: int = MAX_RESULTS_PER_SOURCE) -> list[SearchGroup]:
    """Live, public pages in the current (and default) language matching ``query``, by page type
    (each group keeps the backend's relevance order)."""
    terms = search_terms(query)
    if not terms:
        return []
    pages = Page.objects.live().public().filter(depth__gt=2)  # not the root or home pages
    # The current language, plus the default one: Welsh readers also find pages that have
    # no Welsh translation yet. One query for both (Locale.get_active() and get_default() would
    # make one each, for the same row on English pages).
    locale_ids = list(
        Locale.objects.filter(language_code__in=_search_language_codes()).values_list(
            "pk", flat=True
        )
    )
    if locale_ids:
        pages = pages.filter(locale_id__in=locale_ids)
    found = list(pages.search(terms, operator="and")[:limit])
    specific = Page.objects.filter(pk__in=[hit.pk for hit in found]).specific().in_bulk()
    groups: dict[str, SearchGroup] = {}
    for hit in found:
        page = specific.get(hit.pk)
        if page is None:
            continue
        meta = page._meta
        group = groups.get(meta.model_name)
        if group is None:
            group = groups[meta.model_name] = SearchGroup(
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


def site_search(*, query: str) -> list[SearchGroup]:
    """Every group with at least one result, in display order."""
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
                SearchGroup(
                    kind=source.kind,
                    label=force_str(source.label),
                    results=results,
                    order=source.order,
                )
            )
    return sorted(groups, key=lambda group: (group.order, group.label))


def filter_all_words(queryset, *, query: str, fields: list[str], title_field: str = "title"):
    """Helper for model sources: rows where every word of ``query`` appears (case-insensitive)
    in at least one of ``fields``; rows whose title holds the whole query rank first."""
    from django.db.models import BooleanField, Case, Q, Value, When

    words = search_terms(query).split()[:10]
    if not words:
        return queryset.none()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(any_field)
    in_title = Case(
        When(**{f"{title_field}__icontains": " ".join(words)}, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return queryset.annotate(_title_hit=in_title).order_by("-_title_hit")
