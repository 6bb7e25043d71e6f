"""Reads for the case study library (keyword-only; see the modules):

- ``query``: the facets and the visitor's cleaned request (search, filters, sort, page);
- ``library``: the faceted, searchable selection shared by the index page, the CSV/JSON exports
  and the admin, and loading pages by id for cards and exports;
- ``pages``: the index, the live set, a case study page's context, and short lists (home page,
  a method's page, the dataset's date, a page by slug);
- ``citation``: the facts for "Cite this case study";
- ``suggestions``: a member's suggestions and their review status (account page).
"""

from .citation import PUBLISH_ACTIONS, case_study_citation, case_study_version
from .export import case_studies_export_records
from .library import (
    FULL_PREFETCH,
    PER_PAGE,
    CaseStudyExportSelection,
    CaseStudySelection,
    Facet,
    FacetOption,
    case_studies_by_ids,
    case_studies_select,
    case_studies_select_for_export,
    case_study_search_ids,
)
from .pages import (
    case_studies_dataset_date,
    case_studies_featured,
    case_studies_for_method,
    case_studies_latest,
    case_studies_live,
    case_study_detail_context,
    case_study_index,
    case_study_live_by_slug,
)
from .query import (
    FACETS,
    FACETS_BY_KEY,
    MAX_QUERY_LENGTH,
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_FACET,
    CaseStudyQuery,
    FacetSpec,
    case_study_query_from_params,
)
from .suggestions import SUGGESTION_STATUS_LABELS, case_study_suggestions_for

__all__ = [
    "FACETS",
    "FACETS_BY_KEY",
    "FULL_PREFETCH",
    "MAX_QUERY_LENGTH",
    "MAX_VALUES_PER_FACET",
    "MAX_VALUE_LENGTH",
    "PER_PAGE",
    "PUBLISH_ACTIONS",
    "SUGGESTION_STATUS_LABELS",
    "CaseStudyExportSelection",
    "CaseStudyQuery",
    "CaseStudySelection",
    "Facet",
    "FacetOption",
    "FacetSpec",
    "case_studies_by_ids",
    "case_studies_dataset_date",
    "case_studies_export_records",
    "case_studies_featured",
    "case_studies_for_method",
    "case_studies_latest",
    "case_studies_live",
    "case_studies_select",
    "case_studies_select_for_export",
    "case_study_citation",
    "case_study_detail_context",
    "case_study_index",
    "case_study_live_by_slug",
    "case_study_query_from_params",
    "case_study_search_ids",
    "case_study_suggestions_for",
    "case_study_version",
]
