"""Thin class-based views, by who uses them: ``public`` (anyone: unconferences, topic lists,
the published schedule, sessions and notes), ``member`` (signed in: register, propose, vote,
write notes), ``organiser`` (the working schedule, releases, registrations) and ``moderation``
(organisers moderating a topic board); ``shared`` finds what the URL names. The topic board views
are mounted for an unconference and for a meeting series' standing board (``urls.py``)."""

from .console import GridView, PhaseChangeView
from .member import (
    MySessionsIcsView,
    RegistrationView,
    SessionCaseStudyView,
    SessionNotesView,
    TopicEditView,
    TopicProposeView,
    TopicWithdrawView,
    VoteView,
)
from .moderation import OrganiseTopicsView, TopicModerateView, TopicsBulkView
from .organiser import (
    OrganiseView,
    RegistrationsCsvView,
    RegistrationsView,
    SchedulePublishView,
    ScheduleRunView,
    SessionEditView,
    SessionPlaceView,
)
from .public import (
    ChangesView,
    ScheduleIcsView,
    ScheduleView,
    SessionNotesHistoryView,
    SessionView,
    TopicListView,
    UnconferenceDetailView,
    UnconferenceListView,
)
from .shared import unconference_board

__all__ = [
    "ChangesView",
    "GridView",
    "MySessionsIcsView",
    "OrganiseTopicsView",
    "OrganiseView",
    "PhaseChangeView",
    "RegistrationView",
    "RegistrationsCsvView",
    "RegistrationsView",
    "ScheduleIcsView",
    "SchedulePublishView",
    "ScheduleRunView",
    "ScheduleView",
    "SessionCaseStudyView",
    "SessionEditView",
    "SessionNotesHistoryView",
    "SessionNotesView",
    "SessionPlaceView",
    "SessionView",
    "TopicEditView",
    "TopicListView",
    "TopicModerateView",
    "TopicProposeView",
    "TopicWithdrawView",
    "TopicsBulkView",
    "UnconferenceDetailView",
    "UnconferenceListView",
    "VoteView",
    "unconference_board",
]
