"""Writes for events (keyword-only; see the modules): series generation (series.py), RSVP with
waiting list (registrations.py), organiser changes and their notices (notices.py), organiser
messages (messages.py), calendar feed tokens (feeds.py) and data rights (data_rights.py).

Re-exported here: what views, the admin, tasks, demo and tests call. The ``*_locked`` helpers
and ``change_notice_queue`` are for this package's own modules."""

from .data_rights import registrations_erase, registrations_export
from .feeds import (
    calendar_feed_token_get_or_create,
    calendar_feed_token_regenerate,
    calendar_feed_token_revoke,
)
from .messages import (
    OrganiserMessageAlreadySent,
    organiser_message_draft,
    organiser_message_send,
    organiser_message_send_token,
    organiser_message_test_send,
    organiser_message_token_used,
)
from .notices import meeting_cancel, meeting_edited, meeting_move, meeting_record_change
from .registrations import (
    RegistrationRefused,
    meeting_and_series_register,
    meeting_and_series_unregister,
    meeting_promote_waitlist,
    meeting_register,
    meeting_series_register,
    meeting_series_unregister,
    registration_cancel,
    registration_set_attendance,
)
from .series import (
    generation_horizon,
    meeting_series_generate,
    meeting_series_generate_ahead,
    meeting_series_generate_all,
)

__all__ = [
    "OrganiserMessageAlreadySent",
    "RegistrationRefused",
    "calendar_feed_token_get_or_create",
    "calendar_feed_token_regenerate",
    "calendar_feed_token_revoke",
    "generation_horizon",
    "meeting_and_series_register",
    "meeting_and_series_unregister",
    "meeting_cancel",
    "meeting_edited",
    "meeting_move",
    "meeting_promote_waitlist",
    "meeting_record_change",
    "meeting_register",
    "meeting_series_generate",
    "meeting_series_generate_ahead",
    "meeting_series_generate_all",
    "meeting_series_register",
    "meeting_series_unregister",
    "organiser_message_draft",
    "organiser_message_send",
    "organiser_message_send_token",
    "organiser_message_test_send",
    "organiser_message_token_used",
    "registration_cancel",
    "registration_set_attendance",
    "registrations_erase",
    "registrations_export",
]
