"""The visitor's request to the case study library, cleaned: the facets it can filter on, the
search words, the sort and the page. Parsing is lenient: anything unknown or malformed is
dropped, never an error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from community.enums import Nation, OrganisationKind

from ..enums import Completeness, Outcome, Sector, SortOrder, WorkersInvolved
from ..models import DataKind, LifecycleStage, Method, SystemKind

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
    FacetSpec(
        "org_kind",
        _("Kind of organisation"),
        "field",
        "organisation__kind",  # through the case study's organisation (issue 21)
        tuple(OrganisationKind.choices),
    ),
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
