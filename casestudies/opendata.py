"""Open-data columns: one definition feeds the CSV header, JSON keys and data dictionary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from community.enums import Nation, OrganisationKind
from core.csv_export import csv_safe
from core.http import absolute_url

from .enums import Completeness, Outcome, Sector, WorkersInvolved
from .models import CaseStudyPage, DataKind, LifecycleStage, Method, SystemKind

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # e.g. "integer", "text", "list of codes"
    meaning: Any
    value: Callable[[CaseStudyPage, Any], Any]  # (page, request) -> JSON value
    allowed: Callable[[], list[tuple[str, str]]] | None = None  # (code, label) pairs


def _choices(choices) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(value, str(label)) for value, label in choices]


def _terms(model) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(term.slug, term.name) for term in model.objects.all()]


def related(page: CaseStudyPage, name: str):
    """The page's related rows: the list ``case_studies_by_ids(full=True)`` prefetched, or a
    query for a page that was not loaded that way."""
    prefetched = getattr(page, f"prefetched_{name}", None)
    return prefetched if prefetched is not None else getattr(page, name).all()


def _slugs(name: str) -> Callable:
    return lambda page, request: [term.slug for term in related(page, name)]


def _date(value) -> str | None:
    return value.isoformat() if value else None


COLUMNS: tuple[Column, ...] = (
    Column("id", "integer", _("Permanent identifier of the case study."), lambda p, r: p.pk),
    Column(
        "url",
        "URL",
        _("Stable web address of the case study."),
        lambda p, r: absolute_url(p, request=r),
    ),
    Column("title", "text", _("Title of the case study."), lambda p, r: p.title),
    Column("summary", "text", _("A short summary of what happened."), lambda p, r: p.summary),
    Column(
        "organisation",
        "text",
        _("The public body (or partnership) at the centre of the case."),
        lambda p, r: p.organisation.name if p.organisation else "",
    ),
    Column(
        "organisation_kind",
        "code",
        _("The kind of organisation."),
        lambda p, r: p.organisation.kind if p.organisation else "",
        _choices(OrganisationKind.choices),
    ),
    Column("sector", "code", _("Policy sector."), lambda p, r: p.sector, _choices(Sector.choices)),
    Column(
        "nation",
        "code",
        _("UK nation (or outside the UK)."),
        lambda p, r: p.nation,
        _choices(Nation.choices),
    ),
    Column("region", "text", _("Region or place, in words."), lambda p, r: p.region),
    Column("start_year", "integer", _("Year the activity started."), lambda p, r: p.start_year),
    Column(
        "end_year",
        "integer",
        _("Year the activity ended (empty if ongoing or unknown)."),
        lambda p, r: p.end_year,
    ),
    Column(
        "data_kinds",
        "list of codes",
        _("Kinds of data involved."),
        _slugs("data_kinds"),
        _terms(DataKind),
    ),
    Column(
        "system_kinds",
        "list of codes",
        _("Kinds of data or AI system involved."),
        _slugs("system_kinds"),
        _terms(SystemKind),
    ),
    Column(
        "lifecycle_stages",
        "list of codes",
        _("Stages of the lifecycle where the public had a say."),
        _slugs("lifecycle_stages"),
        _terms(LifecycleStage),
    ),
    Column(
        "methods",
        "list of codes",
        _("Participation methods used (empty when the public was not involved)."),
        _slugs("methods"),
        _terms(Method),
    ),
    Column(
        "affected_groups",
        "list of text",
        _("Groups of people affected (free tags)."),
        lambda p, r: [item.tag.name for item in related(p, "tagged_items")],
    ),
    Column(
        "workers_involved",
        "code",
        _("Whether the workers affected were involved."),
        lambda p, r: p.workers_involved,
        _choices(WorkersInvolved.choices),
    ),
    Column(
        "outcome",
        "code",
        _("Overall outcome of involving (or not involving) people."),
        lambda p, r: p.outcome,
        _choices(Outcome.choices),
    ),
    Column(
        "outcome_evidence",
        "list of records",
        _(
            "Evidence of the outcome: what changed, in which decision, when, source link. "
            "In CSV each record is written as 'what changed (decision, when) <link>'."
        ),
        lambda p, r: [
            {
                "what_changed": item.what_changed,
                "decision": item.decision,
                "when": item.when,
                "source_url": item.source_url,
            }
            for item in related(p, "outcome_evidence")
        ],
    ),
    Column(
        "key_figures",
        "list of records",
        _("Key figures: value, label and source. In CSV: 'value: label (source)'."),
        lambda p, r: [
            {"value": f.value, "label": f.label, "source": f.source, "source_url": f.source_url}
            for f in related(p, "key_figures")
        ],
    ),
    Column(
        "sources",
        "list of records",
        _("Sources: title, URL, publisher, date. In CSV: 'title <URL>'."),
        lambda p, r: [
            {"title": s.title, "url": s.url, "publisher": s.publisher, "date": _date(s.date)}
            for s in related(p, "sources")
        ],
    ),
    Column(
        "completeness",
        "code",
        _("Whether the record is a stub or complete."),
        lambda p, r: p.completeness,
        _choices(Completeness.choices),
    ),
    Column(
        "last_reviewed",
        "date (YYYY-MM-DD)",
        _("When an editor last checked the record."),
        lambda p, r: _date(p.last_reviewed),
    ),
    Column(
        "first_published",
        "date and time (ISO 8601, UTC offset)",
        _("When the case study was first published."),
        lambda p, r: _date(p.first_published_at),
    ),
    Column(
        "last_published",
        "date and time (ISO 8601, UTC offset)",
        _("When the case study was last changed."),
        lambda p, r: _date(p.last_published_at),
    ),
)
CSV_HEADER = [column.name for column in COLUMNS]


def _csv_cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "outcome_evidence":
        return LIST_SEPARATOR.join(
            f"{v['what_changed']} ({v['decision']}, {v['when']}) <{v['source_url']}>" for v in value
        )
    if name == "key_figures":
        return LIST_SEPARATOR.join(
            f"{v['value']}: {v['label']}" + (f" ({v['source']})" if v["source"] else "")
            for v in value
        )
    if name == "sources":
        return LIST_SEPARATOR.join(
            v["title"] + (f" <{v['url']}>" if v["url"] else "") for v in value
        )
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def case_study_record(*, page: CaseStudyPage, request) -> dict[str, Any]:
    return {column.name: column.value(page, request) for column in COLUMNS}


def case_study_csv_row(*, page: CaseStudyPage, request) -> list[str]:
    record = case_study_record(page=page, request=request)
    return [csv_safe(_csv_cell(name, record[name])) for name in CSV_HEADER]
