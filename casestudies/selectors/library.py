"""The faceted, searchable selection of case studies shared by the index page, the CSV/JSON
exports and the admin.

Facets are disjunctive: each option's count is computed with every OTHER facet applied (and the
search), so a visitor sees how many results ticking that option would give. AND across facets,
OR within one. The number of queries does not depend on the number of case studies.

How it stays in the database (issue 18, docs/performance.md):

- the search is a subquery: on PostgreSQL the queryset Wagtail's own search builds (its index
  table, its tsquery, its ranking) is filtered and sliced, never turned into a list of ids;
- every facet count, the total and the "remove this filter" counts come from ONE statement over
  one base set (a CTE: the searched live set, with one flag per selected facet), grouped over
  the columns and the through-tables;
- only the requested page of ids is ranked and loaded (LIMIT/OFFSET after a count);
- a search matching more than ``RANK_ALL_UP_TO`` case studies ranks only the ``RANK_NEWEST``
  newest of them; the rest follow newest first, and the page says so (``rank_capped``); a page
  among those newest reads and ranks only them, a page after them is read newest first at its
  offset, so no page of a common word joins every match to its index entry;
- the computed page of ids, the total and the counts are kept in the cache under the content
  version (``core.page_cache``), so signed-in members share them too.

On SQLite (the embedded default) the search backend gives a ranked list of ids, as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core.page_cache import page_cache_version

from ..enums import SortOrder
from ..models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPageTag,
    CaseStudySearchDocument,
    DataKind,
    LifecycleStage,
    Method,
    SystemKind,
)
from .pages import case_studies_live
from .query import FACETS, FACETS_BY_KEY, CaseStudyQuery, FacetSpec

logger = logging.getLogger(__name__)

PER_PAGE = 20
# Ranking a word found in most case studies means ts_rank over every matching body (0.5 s at
# 10,000 case studies, docs/performance.md): above this many matches, only the newest
# RANK_NEWEST matches are ranked by relevance and the rest follow, newest first.
RANK_ALL_UP_TO = 1000
RANK_NEWEST = 300
CACHE_PREFIX = "casestudies:selection"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: Any
    options: list[FacetOption]

    @property
    def selected_options(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


class _PageOfIds:
    """What ``Paginator`` pages through: the total is known, a slice is one LIMIT/OFFSET query
    (or the page already computed and cached)."""

    def __init__(self, *, total: int, fetch, known: tuple[int, list[int]] | None = None):
        self.total = total
        self.fetch = fetch  # (offset, limit) -> list of ids
        self.known = known  # (offset, ids) of the page already at hand

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: slice) -> list[int]:
        offset, stop = item.start or 0, item.stop
        limit = (stop if stop is not None else self.total) - offset
        if self.known is not None and self.known[0] == offset:
            return list(self.known[1])  # the same paginator gives the same slice for a number
        return self.fetch(offset, limit)


@dataclass
class CaseStudySelection:
    query: CaseStudyQuery
    count: int  # how many case studies match
    facets: list[Facet]
    ignored: list[tuple[str, str]]  # (facet key, value) dropped because unknown
    # Only when nothing matched: how many would match without each facet (or without the search).
    relaxed: list[tuple[str, Any, int]] = field(default_factory=list)
    page_number: int = 1  # the requested page (after falling back from bad numbers)
    page_ids: list[int] = field(default_factory=list)  # its ids, in display order
    rank_capped: bool = False  # a common word: only the newest RANK_NEWEST matches are ranked
    per_page: int = PER_PAGE
    _plan: _Plan | None = field(default=None, repr=False)
    _index: CaseStudyIndexPage | None = field(default=None, repr=False)

    @property
    def rank_limit(self) -> int:
        return RANK_NEWEST

    @property
    def active_filters(self) -> list[tuple[Facet, FacetOption]]:
        return [(facet, option) for facet in self.facets for option in facet.selected_options]

    @property
    def plan(self) -> _Plan:
        """How to read the matching case studies in display order (built on first use: a
        selection served from the cache needs it only for an export or another page size)."""
        if self._plan is None:
            self._plan = _plan(query=self.query, index=self._index)
            self._plan.rank_capped = self.rank_capped
        return self._plan

    def paginate(self, *, per_page: int = PER_PAGE) -> PaginatorPage:
        """The requested page (bad or out-of-range numbers fall back to the first or last page),
        with its case studies loaded for cards in a constant number of queries."""
        known = None
        if per_page == self.per_page and self.page_ids is not None:
            known = ((self.page_number - 1) * per_page, self.page_ids)
        ids = _PageOfIds(
            total=self.count, fetch=lambda offset, limit: self.plan.ids(offset, limit), known=known
        )
        page_obj = Paginator(ids, per_page).get_page(self.query.page)
        page_obj.object_list = case_studies_by_ids(ids=list(page_obj.object_list))
        return page_obj

    @cached_property
    def ids(self) -> list[int]:
        """Every matching id in display order (one query; for the admin and tests: the index
        page and the exports never hold this list)."""
        return self.plan.ids(0, None)

    def pages(self) -> list[CaseStudyPage]:
        """Every selected case study, in display order, with everything the open-data export
        needs."""
        return self.plan.pages()


def _facet_q(facet: FacetSpec, values: tuple[str, ...]) -> Q:
    if facet.kind == "field":
        return Q(**{f"{facet.field_name}__in": values})
    if facet.kind == "m2m":
        through = getattr(CaseStudyPage, facet.field_name).through
        target = facet.model._meta.model_name
        page_ids = through.objects.filter(**{f"{target}__slug__in": values}).values(
            "casestudypage_id"
        )
        return Q(pk__in=page_ids)
    page_ids = CaseStudyPageTag.objects.filter(tag__slug__in=values).values("content_object_id")
    return Q(pk__in=page_ids)


def _words(q: str) -> str:
    """Words only, lower case: punctuation and FTS operators (AND, NEAR, ";") never reach the
    search backend's query syntax."""
    return " ".join(re.findall(r"\w+", q.lower()))


