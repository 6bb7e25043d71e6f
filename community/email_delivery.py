"""The one retry policy for e-mail to members, shared by every task that sends one (event
notices, reminders, digests, unconference e-mails).

Transient errors (the connection dropped or could not be made, a 4xx "try again later", a
socket error or timeout) are retried with exponential backoff and full jitter (30 s, 60 s,
120 s ... capped at ``EMAIL_RETRY_BACKOFF_MAX_SECONDS``), at most ``EMAIL_RETRY_MAX`` times.
Permanent errors (5xx answers: bad address, message refused, authentication; and anything else:
a bug will not fix itself by retrying) are not retried: the task logs them and ends; a service
with a ledger row that has a status records "failed" on it.

    @member_email_task(name="events.send_organiser_message")
    def send_organiser_message(*, message_id: int) -> int:
        ...  # load the row, return quietly if it is gone, call a service

A service that records the error on its own ledger row (reminders, digests) raises
``RetryLater`` instead of the error, with the countdown it chose from ``email_retry_countdown``.
"""

import contextlib
import functools
import logging
import smtplib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

logger = logging.getLogger(__name__)

# One message: well inside the reminder lease (settings.REMINDER_SENDING_LEASE_SECONDS), so a
# send that is still running is never taken for a dead one.
EMAIL_TASK_SOFT_TIME_LIMIT = 30
EMAIL_TASK_TIME_LIMIT = 40
# A task that e-mails everyone registered for something, one message each (a timeout part-way
# retries it, and the ledger skips those already sent to).
BULK_TIME_LIMITS = {"soft_time_limit": 300, "time_limit": 360}


def _code_is_transient(code) -> bool:
    try:
        return 400 <= int(code) < 500
    except (TypeError, ValueError):
        return False


def email_error_is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying (see the module docstring)."""
    # smtplib's exceptions are OSError subclasses: classify them before the generic OSError rule.
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(_code_is_transient(code) for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _code_is_transient(exc.smtp_code)
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, OSError | TimeoutError | SoftTimeLimitExceeded)


def email_error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def email_retry_allowed(*, attempts: int) -> bool:
    """May a transient failure of attempt number ``attempts`` (1 = the first) be retried?"""
    return attempts <= settings.EMAIL_RETRY_MAX


def email_retry_countdown(*, attempts: int) -> int:
    """Seconds to wait after the failed attempt number ``attempts`` (1 = the first)."""
    return get_exponential_backoff_interval(
        factor=settings.EMAIL_RETRY_BACKOFF_SECONDS,
        retries=max(0, attempts - 1),
        maximum=settings.EMAIL_RETRY_BACKOFF_MAX_SECONDS,
        full_jitter=True,
    )


@contextlib.contextmanager
def email_permanent_failure_isolated(*, user, what: str):
    """Around one member's e-mail inside a loop over members: a permanent failure (bad address)
    is logged and the loop goes on to the next member; a transient one propagates, so the task
    is retried (the ledger skips members already sent to)."""
    try:
        yield
    except Exception as exc:
        if email_error_is_transient(exc):
            raise
        logger.exception(
            "member e-mail not sent, not retrying",
            extra={"what": what, "user": getattr(user, "pk", None), "error": email_error_text(exc)},
        )


class RetryLater(Exception):
    """Raised by a task body whose service recorded a transient failure on its ledger row."""

    def __init__(self, *, countdown: int, error: BaseException | None = None):
        super().__init__(countdown)
        self.countdown = countdown
        self.error = error


def member_email_task(*, name: str, **options):
    """``shared_task`` for a task that sends e-mail to members, with the one retry policy.

    The task runs late-acknowledged (a worker that dies mid-task leaves the message to be
    redelivered; the ledger makes that harmless), keyword arguments only. The time limits fit
    one message; a task that e-mails every attendee passes ``**BULK_TIME_LIMITS``."""

    def decorate(func):
        @shared_task(
            name=name,
            bind=True,
            acks_late=True,
            reject_on_worker_lost=True,
            max_retries=None,  # the cap is email_retry_allowed (attempt counts)
            **{
                "soft_time_limit": EMAIL_TASK_SOFT_TIME_LIMIT,
                "time_limit": EMAIL_TASK_TIME_LIMIT,
                **options,
            },
        )
        @functools.wraps(func)
        def task(self, **kwargs):
            try:
                return func(**kwargs)
            except RetryLater as later:
                raise self.retry(
                    exc=later.error, countdown=later.countdown, kwargs=kwargs
                ) from later
            except Exception as exc:
                attempts = self.request.retries + 1
                if email_error_is_transient(exc) and email_retry_allowed(attempts=attempts):
                    countdown = email_retry_countdown(attempts=attempts)
                    logger.warning(
                        "member e-mail not sent, will retry",
                        extra={"task": name, "attempt": attempts, "error": email_error_text(exc)},
                    )
                    raise self.retry(exc=exc, countdown=countdown, kwargs=kwargs) from exc
                logger.exception(
                    "member e-mail not sent, not retrying",
                    extra={"task": name, "attempt": attempts, "error": email_error_text(exc)},
                )
                return None

        return task

    return decorate
