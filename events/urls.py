from django.urls import path

from .views import member, organise, public

app_name = "events"

urlpatterns = [
    path("events/", public.MeetingListView.as_view(), name="meeting_list"),
    path("events/calendar.ics", public.PublicCalendarView.as_view(), name="calendar_public"),
    path(
        "events/calendar/<str:token>.ics",
        member.PersonalCalendarView.as_view(),
        name="calendar_personal",
    ),
    path("events/calendar-link/", member.FeedTokenView.as_view(), name="feed_token"),
    path("events/organise/", organise.OrganiseDashboardView.as_view(), name="organise"),
    path(
        "events/organise/<slug:slug>/",
        organise.OrganiseMeetingView.as_view(),
        name="organise_meeting",
    ),
    path(
        "events/organise/<slug:slug>/attendees.csv",
        organise.AttendeesCsvView.as_view(),
        name="attendees_csv",
    ),
    path(
        "events/organise/<slug:slug>/attendance/",
        organise.AttendanceView.as_view(),
        name="attendance",
    ),
    path(
        "events/organise/<slug:slug>/message/",
        organise.MessageAttendeesView.as_view(),
        name="message_attendees",
    ),
    path("events/organise/<slug:slug>/move/", organise.MoveMeetingView.as_view(), name="move"),
    path(
        "events/organise/<slug:slug>/cancel/", organise.CancelMeetingView.as_view(), name="cancel"
    ),
    path("events/<slug:slug>/", public.MeetingDetailView.as_view(), name="meeting_detail"),
    path("events/<slug:slug>/event.ics", public.MeetingIcsView.as_view(), name="meeting_ics"),
    path("events/<slug:slug>/register/", member.RegisterView.as_view(), name="register"),
    path(
        "events/<slug:slug>/cancel-registration/",
        member.CancelRegistrationView.as_view(),
        name="cancel_registration",
    ),
]
