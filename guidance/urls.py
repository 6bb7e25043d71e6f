from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("guidance/feedback/<int:page_id>/", views.FeedbackView.as_view(), name="feedback"),
    path(
        "guidance/feedback/<int:page_id>/thanks/",
        views.FeedbackThanksView.as_view(),
        name="feedback_thanks",
    ),
    path("guidance/reports/", views.AdoptionMineView.as_view(), name="adoption_mine"),
    path(
        "guidance/reports/<int:pk>/",
        views.AdoptionUpdateView.as_view(),
        name="adoption_update",
    ),
    path(
        "guidance/organise/reports/",
        views.AdoptionReviewListView.as_view(),
        name="adoption_review_list",
    ),
    path(
        "guidance/organise/reports/<int:pk>/",
        views.AdoptionReviewView.as_view(),
        name="adoption_review",
    ),
    path(
        "guidance/organise/reports/<int:pk>/case-study/",
        views.AdoptionCaseStudyView.as_view(),
        name="adoption_case_study",
    ),
]
