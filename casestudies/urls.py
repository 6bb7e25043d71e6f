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
    # "Cite this case study" as files (the links are in the page's citation box).
    path(
        "case-studies/<slug:slug>/cite.bib",
        views.CitationView.as_view(file_format="bib"),
        name="cite_bib",
    ),
    path(
        "case-studies/<slug:slug>/cite.ris",
        views.CitationView.as_view(file_format="ris"),
        name="cite_ris",
    ),
    path(
        "case-studies/<slug:slug>/cite.json",
        views.CitationView.as_view(file_format="json"),
        name="cite_json",
    ),
    path("case-studies/methods/", views.MethodListView.as_view(), name="method_list"),
    path(
        "case-studies/methods/<slug:slug>/",
        views.MethodDetailView.as_view(),
        name="method_detail",
    ),
]
