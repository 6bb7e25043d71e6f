"""Admin: taxonomy snippets, and a filterable listing of case studies by the library's facets."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.enums import Nation

from .enums import Completeness, Outcome, Sector, WorkersInvolved
from .models import CaseStudyPage, DataKind, LifecycleStage, Method, SystemKind


class _TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class MethodViewSet(_TermViewSet):
    model = Method
    icon = "group"
    menu_label = _("Participation methods")


class LifecycleStageViewSet(_TermViewSet):
    model = LifecycleStage
    icon = "list-ol"


class DataKindViewSet(_TermViewSet):
    model = DataKind
    icon = "table"


class SystemKindViewSet(_TermViewSet):
    model = SystemKind
    icon = "cogs"


class CaseStudyTaxonomyGroup(SnippetViewSetGroup):
    items = (MethodViewSet, LifecycleStageViewSet, DataKindViewSet, SystemKindViewSet)
    menu_icon = "tag"
    menu_label = _("Case study terms")
    menu_name = "case-study-terms"


register_snippet(CaseStudyTaxonomyGroup)


class CaseStudyFilterSet(PageFilterSet):
    sector = django_filters.MultipleChoiceFilter(choices=Sector.choices, label=_("Sector"))
    outcome = django_filters.MultipleChoiceFilter(choices=Outcome.choices, label=_("Outcome"))
    nation = django_filters.MultipleChoiceFilter(choices=Nation.choices, label=_("Nation"))
    workers_involved = django_filters.MultipleChoiceFilter(
        choices=WorkersInvolved.choices, label=_("Workers involved")
    )
    completeness = django_filters.MultipleChoiceFilter(
        choices=Completeness.choices, label=_("Completeness")
    )
    methods = django_filters.ModelMultipleChoiceFilter(
        queryset=Method.objects.all(), label=_("Participation method"), distinct=True
    )
    lifecycle_stages = django_filters.ModelMultipleChoiceFilter(
        queryset=LifecycleStage.objects.all(), label=_("Lifecycle stage"), distinct=True
    )
    data_kinds = django_filters.ModelMultipleChoiceFilter(
        queryset=DataKind.objects.all(), label=_("Kind of data"), distinct=True
    )
    system_kinds = django_filters.ModelMultipleChoiceFilter(
        queryset=SystemKind.objects.all(), label=_("Kind of system"), distinct=True
    )

    class Meta:
        model = CaseStudyPage
        fields = []


class CaseStudyPageListingViewSet(PageListingViewSet):
    model = CaseStudyPage
    icon = "doc-full-inverse"
    menu_label = _("Case studies")
    add_to_admin_menu = True
    filterset_class = CaseStudyFilterSet
    name = "case_studies"


case_study_page_listing_viewset = CaseStudyPageListingViewSet("case_studies")


@hooks.register("register_admin_viewset")
def register_case_study_listing():
    return case_study_page_listing_viewset
