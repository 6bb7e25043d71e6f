"""A member's case study suggestions and where each one stands in review (account page)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from ..models import CaseStudyPage, CaseStudySuggestion

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
    page_type = ContentType.objects.get_for_model(CaseStudyPage, for_concrete_model=False)
    base_type = ContentType.objects.get_for_model(Page)
    latest_state = (
        WorkflowState.objects.filter(
            base_content_type__in=[base_type, page_type],
            object_id=Cast(OuterRef("page_id"), output_field=CharField()),
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