def _in_database_search() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class _Plan:
    """The matching set as querysets: ``searched`` (live, under the index, matching the words),
    ``matching`` (and every facet), and how to order it."""

    searched: QuerySet
    filters: dict[str, Q]
    sort: str
    ranked: QuerySet | None = None  # PostgreSQL: Wagtail's ranked search queryset
    ranked_ids: list[int] | None = None  # SQLite: the backend's ranked id list
    rank_capped: bool = False

    @property
    def matching(self) -> QuerySet:
        return self.searched.filter(*self.filters.values()) if self.filters else self.searched

    def ordered(self) -> QuerySet:
        """The matching pages in display order (not for SQLite's relevance order)."""
        if self.sort == SortOrder.TITLE:
            return self.matching.order_by("title", "pk")
        if self.sort == SortOrder.RELEVANCE and self.ranked is not None:
            ranked = self.ranked.filter(*self.filters.values()) if self.filters else self.ranked
            if not self.rank_capped:
                return ranked  # Wagtail's order: rank, then newest id
            rank_if_newest = Case(
                When(pk__in=self._newest(), then=self._rank()),
                default=Value(None),
                output_field=FloatField(),
            )
            return ranked.order_by(
                rank_if_newest.desc(nulls_last=True), "-first_published_at", "-pk"
            )
        return self.matching.order_by("-first_published_at", "-pk")

    def _rank(self):
        return self.ranked.query.order_by[0].expression

    def _newest(self) -> QuerySet:
        """The ids of the RANK_NEWEST newest matches (a subquery)."""
        return self.matching.order_by("-first_published_at", "-pk").values("pk")[:RANK_NEWEST]

    def _capped_slice(self, offset: int, limit: int) -> QuerySet | None:
        """A page of the capped relevance order (``ordered()``) read without ranking or joining
        every match: a page within the newest RANK_NEWEST is those matches ranked (their index
        entries only); a page after them is the matches newest first, at the same offset (the
        newest RANK_NEWEST are that order's first rows). None for a page across the boundary."""
        if offset + limit <= RANK_NEWEST:
            ranked = self.ranked.filter(*self.filters.values()) if self.filters else self.ranked
            return ranked.filter(pk__in=self._newest()).order_by(
                self._rank().desc(nulls_last=True), "-first_published_at", "-pk"
            )[offset : offset + limit]
        if offset >= RANK_NEWEST:
            ordered = self.matching.order_by("-first_published_at", "-pk")
            return ordered[offset : offset + limit]
        return None

    def ids(self, offset: int, limit: int | None) -> list[int]:
        if limit == 0:
            return []
        if self.sort == SortOrder.RELEVANCE and self.ranked_ids is not None:
            keep = set(self.matching.values_list("pk", flat=True))
            ids = [pk for pk in self.ranked_ids if pk in keep]
            return ids[offset:] if limit is None else ids[offset : offset + limit]
        if self.sort == SortOrder.RELEVANCE and self.rank_capped and limit is not None:
            page = self._capped_slice(offset, limit)
            if page is not None:
                return list(page.values_list("pk", flat=True))
        ordered = self.ordered().values_list("pk", flat=True)
        return list(ordered[offset:] if limit is None else ordered[offset : offset + limit])

    def pages(self) -> list[CaseStudyPage]:
        if self.sort == SortOrder.RELEVANCE and self.ranked_ids is not None:
            return case_studies_by_ids(ids=self.ids(0, None), full=True)
        return list(_full(self.ordered().select_related("organisation")))


