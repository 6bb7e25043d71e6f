"""Unconferences and topic boards.

One set of models serves both the yearly unconference and the standing topic board of the monthly
meetings: a ``TopicBoard`` belongs either to an ``Unconference`` or to a meeting series, and
``Topic``/``Ballot``/``Vote`` hang off the board. ``unconferences`` holds the day, its
registrations and its grid; ``topics`` the boards, topics and votes; ``schedule`` the sessions,
releases and notes.
"""

from .schedule import (
    NoteRevision,
    ReleaseNotification,
    ScheduleRelease,
    Session,
    SessionFacilitator,
    SessionNotes,
)
from .topics import Ballot, Topic, TopicBoard, Vote
from .unconferences import FREEZE_MINUTES, Registration, Slot, Space, Unconference

__all__ = [
    "FREEZE_MINUTES",
    "Ballot",
    "NoteRevision",
    "Registration",
    "ReleaseNotification",
    "ScheduleRelease",
    "Session",
    "SessionFacilitator",
    "SessionNotes",
    "Slot",
    "Space",
    "Topic",
    "TopicBoard",
    "Unconference",
    "Vote",
]
