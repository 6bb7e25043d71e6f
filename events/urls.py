from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.MeetingListView.as_view(), name="meeting_list"),
    path("events/calendar.ics", views.PublicCalendarView.as_view(), name="calendar_public"),
    path(
        "events/calendar/<str:token>.ics",
        views.PersonalCalendarView.as_view(),
        name="calendar_personal",
    ),
    path("events/calendar-link/", views.FeedTokenView.as_view(), name="feed_token"),
    path("events/organise/", views.OrganiseDashboardView.as_view(), name="organise"),
    path(
        "events/organise/<slug:slug>/",
        views.OrganiseMeetingView.as_view(),
        name="organise_meeting",
    ),
    path(
        "events/organise/<slug:slug>/attendees.csv",
        views.AttendeesCsvView.as_view(),
        name="attendees_csv",
    ),
    path(
        "events/organise/<slug:slug>/attendance/",
        views.AttendanceView.as_view(),
        name="attendance",
    ),
    path(
        "events/organise/<slug:slug>/message/",
        views.MessageAttendeesView.as_view(),
        name="message_attendees",
    ),
    path("events/organise/<slug:slug>/move/", views.MoveMeetingView.as_view(), name="move"),
    path("events/organise/<slug:slug>/cancel/", views.CancelMeetingView.as_view(), name="cancel"),
    path("events/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("events/<slug:slug>/event.ics", views.MeetingIcsView.as_view(), name="meeting_ics"),
    path("events/<slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path(
        "events/<slug:slug>/cancel-registration/",
        views.CancelRegistrationView.as_view(),
        name="cancel_registration",
    ),
]
