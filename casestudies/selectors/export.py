"""The open-data export's rows as plain values (issue 18 point 3): one ``values()`` query for the
selected case studies and one per related list, each filtered by the selection as a subquery,
and no page objects. Loading ~1,000 full pages with eight prefetched relations built about 19
model instances per row and sent every id back eight times as a literal list; this builds
light records that the open-data columns (``casestudies.opendata``) read like pages: the
same attributes, ``prefetched_<relation>`` lists, and ``get_url_parts`` giving the library's
URL plus the slug."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import QuerySet

from ..enums import SortOrder
from ..models import CaseStudyPage, CaseStudyPageTag, KeyFigure, OutcomeEvidence, Source

PAGE_FIELDS = (
    "pk",
    "slug",
    "title",
    "summary",
    "sector",
    "nation",
    "region",
    "start_year",
    "end_year",
    "workers_involved",
    "outcome",
    "completeness",
    "last_reviewed",
    "first_published_at",
    "last_published_at",
    "organisation_id",
    "organisation__name",
    "organisation__kind",
)
TERM_RELATIONS = ("data_kinds", "system_kinds", "lifecycle_stages", "methods")
CHILD_RELATIONS = {
    "outcome_evidence": (OutcomeEvidence, ("what_changed", "decision", "when", "source_url")),
    "key_figures": (KeyFigure, ("value", "label", "source", "source_url")),
    "sources": (Source, ("title", "url", "publisher", "date")),
}


def _terms(name: str, matching: QuerySet) -> dict[int, list[SimpleNamespace]]:
    """page id -> [term with its slug], in the term model's own order (sort order, name)."""
    field = CaseStudyPage._meta.get_field(name)
    through = field.remote_field.through
    page_column = field.m2m_field_name()
    term_column = field.m2m_reverse_field_name()
    ordering = [f"{term_column}__{key}" for key in field.related_model._meta.ordering]
    rows = (
        through.objects.filter(**{f"{page_column}__in": matching})
        .order_by(*ordering, f"{term_column}__pk")
        .values_list(page_column, f"{term_column}__slug")
    )
    grouped: dict[int, list[SimpleNamespace]] = defaultdict(list)
    for page_id, slug in rows:
        grouped[page_id].append(SimpleNamespace(slug=slug))
    return grouped


def _children(name: str, matching: QuerySet) -> dict[int, list[SimpleNamespace]]:
    model, fields = CHILD_RELATIONS[name]
    grouped: dict[int, list[SimpleNamespace]] = defaultdict(list)
    rows = (
        model.objects.filter(page_id__in=matching)
        .order_by("sort_order", "pk")
        .values("page_id", *fields)
    )
    for row in rows:
        grouped[row.pop("page_id")].append(SimpleNamespace(**row))
    return grouped


def case_studies_export_records(*, selection, request=None) -> list[SimpleNamespace] | None:
    """The selection's case studies, in display order, as records the open-data columns read
    like pages; None when they cannot be built this way (no library index with a URL), and the
    caller then reads ``selection.pages()``."""
    index = selection._index
    parts = index.get_url_parts(request) if index is not None else None
    if not parts or not parts[2]:
        return None
    index_path = parts[2]
    plan = selection.plan
    if plan.sort == SortOrder.RELEVANCE and plan.ranked_ids is not None:  # SQLite's ranking
        ids = plan.ids(0, None)
        by_id = {
            row["pk"]: row for row in CaseStudyPage.objects.filter(pk__in=ids).values(*PAGE_FIELDS)
        }
        rows = [by_id[pk] for pk in ids if pk in by_id]
        matching = ids
    else:
        rows = list(plan.ordered().values(*PAGE_FIELDS))
        matching = plan.matching.order_by().values("pk")
    related = {name: _terms(name, matching) for name in TERM_RELATIONS}
    related.update({name: _children(name, matching) for name in CHILD_RELATIONS})
    tags: dict[int, list[SimpleNamespace]] = defaultdict(list)
    for page_id, tag_name in (
        CaseStudyPageTag.objects.filter(content_object_id__in=matching)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        tags[page_id].append(SimpleNamespace(tag=SimpleNamespace(name=tag_name)))

    records = []
    for row in rows:
        pk = row["pk"]
        path = f"{index_path}{row['slug']}/"
        organisation = (
            SimpleNamespace(name=row["organisation__name"], kind=row["organisation__kind"])
            if row["organisation_id"]
            else None
        )
        record = SimpleNamespace(
            **{key: value for key, value in row.items() if "__" not in key},
            organisation=organisation,
            prefetched_tagged_items=tags.get(pk, []),
            get_url_parts=lambda request=None, path=path: (None, None, path),
        )
        for name, grouped in related.items():
            setattr(record, f"prefetched_{name}", grouped.get(pk, []))
        records.append(record)
    return records
