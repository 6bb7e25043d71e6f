"""The open-data export's rows as plain values (issue 18 point 3), no page objects: light
records that the open-data columns (``casestudies.opendata``) read like pages: the same
attributes, ``prefetched_<relation>`` lists, and ``get_url_parts`` giving the library's URL
plus the slug.

On PostgreSQL ONE statement reads the selected case studies in display order with their
related lists beside each row, as one JSON text of arrays (``ARRAY(SELECT ... ORDER BY ...)``
correlated on the page: term slugs, tag names, and the evidence, figures and sources as
objects), so the number of queries depends neither on the relations nor on the rows; the
records are built as they are read (``ExportRecords``). Elsewhere (SQLite, and its search
ranking) one ``values()`` query for the rows and one per related list, each filtered by the
selection as a subquery (never a list of ids)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from types import SimpleNamespace

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast, JSONObject

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
RECORD_FIELDS = frozenset(field for field in PAGE_FIELDS if "__" not in field)
TERM_RELATIONS = ("data_kinds", "system_kinds", "lifecycle_stages", "methods")
CHILD_RELATIONS = {
    "outcome_evidence": (OutcomeEvidence, ("what_changed", "decision", "when", "source_url")),
    "key_figures": (KeyFigure, ("value", "label", "source", "source_url")),
    "sources": (Source, ("title", "url", "publisher", "date")),
}


def _through(name: str) -> tuple[type, str, str, list[str]]:
    """(through model, its page column, its term column, the terms' own order: sort order,
    name, then pk) for the taxonomy relation ``name``."""
    field = CaseStudyPage._meta.get_field(name)
    term_column = field.m2m_reverse_field_name()
    ordering = [f"{term_column}__{key}" for key in field.related_model._meta.ordering]
    return (
        field.remote_field.through,
        field.m2m_field_name(),
        term_column,
        [*ordering, f"{term_column}__pk"],
    )


def _terms(name: str, matching: QuerySet) -> dict[int, list[SimpleNamespace]]:
    """page id -> [term with its slug], in the term model's own order (sort order, name)."""
    through, page_column, term_column, ordering = _through(name)
    rows = (
        through.objects.filter(**{f"{page_column}__in": matching})
        .order_by(*ordering)
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


def _tags_query():
    return CaseStudyPageTag.objects.order_by("tag__name")


# --- PostgreSQL: one statement ------------------------------------------------------------------
def _related_document() -> Cast:
    """Each row's related lists as ONE JSON text (``{relation: [...]}``), each list an
    ``ARRAY(SELECT ... ORDER BY ...)`` correlated on the page, in the same order as the
    per-relation queries below (and the page objects' prefetches) give it. Text, decoded row
    by row as the records are read: a list of 1,000 rows then holds no containers for the
    garbage collector to walk (decoding them all up front cost more than the statement)."""
    lists: dict[str, ArraySubquery] = {}
    for name in TERM_RELATIONS:
        through, page_column, term_column, ordering = _through(name)
        lists[name] = ArraySubquery(
            through.objects.filter(**{page_column: OuterRef("pk")})
            .order_by(*ordering)
            .values(f"{term_column}__slug")
        )
    for name, (model, fields) in CHILD_RELATIONS.items():
        lists[name] = ArraySubquery(
            model.objects.filter(page_id=OuterRef("pk"))
            .order_by("sort_order", "pk")
            .values(row=JSONObject(**{field: field for field in fields}))
        )
    lists["tagged_items"] = ArraySubquery(
        _tags_query().filter(content_object_id=OuterRef("pk")).values("tag__name")
    )
    return Cast(JSONObject(**lists), output_field=TextField())


def _json_converters() -> dict[str, dict[str, object]]:
    """relation -> {field: to_python} for the child fields JSON does not carry as themselves
    (a source's date arrives as 'YYYY-MM-DD' text)."""
    converters: dict[str, dict[str, object]] = {}
    for name, (model, fields) in CHILD_RELATIONS.items():
        converters[name] = {}
        for field_name in fields:
            field = model._meta.get_field(field_name)
            if not isinstance(field, CharField | TextField):
                converters[name][field_name] = field.to_python
    return converters


def _related_from_document(document: str, converters: dict) -> dict[str, list[SimpleNamespace]]:
    lists = json.loads(document)
    related = {
        name: [SimpleNamespace(slug=slug) for slug in lists[name]] for name in TERM_RELATIONS
    }
    for name in CHILD_RELATIONS:
        items = lists[name]
        for key, to_python in converters[name].items():
            for item in items:
                item[key] = to_python(item[key])
        related[name] = [SimpleNamespace(**item) for item in items]
    related["tagged_items"] = [
        SimpleNamespace(tag=SimpleNamespace(name=tag_name)) for tag_name in lists["tagged_items"]
    ]
    return related


def _rows_without_jit(queryset: QuerySet) -> list[dict]:
    """The statement's rows, with PostgreSQL's JIT compilation off for it. Its estimated
    cost grows with the rows times the correlated lists and passes ``jit_above_cost`` from
    about 1,700 rows: compiling then took 0.4-0.5 s of the whole library's 1 s statement
    (10,010 rows, measured), for a query that runs once. ``SET LOCAL`` ends with the
    transaction (this block's, or the caller's when one is open)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        return list(queryset)


class ExportRecords(Sequence):
    """The export's records, each built from its row when it is read (and again when read
    again): the CSV writes each record as it is built, so only the plain rows stay in
    memory."""

    def __init__(self, rows: list[dict], index_path: str):
        self.rows = rows
        self.index_path = index_path
        self.converters = _json_converters()

    def _build(self, row: dict) -> SimpleNamespace:
        related = _related_from_document(row["related"], self.converters)
        return _record(row, self.index_path, related)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self._build(row) for row in self.rows[item]]
        return self._build(self.rows[item])

    def __iter__(self) -> Iterator[SimpleNamespace]:
        for row in self.rows:
            yield self._build(row)


# --- Elsewhere: one query per relation ------------------------------------------------------------
def _related_by_relation(matching) -> dict[str, dict[int, list[SimpleNamespace]]]:
    related = {name: _terms(name, matching) for name in TERM_RELATIONS}
    related.update({name: _children(name, matching) for name in CHILD_RELATIONS})
    tags: dict[int, list[SimpleNamespace]] = defaultdict(list)
    for page_id, tag_name in (
        _tags_query()
        .filter(content_object_id__in=matching)
        .values_list("content_object_id", "tag__name")
    ):
        tags[page_id].append(SimpleNamespace(tag=SimpleNamespace(name=tag_name)))
    related["tagged_items"] = tags
    return related


def _record(row: dict, index_path: str, related: dict[str, list]) -> SimpleNamespace:
    """A page-like record: the row's columns, its organisation, its related lists as
    ``prefetched_<relation>`` and ``get_url_parts`` giving the library's URL plus the slug."""
    path = f"{index_path}{row['slug']}/"
    organisation = (
        SimpleNamespace(name=row["organisation__name"], kind=row["organisation__kind"])
        if row["organisation_id"]
        else None
    )
    record = SimpleNamespace(
        **{key: value for key, value in row.items() if key in RECORD_FIELDS},
        organisation=organisation,
        get_url_parts=lambda request=None, path=path: (None, None, path),
    )
    for name, items in related.items():
        setattr(record, f"prefetched_{name}", items)
    return record


def case_studies_export_records(*, selection, request=None) -> Sequence[SimpleNamespace] | None:
    """The selection's case studies (``case_studies_select_for_export``, or any selection
    with a plan), in display order, as records the open-data columns read like pages (on
    PostgreSQL built as they are read: ``ExportRecords``); None when they cannot be built
    this way (no library index with a URL), and the caller then reads ``selection.pages()``."""
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
    elif connection.vendor == "postgresql":
        rows = _rows_without_jit(plan.ordered().values(*PAGE_FIELDS, related=_related_document()))
        return ExportRecords(rows, index_path)
    else:
        rows = list(plan.ordered().values(*PAGE_FIELDS))
        matching = plan.matching.order_by().values("pk")
    by_relation = _related_by_relation(matching)
    return [
        _record(
            row,
            index_path,
            {name: grouped.get(row["pk"], []) for name, grouped in by_relation.items()},
        )
        for row in rows
    ]
