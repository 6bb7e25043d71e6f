"""Site search (/search/): Wagtail pages plus sources that other apps register.

Wagtail pages of every type (case studies, guidance, updates, standard pages...) are searched
in one ranked query through Wagtail's search backend (PostgreSQL full-text search in production)
and grouped by page type. That query returns only the id and content type of the best
``MAX_RESULTS_PER_SOURCE`` matches (no page rows, no search text); the pages shown are then
loaded by their ids: every group's preview in one query (``load_previews``), or the one page of
a kind being paged through (``PageHits``). The kind of a page result is its model name
(``casestudypage``, ``guidepage``, ``updatepage``...) and its label the model's
``verbose_name_plural``.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.text import capfirst
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

logger = logging.getLogger(__name__)

MAX_RESULTS_PER_SOURCE = 200
GROUP_PREVIEW_SIZE = 5
# How many page results one query loads when a whole group is read.
PAGE_LOAD_CHUNK = 20
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
    """One kind of result. ``results`` is a list (registered sources) or a ``PageHits`` (pages),
    which loads only the results that are read: the preview, or the page being shown."""

    kind: str
    label: str
    results: Sequence[SearchResult] = field(default_factory=list)
    order: int = 100

    @property
    def count(self) -> int:
        return len(self.results)

    @property
    def preview(self) -> list[SearchResult]:
        return list(self.results[:GROUP_PREVIEW_SIZE])


class PageHits(Sequence):
    """The matching pages of one kind, best first, as ``(pk, content_type_id)`` pairs from the
    ranked query. Reading a slice loads that slice's pages (one query, with only those ids), so
    the grouped page reads the previews and a paginated kind reads one page: never every match.
    The groups of one search share what is loaded (``loaded``): ``load_previews`` reads every
    group's preview in one query."""

    def __init__(self, hits: list[tuple[int, int]], loaded: dict[int, SearchResult]):
        self._hits = hits
        self._loaded = loaded

    def __len__(self) -> int:
        return len(self._hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self._hits[index]
            _load_pages(wanted, into=self._loaded)
            return [self._loaded[pk] for pk, _ct in wanted if pk in self._loaded]
        pk, content_type_id = self._hits[index]
        _load_pages([(pk, content_type_id)], into=self._loaded)
        return self._loaded[pk]

    def __iter__(self):
        for start in range(0, len(self._hits), PAGE_LOAD_CHUNK):
            yield from self[start : start + PAGE_LOAD_CHUNK]


def load_previews(groups: list[SearchGroup]) -> None:
    """Load the previews of every page group in one query (the grouped results page)."""
    page_groups = [group.results for group in groups if isinstance(group.results, PageHits)]
    if page_groups:
        wanted = [hit for hits in page_groups for hit in hits._hits[:GROUP_PREVIEW_SIZE]]
        _load_pages(wanted, into=page_groups[0]._loaded)


def _path_from_page(model) -> str:
    """The select_related path from Page down to ``model`` (multi-table inheritance): ""
    for Page itself, "casestudypage" for a direct subclass, "a__b" further down."""
    names: list[str] = []
    while model is not Page and model._meta.parents:
        parent, link = next(iter(model._meta.parents.items()))
        names.append(link.related_query_name())
        model = parent
    return "__".join(reversed(names))


def _load_pages(hits: list[tuple[int, int]], *, into: dict[int, SearchResult]) -> None:
    """Load the pages of ``hits`` as their specific types in one query (each page type's table
    joined to the page's row) and store their results ``into``. A result shows a title, a
    summary and a link: the bodies (StreamFields) stay in the database."""
    paths: dict[int, str] = {}
    pks: list[int] = []
    for pk, content_type_id in hits:
        if pk in into:
            continue
        if content_type_id not in paths:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None or not issubclass(model, Page):
                continue
            paths[content_type_id] = _path_from_page(model)
        pks.append(pk)
    if not pks:
        return
    related = sorted({path for path in paths.values() if path})
    deferred = []
    for content_type_id, path in paths.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        prefix = f"{path}__" if path else ""
        deferred += [
            f"{prefix}{f.name}"
            for f in model._meta.concrete_fields
            if isinstance(f, StreamField) and f.model is model
        ]
    pages = Page.objects.filter(pk__in=pks).select_related(*related).defer(*sorted(set(deferred)))
    for page in pages:
        path = paths.get(page.content_type_id)
        if path is None:
            continue
        specific = page
        for name in path.split("__") if path else ():
            specific = getattr(specific, name, None)
            if specific is None:
                break
        if specific is not None:
            into[page.pk] = _page_result(specific)


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


def _page_result(page) -> SearchResult:
    meta = page._meta
    return SearchResult(
        title=getattr(page, "card_title", page.title),
        url=page.url or "",
        summary=_page_summary(page),
        meta=force_str(meta.verbose_name).capitalize(),
    )


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
    # make one each, for the same row on English pages). Wagtail's search accepts only plain
    # filters on indexed fields, so the ids are read first (two rows at most, not page ids).
    locale_ids = list(
        Locale.objects.filter(language_code__in=_search_language_codes()).values_list(
            "pk", flat=True
        )
    )
    if locale_ids:
        pages = pages.filter(locale_id__in=locale_ids)
    hits = _ranked_hits(pages.search(terms, operator="and")[:limit])
    by_kind: dict[str, list[tuple[int, int]]] = {}
    loaded: dict[int, SearchResult] = {}
    groups: dict[str, SearchGroup] = {}
    for pk, content_type_id in hits:
        # ContentType's manager caches its rows: no query after the first request.
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        meta = model._meta
        if meta.model_name not in groups:
            by_kind[meta.model_name] = []
            groups[meta.model_name] = SearchGroup(
                kind=meta.model_name,
                label=capfirst(force_str(meta.verbose_name_plural)),
                results=PageHits(by_kind[meta.model_name], loaded),
                order=PAGE_KIND_ORDER.get(meta.model_name, 50),
            )
        by_kind[meta.model_name].append((pk, content_type_id))
    return list(groups.values())


def _ranked_hits(results) -> list[tuple[int, int]]:
    """``(pk, content_type_id)`` of a sliced Wagtail search, in its ranked order. The database
    backends (PostgreSQL, SQLite) give their ranked queryset, of which only the two columns are
    selected: not the pages' rows nor their search vectors. Other backends give page objects."""
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return list(get_queryset().values_list("pk", "content_type_id"))
    return [(page.pk, page.content_type_id) for page in results]


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
