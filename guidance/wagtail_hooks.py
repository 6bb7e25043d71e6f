"""Admin: reader feedback per guide (listing with filters and CSV export, and a summary)."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.csv_export import csv_safe

from .models import GuideFeedback
from .selectors import adoption_feedback_by_version, feedback_summary_by_guide

VIEW_FEEDBACK = "guidance.view_guidefeedback"


class FeedbackIndexView(IndexView):
    # Readers type comments: a spreadsheet must never treat one as a formula (CSV injection).
    custom_field_preprocess = {
        "comment": {"csv": csv_safe},
        "contact_email": {"csv": csv_safe},
        "version": {"csv": csv_safe},
    }


class FeedbackViewSet(ModelViewSet):
    """Every answer, newest first. Editors and Moderators may view (granted by migration 0002)."""

    model = GuideFeedback
    index_view_class = FeedbackIndexView
    name = "guide_feedback"
    icon = "comment"
    menu_label = _("All feedback")
    list_display = ["guide", "page_title", "version", "useful", "comment", "created_at"]
    list_filter = ["guide", "useful", "version"]
    list_export = [
        "guide",
        "page_title",
        "version",
        "useful",
        "comment",
        "contact_email",
        "created_at",
    ]
    export_headings = {"page_title": _("Page"), "guide": _("Guide")}
    export_filename = "guide-feedback"
    inspect_view_enabled = True
    inspect_view_fields = [
        "guide",
        "page",
        "version",
        "useful",
        "comment",
        "contact_email",
        "created_at",
    ]
    # Only a superuser can edit: to redact personal data someone typed into a comment.
    form_fields = ["comment", "contact_email"]
    copy_view_enabled = False


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_FEEDBACK)


class FeedbackSummaryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guidance/admin/feedback_summary.html"
    page_title = _("Feedback by guide")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_FEEDBACK):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = feedback_summary_by_guide()
        return context


class FeedbackSummaryViewSet(ViewSet):
    name = "guide_feedback_summary"
    icon = "table"
    menu_label = _("Feedback by guide")

    @property
    def menu_item_class(self):
        return PermissionMenuItem

    def get_urlpatterns(self):
        return [path("", FeedbackSummaryView.as_view(), name="index")]


class PilotFeedbackView(WagtailAdminTemplateMixin, TemplateView):
    """The accounts in adoption reports, by guide and by the version reported against (issue
    21): feedback from pilots beside the guide's version, for the next revision."""

    template_name = "guidance/admin/pilot_feedback.html"
    page_title = _("Feedback from pilots")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_FEEDBACK):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=adoption_feedback_by_version(), **kwargs)


class PilotFeedbackViewSet(ViewSet):
    name = "guide_pilot_feedback"
    icon = "doc-full"
    menu_label = _("Feedback from pilots")

    @property
    def menu_item_class(self):
        return PermissionMenuItem

    def get_urlpatterns(self):
        return [path("", PilotFeedbackView.as_view(), name="index")]


class GuideFeedbackGroup(ViewSetGroup):
    menu_label = _("Guide feedback")
    menu_icon = "comment"
    menu_order = 250
    items = (FeedbackSummaryViewSet, FeedbackViewSet, PilotFeedbackViewSet)


@hooks.register("register_admin_viewset")
def register_feedback_viewsets():
    return GuideFeedbackGroup()
