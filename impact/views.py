"""Organisation pages and the impact dashboard (public), with the dashboard's open data."""

from __future__ import annotations

import csv

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.csv_export import csv_safe

from .charts import figure_svg
from .figures import figures_as_json, figures_as_records, impact_figure, impact_figures
from .organisations import (
    organisation_directory,
    organisation_kinds_from_params,
    organisation_page,
    organisation_public_by_slug,
)


class OrganisationListView(TemplateView):
    template_name = "impact/organisation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = organisation_kinds_from_params(self.request.GET.getlist("kind"))
        directory = organisation_directory(
            kinds=kinds, page_number=str(self.request.GET.get("page", "1"))[:10]
        )
        context.update(
            directory=directory,
            page_obj=directory.page,
            organisations=directory.page.object_list,
            breadcrumbs=[(_("Home"), "/"), (_("Organisations"), None)],
        )
        return context


class OrganisationDetailView(TemplateView):
    template_name = "impact/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = organisation_public_by_slug(slug=self.kwargs["slug"])
        context.update(
            page=organisation_page(
                organisation=organisation, viewer=self.request.user, request=self.request
            ),
            organisation=organisation,
            breadcrumbs=[
                (_("Home"), "/"),
                (_("Organisations"), reverse("impact:organisation_list")),
                (organisation.name, None),
            ],
        )
        return context


class ImpactDashboardView(TemplateView):
    template_name = "impact/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            figures=impact_figures(request=self.request),
            breadcrumbs=[(_("Home"), "/"), (_("Impact"), None)],
        )
        return context


# The chart is an SVG image: pygal's <style> elements need inline styles in that document
# only; it has no script (charts.figure_svg removes pygal's) and loads nothing.
@method_decorator(
    csp_replace({"style-src": ["'unsafe-inline'"], "script-src": ["'none'"]}), name="dispatch"
)
class ImpactChartView(View):
    def get(self, request, key: str):
        figure = impact_figure(key=key, request=request)
        if figure is None:
            raise Http404(_("There is no chart with this name"))
        svg = figure_svg(figure, no_data_text=_("Nothing to show yet"))
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Cache-Control"] = "public, max-age=300"
        return response


class ImpactDataCsvView(View):
    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="impact.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 with a byte-order mark
        records = figures_as_records(impact_figures(request=request))
        columns = ["figure", "figure_title", "row", "row_label", "column", "column_label", "value"]
        writer = csv.writer(response)
        writer.writerow(columns)
        for record in records:
            writer.writerow(
                [record["value"] if name == "value" else csv_safe(record[name]) for name in columns]
            )
        return response


class ImpactDataJsonView(View):
    def get(self, request):
        data = figures_as_json(impact_figures(request=request))
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Access-Control-Allow-Origin"] = "*"
        return response