def _plan(*, query: CaseStudyQuery, index: CaseStudyIndexPage | None, selected=None) -> _Plan:
    live = case_studies_live(index=index)
    searched = live
    ranked = ranked_ids = None
    if query.q:
        words = _words(query.q)
        if not words:
            searched = live.none()
        elif _in_database_search():
            ranked = case_study_search_queryset(base=live, words=words)
            searched = ranked.order_by()  # the matches, unranked: no index entry is read
        else:
            ranked_ids = case_study_search_ids(base=live, words=words)
            searched = live.filter(pk__in=ranked_ids)
    if selected is None:
        selected = query.selected
    filters = {key: _facet_q(FACETS_BY_KEY[key], values) for key, values in selected.items()}
    return _Plan(
        searched=searched,
        filters=filters,
        sort=query.effective_sort,
        ranked=ranked,
        ranked_ids=ranked_ids,
    )


def case_study_search_top(
    *, words: str, index: CaseStudyIndexPage | None = None, limit: int = PER_PAGE
) -> list[int]:
    """The ids of the first ``limit`` case studies the library lists for a search of ``words``
    (no filter), best first: the first page of the index sorted by relevance, ranking cap
    included, without its counts. The site's "top 20" for a word, which ``make bench`` times.
    On PostgreSQL: one probe of whether more than ``RANK_ALL_UP_TO`` case studies match, then
    the page."""
    plan = _plan(query=CaseStudyQuery(q=words), index=index)
    if plan.ranked is not None:
        beyond = plan.searched.order_by().values("pk")[RANK_ALL_UP_TO : RANK_ALL_UP_TO + 1]
        plan.rank_capped = bool(list(beyond))
    return plan.ids(0, limit)


