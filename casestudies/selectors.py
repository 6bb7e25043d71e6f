"""Reads for the case study library: the faceted, searchable selection shared by the index page,
the CSV/JSON exports and the admin; plus small selectors for the home page and the account page.

Facets are disjunctive: each option's count is computed with every OTHER facet applied (and the
search), so a visitor sees how many results ticking that option would give. AND across facets,
OR within one. The number of queries does not depend on the number of case studies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import CharField as CharFieldType
from django.db.models import Count, Max, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Locale, PageLogEntry, WorkflowState

from community.enums import Nation
from core.http import absolute_url
from core.i18n import HREFLANG
from core.models import SiteSettings

from .citation import Citation
from .enums import Completeness, Outcome, Sector, SortOrder, WorkersInvolved
from .models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPageTag,
    CaseStudySuggestion,
    DataKind,
    LifecycleStage,
    Method,
    SystemKind,
)

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 30
MAX_VALUE_LENGTH = 100


@dataclass(frozen=True)
class FacetSpec:
    """One facet: its GET parameter, its label, and how it maps onto the data."""

    key: str  # the GET parameter, e.g. "sector"
    label: Any
    kind: str  # "field" (a column with fixed choices), "m2m" (a taxonomy), "tag"
    field_name: str = ""  # for "field": the column; for "m2m": the ParentalManyToManyField
    choices: tuple = ()  # for "field"
    model: type[Model] | None = None  # for "m2m": the taxonomy model


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("sector", _("Sector"), "field", "sector", tuple(Sector.choices)),
    FacetSpec("method", _("Participation method"), "m2m", "methods", model=Method),
    FacetSpec("stage", _("Lifecycle stage"), "m2m", "lifecycle_stages", model=LifecycleStage),
    FacetSpec("outcome", _("Outcome"), "field", "outcome", tuple(Outcome.choices)),
    FacetSpec("region", _("Nation or region"), "field", "nation", tuple(Nation.choices)),
    FacetSpec("data", _("Kind of data"), "m2m", "data_kinds", model=DataKind),
    FacetSpec("system", _("Kind of system"), "m2m", "system_kinds", model=SystemKind),
    FacetSpec(
        "workers",
        _("Workers involved"),
        "field",
        "workers_involved",
        tuple(WorkersInvolved.choices),
    ),
    FacetSpec("tag", _("Affected groups"), "tag"),
    FacetSpec(
        "completeness", _("Completeness"), "field", "completeness", tuple(Completeness.choices)
    ),
)
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}


@dataclass(frozen=True)
class CaseStudyQuery:
    """The visitor's request, cleaned: search text, selected facet values, sort and page."""

    q: str = ""
    selected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = ""
    page: str = "1"
    q_truncated: bool = False

    @property
    def effective_sort(self) -> str:
        if self.sort == SortOrder.RELEVANCE and not self.q:
            return SortOrder.NEWEST
        if self.sort in SortOrder.values:
            return self.sort
        return SortOrder.RELEVANCE if self.q else SortOrder.NEWEST


def _printable(text: str) -> str:
    """Drop control characters (NUL cannot even be stored or searched on PostgreSQL)."""
    return "".join(char for char in text if char.isprintable() or char in " \t\n")


def case_study_query_from_params(*, params: Mapping) -> CaseStudyQuery:
    """Parse GET parameters leniently: anything unknown or malformed is dropped, never an error."""
    raw_q = _printable(str(params.get("q", "") or ""))
    q = " ".join(raw_q.split())
    truncated = len(q) > MAX_QUERY_LENGTH
    q = q[:MAX_QUERY_LENGTH]
    selected: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        values = params.getlist(facet.key) if hasattr(params, "getlist") else params.get(facet.key)
        if isinstance(values, str):
            values = [values]
        cleaned: list[str] = []
        for value in values or []:
            value = _printable(str(value)).strip()
            if value and len(value) <= MAX_VALUE_LENGTH and value not in cleaned:
                cleaned.append(value)
        if facet.kind == "field":
            allowed = {choice for choice, _label in facet.choices}
            cleaned = [value for value in cleaned if value in allowed]
        if cleaned:
            selected[facet.key] = tuple(cleaned[:MAX_VALUES_PER_FACET])
    sort = str(params.get("sort", "") or "")
    return CaseStudyQuery(
        q=q,
        selected=selected,
        sort=sort if sort in SortOrder.values else "",
        page=str(params.get("page", "1") or "1")[:10],
        q_truncated=truncated,
    )


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


def case_study_index(*, locale: Locale | None = None) -> CaseStudyIndexPage | None:
    """The live library index for the active (or given) locale, falling back to any live one."""
    indexes = CaseStudyIndexPage.objects.live()
    try:
        locale = locale or Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    if locale is not None:
        found = indexes.filter(locale=locale).first()
        if found is not None:
            return found
    return indexes.first()


def case_studies_live(*, index: CaseStudyIndexPage | None = None) -> QuerySet[CaseStudyPage]:
    """Live, public case studies (under ``index`` when given)."""
    queryset = CaseStudyPage.objects.live().public()
    if index is not None:
        queryset = queryset.child_of(index)
    return queryset


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


