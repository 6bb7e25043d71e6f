from django.urls import path

from . import views

app_name = "reminders"

# Under /events/organise/reminders/meetings/: events' own "/events/organise/<slug>/" route is
# matched first, so the bare /events/organise/reminders/ belongs to it (see docs/reminders.md).
urlpatterns = [
    path(
        "events/organise/reminders/meetings/",
        views.ReminderMeetingListView.as_view(),
        name="organise",
    ),
    path(
        "events/organise/reminders/meetings/<int:pk>/",
        views.ReminderMeetingDetailView.as_view(),
        name="organise_meeting",
    ),
    path(
        "events/organise/reminders/meetings/<int:pk>/requeue/",
        views.RequeueFailedView.as_view(),
        name="requeue_failed",
    ),
]
