"""REFERENCE for tests: the library selection as it was before issue 18 (a copy of
casestudies/selectors/library.py at commit 0112a1b, imports made absolute), which turned the
search into a Python list of every id. tests/casestudies/test_selection_reference.py checks
that the new selection gives the same results and counts. Do not optimise this file.

The faceted, searchable selection of case studies shared by the index page, the CSV/JSON
exports and the admin.

Facets are disjunctive: each option's count is computed with every OTHER facet applied (and the
search), so a visitor sees how many results ticking that option would give. AND across facets,
OR within one. The number of queries does not depend on the number of case studies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from casestudies.enums import SortOrder
from casestudies.models import CaseStudyIndexPage, CaseStudyPage, CaseStudyPageTag
from casestudies.selectors.pages import case_studies_live
from casestudies.selectors.query import FACETS, FACETS_BY_KEY, CaseStudyQuery, FacetSpec

PER_PAGE = 20


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


@dataclass
class CaseStudySelection:
    query: CaseStudyQuery
    ids: list[int]  # every matching page id, in display order
    facets: list[Facet]
    ignored: list[tuple[str, str]]  # (facet key, value) dropped because unknown
    # Only when nothing matched: how many would match without each facet (or without the search).
    relaxed: list[tuple[str, Any, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def active_filters(self) -> list[tuple[Facet, FacetOption]]:
        return [(facet, option) for facet in self.facets for option in facet.selected_options]

    def paginate(self, *, per_page: int = PER_PAGE) -> PaginatorPage:
        """The requested page (bad or out-of-range numbers fall back to the first or last page),
        with its case studies loaded for cards in a constant number of queries."""
        page_obj = Paginator(self.ids, per_page).get_page(self.query.page)
        page_obj.object_list = case_studies_by_ids(ids=list(page_obj.object_list))
        return page_obj

    def pages(self) -> list[CaseStudyPage]:
        """Every selected case study with everything the open-data export needs."""
        return case_studies_by_ids(ids=self.ids, full=True)


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


def _options(facet: FacetSpec, base: QuerySet) -> list[tuple[str, str, int | None]]:
    """(value, label, pk) for every option of a facet (one query for taxonomies and tags)."""
    if facet.kind == "field":
        return [(value, str(label), None) for value, label in facet.choices]
    if facet.kind == "m2m":
        return [(term.slug, term.name, term.pk) for term in facet.model.objects.all()]
    tags = (
        Tag.objects.filter(
            pk__in=CaseStudyPageTag.objects.filter(content_object__in=base.values("pk")).values(
                "tag_id"
            )
        )
        .order_by("name")
        .only("pk", "name", "slug")
    )
    return [(tag.slug, tag.name, tag.pk) for tag in tags]


def _counts(facet: FacetSpec, pages: QuerySet) -> dict:
    """Option -> number of pages in ``pages`` having it (one query)."""
    if facet.kind == "field":
        rows = pages.order_by().values(facet.field_name).annotate(n=Count("pk"))
        return {row[facet.field_name]: row["n"] for row in rows}
    if facet.kind == "m2m":
        through = getattr(CaseStudyPage, facet.field_name).through
        target_id = f"{facet.model._meta.model_name}_id"
        rows = (
            through.objects.filter(casestudypage_id__in=pages.values("pk"))
            .order_by()
            .values(target_id)
            .annotate(n=Count("casestudypage_id", distinct=True))
        )
        return {row[target_id]: row["n"] for row in rows}
    rows = (
        CaseStudyPageTag.objects.filter(content_object_id__in=pages.values("pk"))
        .order_by()
        .values("tag_id")
        .annotate(n=Count("content_object_id", distinct=True))
    )
    return {row["tag_id"]: row["n"] for row in rows}


def case_studies_select(
    *, query: CaseStudyQuery, index: CaseStudyIndexPage | None = None
) -> CaseStudySelection:
    """The case studies matching ``query`` (search AND every facet), in display order, with
    disjunctive facet counts. A constant number of queries whatever the number of pages."""
    base = case_studies_live(index=index)
    search_order: list[int] | None = None
    if query.q:
        # Words only, lower case: punctuation and FTS operators (AND, NEAR, ";") never reach the
        # search backend's query syntax.
        words = " ".join(re.findall(r"\w+", query.q.lower()))
        search_order = case_study_search_ids(base=base, words=words)
        base = base.filter(pk__in=search_order)

    option_lists = {facet.key: _options(facet, base) for facet in FACETS}
    # A selected tag that no matching case study uses is still a real filter (it gives an empty
    # result), as long as the tag exists at all.
    used_tags = {value for value, _label, _pk in option_lists["tag"]}
    unused = [value for value in query.selected.get("tag", ()) if value not in used_tags]
    if unused:
        option_lists["tag"] += [
            (tag.slug, tag.name, tag.pk) for tag in Tag.objects.filter(slug__in=unused)
        ]
    # Drop selected values that name no option (unknown slugs), remembering them for a notice.
    selected: dict[str, tuple[str, ...]] = {}
    ignored: list[tuple[str, str]] = []
    for key, values in query.selected.items():
        known = {value for value, _label, _pk in option_lists[key]}
        kept = tuple(value for value in values if value in known)
        ignored += [(key, value) for value in values if value not in known]
        if kept:
            selected[key] = kept
    filters = {key: _facet_q(FACETS_BY_KEY[key], values) for key, values in selected.items()}

    facets: list[Facet] = []
    for facet in FACETS:
        others = [condition for key, condition in filters.items() if key != facet.key]
        pages = base.filter(*others) if others else base
        counts = _counts(facet, pages)
        chosen = set(selected.get(facet.key, ()))
        options = [
            FacetOption(
                value=value,
                label=label,
                count=counts.get(pk if facet.kind != "field" else value, 0),
                selected=value in chosen,
            )
            for value, label, pk in option_lists[facet.key]
        ]
        facets.append(Facet(key=facet.key, label=facet.label, options=options))

    matching = base.filter(*filters.values()) if filters else base
    sort = query.effective_sort
    if sort == SortOrder.RELEVANCE and search_order is not None:
        keep = set(matching.values_list("pk", flat=True))
        ids = [pk for pk in search_order if pk in keep]
    elif sort == SortOrder.TITLE:
        ids = list(matching.order_by("title", "pk").values_list("pk", flat=True))
    else:
        ids = list(matching.order_by("-first_published_at", "-pk").values_list("pk", flat=True))
    relaxed: list[tuple[str, Any, int]] = []
    if not ids and (filters or query.q):
        for key in filters:
            others = [condition for other, condition in filters.items() if other != key]
            relaxed.append((key, FACETS_BY_KEY[key].label, base.filter(*others).count()))
        if query.q:
            unsearched = case_studies_live(index=index)
            relaxed.append(("q", _("Search"), unsearched.filter(*filters.values()).count()))
        relaxed.sort(key=lambda item: -item[2])
    return CaseStudySelection(
        relaxed=relaxed,
        query=CaseStudyQuery(
            q=query.q,
            selected=selected,
            sort=query.sort,
            page=query.page,
            q_truncated=query.q_truncated,
        ),
        ids=ids,
        facets=facets,
        ignored=ignored,
    )


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


def case_study_search_ids(*, base: QuerySet, words: str) -> list[int]:
    """The ids of ``base``'s case studies matching every word, best first (what the library
    index pages through and counts facets over; measured by ``make bench``). Only the ids are
    loaded: whole pages (StreamField bodies) for every match cost 1.6 s for 618 matches at 10,000
    case studies (docs/performance.md)."""
    if not words:
        return []
    return [page.pk for page in base.only("pk").search(words, operator="and")]


def case_studies_by_ids(*, ids: list[int], full: bool = False) -> list[CaseStudyPage]:
    """Pages for ``ids`` in that order, with related rows prefetched (constant queries)."""
    queryset = CaseStudyPage.objects.filter(pk__in=ids).select_related("organisation")
    if full:
        # The exports hold no body: defer_streamfields() leaves ~1 MB of StreamField JSON per
        # 1,000 pages unread.
        queryset = queryset.defer_streamfields().prefetch_related(
            *(Prefetch(name, to_attr=f"prefetched_{name}") for name in FULL_PREFETCH),
            Prefetch(
                "tagged_items",
                queryset=CaseStudyPageTag.objects.select_related("tag").order_by("tag__name"),
                to_attr="prefetched_tagged_items",
            ),
        )
    else:
        queryset = queryset.prefetch_related("methods", "lifecycle_stages")
    by_id = {page.pk: page for page in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]
