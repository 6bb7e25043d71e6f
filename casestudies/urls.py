from django.urls import path

from . import views

app_name = "casestudies"

# Fixed paths (DESIGN.md section 5); they are matched before Wagtail's page tree, so the
# library index page at /case-studies/ and each case study are served by Wagtail itself.
urlpatterns = [
    path("case-studies/feed/", views.CaseStudyFeed(), name="feed"),
    path("case-studies/data.csv", views.DataCsvView.as_view(), name="data_csv"),
    path("case-studies/data.json", views.DataJsonView.as_view(), name="data_json"),
    path("case-studies/data/", views.DataDictionaryView.as_view(), name="data_dictionary"),
    path("case-studies/suggest/", views.SuggestView.as_view(), name="suggest"),
    path("case-studies/methods/", views.MethodListView.as_view(), name="method_list"),
    path(
        "case-studies/methods/<slug:slug>/",
        views.MethodDetailView.as_view(),
        name="method_detail",
    ),
]
