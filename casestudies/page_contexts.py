"""What the library's pages show besides their own fields (core.pages, docs/decisions.md
"Page context: models never import selectors"). Imported in CaseStudiesConfig.ready()."""

from core.pages import page_context

from .models import CaseStudyIndexPage, CaseStudyPage
from .selectors import (
    case_studies_select,
    case_study_citation,
    case_study_detail_context,
    case_study_query_from_params,
)


@page_context(CaseStudyIndexPage)
def case_study_index(page, request, *args, **kwargs) -> dict:
    """The faceted, searchable selection and the requested page of its results."""
    selection = case_studies_select(
        query=case_study_query_from_params(params=request.GET), index=page
    )
    page_obj = selection.paginate()
    return {"selection": selection, "page_obj": page_obj, "case_studies": page_obj.object_list}


@page_context(CaseStudyPage)
def case_study(page, request, *args, **kwargs) -> dict:
    """The taxonomies, evidence, figures and sources, and the facts for "Cite this"."""
    detail = case_study_detail_context(page=page, request=request)
    return {
        **detail,
        "citation": case_study_citation(
            page=page,
            request=request,
            version=detail["citation_version"],
            language_code=detail["language_code"],
        ),
    }
