from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("impact/", views.ImpactDashboardView.as_view(), name="dashboard"),
    path("impact/data.csv", views.ImpactDataCsvView.as_view(), name="data_csv"),
    path("impact/data.json", views.ImpactDataJsonView.as_view(), name="data_json"),
    path("impact/charts/<slug:key>.svg", views.ImpactChartView.as_view(), name="chart"),
]
