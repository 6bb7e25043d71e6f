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
]