def _terms() -> dict[str, list[tuple[str, str, int]]]:
    """Every taxonomy's terms (value, label, pk) in their display order: one query."""
    models = {"method": Method, "stage": LifecycleStage, "data": DataKind, "system": SystemKind}
    parts = [
        model.objects.order_by()
        .annotate(facet=Value(key))
        .values_list("facet", "sort_order", "name", "slug", "pk")
        for key, model in models.items()
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("facet", "sort_order", "name")
    terms: dict[str, list[tuple[str, str, int]]] = {key: [] for key in models}
    for key, _order, name, slug, pk in rows:
        terms[key].append((slug, name, pk))
    return terms


def _counts_statement(
    searched: QuerySet, filters: dict[str, Q]
) -> tuple[int, dict[str, dict], list[tuple[str, str, int]], dict[str, int]]:
    """(total, {facet key: {value or term pk: count}}, tags used by the searched set (slug,
    name, pk) in name order, {selected facet key: count without it}) in ONE statement.

    The base set (``b``: the live, searched case studies with one flag column per selected
    facet) is a CTE computed once; each facet's options are counted over the rows whose flags
    for every OTHER facet hold (disjunctive counts), grouped over the page's column or the
    facet's through-table."""
    flags = {
        f"f_{key}": ExpressionWrapper(condition, output_field=BooleanField())
        for key, condition in filters.items()
    }
    columns = {f"c_{facet.key}": F(facet.field_name) for facet in FACETS if facet.kind == "field"}
    base = searched.order_by().values(b_id=F("pk"), **columns, **flags)
    try:
        base_sql, params = base.query.sql_with_params()
    except EmptyResultSet:  # a search with no words: nothing matches
        return 0, {facet.key: {} for facet in FACETS}, [], {key: 0 for key in filters}
    quote = connection.ops.quote_name

    text, number = "CAST(NULL AS TEXT)", "CAST(NULL AS BIGINT)"  # typed for UNION

    def where(*, without: str = "") -> str:
        kept = [f"b.{quote('f_' + key)}" for key in filters if key != without]
        return " AND ".join(kept) if kept else "1 = 1"

    # (facet, text value, id value, name, count)
    parts = [f"SELECT 'total', {text}, {number}, {text}, COUNT(*) FROM b WHERE {where()}"]  # noqa: S608 (code constants; values are parameters)
    for key in filters:
        parts.append(
            f"SELECT 'without', '{key}', {number}, {text}, COUNT(*) FROM b "  # noqa: S608 (code constants; values are parameters)
            f"WHERE {where(without=key)}"
        )
    for facet in FACETS:
        if facet.kind == "field":
            column = f"b.{quote('c_' + facet.key)}"
            parts.append(
                f"SELECT '{facet.key}', {column}, {number}, {text}, COUNT(*) FROM b "  # noqa: S608 (code constants; values are parameters)
                f"WHERE {where(without=facet.key)} GROUP BY {column}"
            )
        elif facet.kind == "m2m":
            through = getattr(CaseStudyPage, facet.field_name).through
            target = quote(f"{facet.model._meta.model_name}_id")
            table = quote(through._meta.db_table)
            # COUNT(*), not COUNT(DISTINCT): the through-table holds a (page, term) pair once
            # (Django's unique constraint), so the grouping is hashed instead of sorted.
            parts.append(
                f"SELECT '{facet.key}', {text}, t.{target}, {text}, COUNT(*) FROM b "  # noqa: S608 (code constants; values are parameters)
                f"JOIN {table} t ON t.casestudypage_id = b.b_id "
                f"WHERE {where(without=facet.key)} GROUP BY t.{target}"
            )
        else:
            # Every tag the searched set uses is an option (even with a zero count). taggit's
            # table does not forbid a repeated (page, tag) pair, so the pairs are made distinct
            # first, then counted per tag: COUNT(DISTINCT page), grouped by the tag id only.
            tagged = quote(CaseStudyPageTag._meta.db_table)
            tags = quote(Tag._meta.db_table)
            parts.append(
                f"SELECT 'tag', tag.slug, tag.id, tag.name, c.n FROM ("  # noqa: S608 (code constants; values are parameters)
                f"SELECT p.tag_id, COUNT(*) FILTER (WHERE p.k) AS n FROM ("
                f"SELECT DISTINCT t.tag_id, b.b_id, ({where(without='tag')}) AS k FROM b "
                f"JOIN {tagged} t ON t.content_object_id = b.b_id) p GROUP BY p.tag_id) c "
                f"JOIN {tags} tag ON tag.id = c.tag_id"
            )
    sql = (
        f"WITH b AS ({base_sql}) "
        + " UNION ALL ".join(parts)
        + " ORDER BY 1, 4"  # tags by name, in the database's collation (as before)
    )
    total = 0
    counts: dict[str, dict] = {facet.key: {} for facet in FACETS}
    used_tags: list[tuple[str, str, int]] = []
    without: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet_key, text, pk, name, number in cursor.fetchall():
            if facet_key == "total":
                total = number
            elif facet_key == "without":
                without[text] = number
            elif facet_key == "tag":
                used_tags.append((text, name, pk))
                counts["tag"][pk] = number
            elif pk is not None:
                counts[facet_key][pk] = number
            else:
                counts[facet_key][text] = number
    return total, counts, used_tags, without


def _cache_seconds() -> int:
    return getattr(settings, "CASE_STUDY_SELECTION_CACHE_SECONDS", settings.PAGE_CACHE_SECONDS)


def _cache_key(*, query: CaseStudyQuery, index, per_page: int, with_page: bool) -> str:
    """The normalised request: the search words, the selected values (sorted), the sort, the
    page; under the content version, so any content change makes every entry out of date."""
    normalised = json.dumps(
        [
            index.pk if index is not None else None,
            _words(query.q) if query.q else None,
            bool(query.q),
            sorted((key, sorted(values)) for key, values in query.selected.items()),
            query.effective_sort,
            query.page if with_page else None,
            per_page,
            RANK_ALL_UP_TO,
            RANK_NEWEST,
        ]
    )
    digest = hashlib.sha256(normalised.encode()).hexdigest()
    return f"{CACHE_PREFIX}:{page_cache_version()}:{get_language()}:{digest}"


def _existing_tags(query: CaseStudyQuery) -> dict[str, tuple[str, str, int]]:
    """The selected tags that exist: slug -> (slug, name, pk); no query when none is selected."""
    selected_tags = query.selected.get("tag", ())
    if not selected_tags:
        return {}
    return {
        tag.slug: (tag.slug, tag.name, tag.pk) for tag in Tag.objects.filter(slug__in=selected_tags)
    }


def _kept(
    query: CaseStudyQuery,
    *,
    terms: dict[str, list[tuple[str, str, int]]],
    existing_tags: dict[str, tuple[str, str, int]],
) -> dict[str, tuple[str, ...]]:
    """The selected values that name an option, in the order given (unknown slugs dropped).
    A selected tag that no matching case study uses is still a real filter (it gives an empty
    result), as long as the tag exists at all."""
    kept: dict[str, tuple[str, ...]] = {}
    for key, values in query.selected.items():
        facet = FACETS_BY_KEY[key]
        if facet.kind == "field":
            known = {value for value, _label in facet.choices}
        elif facet.kind == "m2m":
            known = {value for value, _label, _pk in terms[key]}
        else:
            known = set(existing_tags)
        chosen = tuple(value for value in values if value in known)
        if chosen:
            kept[key] = chosen
    return kept


def _compute(*, query: CaseStudyQuery, index, per_page: int, with_page: bool) -> tuple[dict, _Plan]:
    """The selection's data (plain values, cacheable) and its plan."""
    terms = _terms()
    existing_tags = _existing_tags(query)
    kept = _kept(query, terms=terms, existing_tags=existing_tags)
    plan = _plan(query=query, index=index, selected=kept)
    total, counts, used_tags, without = _counts_statement(plan.searched, plan.filters)
    plan.rank_capped = (
        plan.sort == SortOrder.RELEVANCE and plan.ranked is not None and total > RANK_ALL_UP_TO
    )
    used = {slug for slug, _name, _pk in used_tags}
    tags = used_tags + [tag for slug, tag in existing_tags.items() if slug not in used]
    data: dict[str, Any] = {
        "total": total,
        "counts": counts,
        "options": {**terms, "tag": tags},
        "without": without,
        "unsearched": None,
        "rank_capped": plan.rank_capped,
        "page": None,
    }
    if total == 0 and query.q:
        unsearched = case_studies_live(index=index)
        data["unsearched"] = unsearched.filter(*plan.filters.values()).count()
    if with_page:
        ids = _PageOfIds(total=total, fetch=plan.ids)
        page_obj = Paginator(ids, per_page).get_page(query.page)
        data["page"] = (page_obj.number, list(page_obj.object_list))
    return data, plan


def case_studies_select(
    *,
    query: CaseStudyQuery,
    index: CaseStudyIndexPage | None = None,
    per_page: int = PER_PAGE,
    with_page: bool = True,
) -> CaseStudySelection:
    """The case studies matching ``query`` (search AND every facet): how many, the requested
    page of ids (``with_page``; the exports read ``pages()`` instead), and disjunctive facet
    counts. A constant number of queries whatever the number of pages; none at all for a
    request the cache has seen under the current content version."""
    seconds = _cache_seconds()
    key = plan = data = None
    if seconds > 0:
        try:
            key = _cache_key(query=query, index=index, per_page=per_page, with_page=with_page)
            data = cache.get(key)
        except Exception:  # the cache is down: answer from the database, as the page cache does
            logger.warning("library selection cache unavailable", exc_info=True)
            key = data = None
    if data is None:
        data, plan = _compute(query=query, index=index, per_page=per_page, with_page=with_page)
        if key is not None:
            try:
                cache.set(key, data, timeout=seconds)
            except Exception:
                logger.warning("library selection cache: could not store", exc_info=True)

    options = data["options"]
    selected: dict[str, tuple[str, ...]] = {}
    ignored: list[tuple[str, str]] = []
    for key_, values in query.selected.items():
        facet = FACETS_BY_KEY[key_]
        if facet.kind == "field":
            known = {value for value, _label in facet.choices}
        else:
            known = {value for value, _label, _pk in options[key_]}
        kept = tuple(value for value in values if value in known)
        ignored += [(key_, value) for value in values if value not in known]
        if kept:
            selected[key_] = kept

    facets: list[Facet] = []
    for facet in FACETS:
        counts = data["counts"][facet.key]
        chosen = set(selected.get(facet.key, ()))
        if facet.kind == "field":
            listed = [(value, str(label), value) for value, label in facet.choices]
        else:
            listed = options[facet.key]
        facets.append(
            Facet(
                key=facet.key,
                label=facet.label,
                options=[
                    FacetOption(
                        value=value, label=label, count=counts.get(pk, 0), selected=value in chosen
                    )
                    for value, label, pk in listed
                ],
            )
        )

    relaxed: list[tuple[str, Any, int]] = []
    if data["total"] == 0 and (selected or query.q):
        for key_ in selected:
            relaxed.append((key_, FACETS_BY_KEY[key_].label, data["without"][key_]))
        if query.q:
            relaxed.append(("q", _("Search"), data["unsearched"]))
        relaxed.sort(key=lambda item: -item[2])
    cleaned = replace(query, selected=selected)  # what was kept of the visitor's request
    page_number, page_ids = data["page"] if data["page"] is not None else (1, None)
    return CaseStudySelection(
        query=cleaned,
        count=data["total"],
        facets=facets,
        ignored=ignored,
        relaxed=relaxed,
        page_number=page_number,
        page_ids=page_ids,
        rank_capped=data["rank_capped"],
        per_page=per_page,
        _plan=plan,
        _index=index,
    )


@dataclass
class CaseStudyExportSelection:
    """Every case study an open-data export writes: the cleaned query (unknown values dropped,
    as on the index) and the plan that reads the matches in display order. No facet counts
    and no total: an export shows neither (``len()`` of its rows is the count)."""

    query: CaseStudyQuery
    plan: _Plan
    _index: CaseStudyIndexPage | None = field(default=None, repr=False)

    def pages(self) -> list[CaseStudyPage]:
        """Every selected case study as a page object, with everything the export reads."""
        return self.plan.pages()


def case_studies_select_for_export(
    *, query: CaseStudyQuery, index: CaseStudyIndexPage | None = None
) -> CaseStudyExportSelection:
    """The selection the CSV and JSON exports write: the same case studies, in the same order,
    as ``case_studies_select(with_page=False)`` gives, without the facet statement (the
    index's counts, 130 ms at full size, issue 18). Queries: the taxonomy terms only when a
    taxonomy facet is selected, the tags only when a tag is, and for a search sorted by
    relevance on PostgreSQL one probe of whether more than ``RANK_ALL_UP_TO`` case studies
    match (ranking is capped as on the index)."""
    selects_terms = any(FACETS_BY_KEY[key].kind == "m2m" for key in query.selected)
    terms = _terms() if selects_terms else {}
    kept = _kept(query, terms=terms, existing_tags=_existing_tags(query))
    plan = _plan(query=query, index=index, selected=kept)
    if plan.sort == SortOrder.RELEVANCE and plan.ranked is not None:
        beyond = plan.matching.order_by().values("pk")[RANK_ALL_UP_TO : RANK_ALL_UP_TO + 1]
        plan.rank_capped = bool(list(beyond))
    cleaned = replace(query, selected=kept)
    return CaseStudyExportSelection(query=cleaned, plan=plan, _index=index)


# The related rows an open-data export reads, prefetched into plain lists (``prefetched_<name>``,
# read with ``casestudies.opendata.related``): Prefetch(to_attr) skips building one modelcluster
# queryset per page and relation (8,000 for 1,000 rows: 1.7 of 2.9 s, docs/performance.md).
FULL_PREFETCH = (
    "data_kinds",
    "system_kinds",
    "methods",
    "lifecycle_stages",
    "outcome_evidence",
    "key_figures",
    "sources",
)


def case_study_search_queryset(*, base: QuerySet, words: str) -> QuerySet:
    """PostgreSQL: ``base``'s case studies matching every word, in the order Wagtail's database
    search backend gives (its rank: title and body vectors of the index entry, best first, then
    newest id), unevaluated, so it can be filtered, counted and sliced in the database.

    The match reads the stored search document (``CaseStudySearchDocument``: the entry's
    ``title || body``, GIN-indexed) instead of concatenating both vectors for every case study
    as Wagtail's own queryset does; the same tsquery and the same vector, so the same matches.
    Only the pages actually ranked read the index entry (``order_by()`` leaves the plain
    matches, which the library counts its facets over)."""
    results = base.search(words, operator="and")
    compiler = results.query_compiler
    config = compiler.get_config(results.backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    rank = compiler._build_rank_expression(compiler.get_index_vectors(tsquery), config)
    matching_ids = CaseStudySearchDocument.objects.filter(document=tsquery).values("page_id")
    return base.filter(pk__in=matching_ids).order_by(rank.desc(), "-pk")


def case_study_search_ids(*, base: QuerySet, words: str) -> list[int]:
    """The ids of ``base``'s case studies matching every word, best first: the SQLite path of
    the library index (PostgreSQL uses ``case_study_search_queryset``, never a list), and what
    ``make bench`` measured before. Only the ids are loaded."""
    if not words:
        return []
    return [page.pk for page in base.only("pk").search(words, operator="and")]


def _full(queryset: QuerySet) -> QuerySet:
    """Everything the open-data export reads, without the body."""
    # The exports hold no body: defer_streamfields() leaves ~1 MB of StreamField JSON per
    # 1,000 pages unread.
    return queryset.defer_streamfields().prefetch_related(
        *(Prefetch(name, to_attr=f"prefetched_{name}") for name in FULL_PREFETCH),
        Prefetch(
            "tagged_items",
            queryset=CaseStudyPageTag.objects.select_related("tag").order_by("tag__name"),
            to_attr="prefetched_tagged_items",
        ),
    )


def case_studies_by_ids(*, ids: list[int], full: bool = False) -> list[CaseStudyPage]:
    """Pages for ``ids`` in that order, with related rows prefetched (constant queries)."""
    queryset = CaseStudyPage.objects.filter(pk__in=ids).select_related("organisation")
    if not full:
        queryset = queryset.prefetch_related("methods", "lifecycle_stages")
    else:
        queryset = _full(queryset)
    by_id = {page.pk: page for page in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]
