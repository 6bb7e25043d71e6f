"""Writes for unconferences and topic boards (keyword-only; see the modules)."""

from .notes import markdown_to_html, notes_save, notes_to_case_study
from .registrations import registration_cancel, registration_save
from .schedule import (
    schedule_diff,
    schedule_publish,
    schedule_run,
    schedule_snapshot,
    session_move,
    session_place,
    session_set_locked,
)
from .topics import (
    Refused,
    topic_accept,
    topic_decline,
    topic_edit,
    topic_hide,
    topic_merge,
    topic_propose,
    topic_take_up,
    topic_withdraw,
    unconference_board_ensure,
)
from .voting import ballot_get_or_create, vote_add, vote_remove, votes_save

__all__ = [
    "Refused",
    "ballot_get_or_create",
    "markdown_to_html",
    "notes_save",
    "notes_to_case_study",
    "registration_cancel",
    "registration_save",
    "schedule_diff",
    "schedule_publish",
    "schedule_run",
    "schedule_snapshot",
    "session_move",
    "session_place",
    "session_set_locked",
    "topic_accept",
    "topic_decline",
    "topic_edit",
    "topic_hide",
    "topic_merge",
    "topic_propose",
    "topic_take_up",
    "topic_withdraw",
    "unconference_board_ensure",
    "vote_add",
    "vote_remove",
    "votes_save",
]
