from django.urls import include, path

from . import views

app_name = "unconferences"


def board_routes(prefix: str, *, standing: bool):
    """The shared topic board views, mounted for unconferences and for standing boards."""
    kw = {"standing": standing}
    return [
        path("", views.TopicListView.as_view(**kw), name=f"{prefix}topics"),
        path("propose/", views.TopicProposeView.as_view(**kw), name=f"{prefix}topic_propose"),
        path("<int:pk>/edit/", views.TopicEditView.as_view(**kw), name=f"{prefix}topic_edit"),
        path(
            "<int:pk>/withdraw/",
            views.TopicWithdrawView.as_view(**kw),
            name=f"{prefix}topic_withdraw",
        ),
        path("organise/", views.OrganiseTopicsView.as_view(**kw), name=f"{prefix}topics_organise"),
        path("organise/bulk/", views.TopicsBulkView.as_view(**kw), name=f"{prefix}topics_bulk"),
        path(
            "organise/<int:pk>/",
            views.TopicModerateView.as_view(**kw),
            name=f"{prefix}topic_moderate",
        ),
    ]


unconference_patterns = [
    path("", views.UnconferenceDetailView.as_view(), name="detail"),
    path("register/", views.RegistrationView.as_view(), name="register"),
    path("topics/", include(board_routes("", standing=False))),
    path("vote/", views.VoteView.as_view(standing=False), name="vote"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("schedule/changes/", views.ChangesView.as_view(), name="changes"),
    path("schedule.ics", views.ScheduleIcsView.as_view(), name="schedule_ics"),
    path("my-sessions.ics", views.MySessionsIcsView.as_view(), name="my_sessions_ics"),
    path("sessions/<int:topic_id>/", views.SessionView.as_view(), name="session"),
    path("sessions/<int:topic_id>/notes/", views.SessionNotesView.as_view(), name="session_notes"),
    path(
        "sessions/<int:topic_id>/notes/history/",
        views.SessionNotesHistoryView.as_view(),
        name="session_notes_history",
    ),
    path(
        "sessions/<int:topic_id>/case-study/",
        views.SessionCaseStudyView.as_view(),
        name="session_case_study",
    ),
    path("organise/", views.OrganiseView.as_view(), name="organise"),
    path("organise/phase/", views.PhaseChangeView.as_view(), name="organise_phase"),
    path("organise/rooms-and-slots/", views.GridView.as_view(), name="organise_grid"),
    path("organise/run/", views.ScheduleRunView.as_view(), name="organise_schedule_run"),
    path("organise/publish/", views.SchedulePublishView.as_view(), name="organise_publish"),
    path("organise/place/", views.SessionPlaceView.as_view(), name="organise_place"),
    path(
        "organise/sessions/<int:topic_id>/",
        views.SessionEditView.as_view(),
        name="organise_session",
    ),
    path(
        "organise/registrations/",
        views.RegistrationsView.as_view(),
        name="organise_registrations",
    ),
    path(
        "organise/registrations.csv",
        views.RegistrationsCsvView.as_view(),
        name="organise_registrations_csv",
    ),
]

board_patterns = [
    *board_routes("board_", standing=True),
    path("vote/", views.VoteView.as_view(standing=True), name="board_vote"),
]

urlpatterns = [
    path("unconferences/", views.UnconferenceListView.as_view(), name="list"),
    path("unconferences/<slug:slug>/", include(unconference_patterns)),
    path("topics/<slug:slug>/", include(board_patterns)),
]
