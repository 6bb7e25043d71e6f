"""Which e-mail errors are worth retrying: the classifier lives in community.email_delivery (the
one retry policy for every member e-mail); re-exported here for the reminders' services."""

from community.email_delivery import email_error_is_transient, email_error_text

__all__ = ["email_error_is_transient", "email_error_text"]