def case_study_detail_context(*, page: CaseStudyPage) -> dict:
    """Everything the case study page shows beyond its own columns (constant queries)."""
    return {
        "index_page": page.get_parent(),
        "methods": list(page.methods.all()),
        "lifecycle_stages": list(page.lifecycle_stages.all()),
        "data_kinds": list(page.data_kinds.all()),
        "system_kinds": list(page.system_kinds.all()),
        "affected_groups": list(
            Tag.objects.filter(casestudies_casestudypagetag_items__content_object=page)
        ),
        "outcome_evidence": list(page.outcome_evidence.all()),
        "key_figures": list(page.key_figures.all()),
        "sources": list(page.sources.all()),
    }


def case_studies_latest(*, limit: int = 3, locale: Locale | None = None) -> list[CaseStudyPage]:
    """The most recently published case studies (for the home page), in ``locale`` if given."""
    return list(
        _in_locale(case_studies_live(), locale)
        .select_related("organisation")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def _in_locale(pages: QuerySet, locale: Locale | None) -> QuerySet:
    return pages if locale is None else pages.filter(locale=locale)


def case_studies_featured(*, limit: int = 3, locale: Locale | None = None) -> list[CaseStudyPage]:
    """Case studies worth featuring: complete ones with evidence of outcome first, newest first
    (in ``locale`` if given)."""
    return list(
        _in_locale(case_studies_live(), locale)
        .select_related("organisation")
        .annotate(evidence_count=Count("outcome_evidence"))
        .order_by("completeness", "-evidence_count", "-last_published_at", "-pk")[:limit]
    )


def case_studies_for_method(*, method: Method) -> list[CaseStudyPage]:
    return list(
        case_studies_live()
        .filter(methods=method)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def case_studies_dataset_date(*, index: CaseStudyIndexPage | None = None):
    """When the dataset last changed: the latest publication of any live case study."""
    return case_studies_live(index=index).aggregate(latest=Max("last_published_at"))["latest"]


def case_study_live_by_slug(*, slug: str) -> CaseStudyPage | None:
    """The live, public case study at /case-studies/<slug>/ in the current language, else in
    the default one (a Welsh reader of a page not yet translated gets the English page)."""
    pages = {page.locale_id: page for page in case_studies_live().filter(slug=slug)}
    for locale in (Locale.get_active(), Locale.get_default()):
        if locale.pk in pages:
            return pages[locale.pk]
    return None


# Publications of a page, as Wagtail's audit log records them (publish now, or as scheduled).
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


def case_study_version(*, page: CaseStudyPage) -> int:
    """The page's own version: how many times it has been published (one query). 1 for a new
    case study, 2 once it is published again; never the database's global revision id."""
    published = PageLogEntry.objects.filter(page_id=page.pk, action__in=PUBLISH_ACTIONS).count()
    return max(published, 1)  # a live page has been published at least once


def case_study_citation(*, page: CaseStudyPage, request=None) -> Citation:
    """The facts for "Cite this case study" and its BibTeX, RIS and CSL-JSON downloads."""
    site_settings = SiteSettings.for_request(request) if request else SiteSettings.load()
    first = page.first_published_at or page.last_published_at or timezone.now()
    return Citation(
        key=f"case-study-{page.slug}",
        title=page.title,
        author=site_settings.organisation_name,
        url=absolute_url(page, request=request),  # the canonical URL, as in the page head
        version=case_study_version(page=page),
        published=timezone.localtime(first),
        updated=timezone.localtime(page.last_published_at or first),
        language=HREFLANG.get(page.locale.language_code, page.locale.language_code),
    )


SUGGESTION_STATUS_LABELS = {
    "published": _("Published"),
    "in_progress": _("Waiting for review"),
    "needs_changes": _("Not accepted (changes requested)"),
    "cancelled": _("Withdrawn from review"),
    "approved": _("Approved"),
    "draft": _("Draft"),
    "removed": _("Removed by the editors"),
}


def case_study_suggestions_for(*, member) -> list[CaseStudySuggestion]:
    """The member's suggestions with a ``status`` and ``status_label`` (constant queries)."""
    from django.contrib.contenttypes.models import ContentType

    page_type = ContentType.objects.get_for_model(CaseStudyPage, for_concrete_model=False)
    from wagtail.models import Page

    base_type = ContentType.objects.get_for_model(Page)
    latest_state = (
        WorkflowState.objects.filter(
            base_content_type__in=[base_type, page_type],
            object_id=Cast(OuterRef("page_id"), output_field=CharFieldType()),
        )
        .order_by("-created_at", "-pk")
        .values("status")[:1]
    )
    suggestions = list(
        CaseStudySuggestion.objects.filter(member=member)
        .select_related("page")
        .annotate(workflow_status=Subquery(latest_state))
    )
    for suggestion in suggestions:
        if suggestion.page is None:
            status = "removed"
        elif suggestion.page.live:
            status = "published"
        else:
            status = suggestion.workflow_status or "draft"
        suggestion.status = status
        suggestion.status_label = SUGGESTION_STATUS_LABELS.get(status, status)
    return suggestions
