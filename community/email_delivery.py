"""The one sending path for e-mail to members (docs/emails.md): the ledger abstraction that says
"this e-mail, to this person, for this reason, goes out once" (``EmailLedger``,
``email_ledger_claim``, the row's ``message_id``) and the one retry policy, shared by every task
that sends one (event notices, reminders, digests, unconference e-mails).

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
from typing import ClassVar, TypeVar
from urllib.parse import urlsplit

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import models, transaction
from django.utils.crypto import salted_hmac

from core.http import site_origin

logger = logging.getLogger(__name__)

# --- Ledgers: each e-mail goes out once --------------------------------------------------------

MESSAGE_ID_SALT = "community.emails.message-id"


def ledger_message_id(*, ledger: str, ref: str) -> str:
    """The Message-ID of the e-mail recorded by one ledger row: ``<{ledger}-{ref}-{mac}@{host}>``.

    Derived from the row (``ledger`` names the ledger, ``ref`` the row: its primary key, or its
    natural key where the row is only written together with the send), never random, so a re-send
    of the same row (a crashed worker's message sent again) carries the same Message-ID and mail
    systems keep one copy. The HMAC (keyed by SECRET_KEY) keeps IDs unguessable across sites."""
    mac = salted_hmac(MESSAGE_ID_SALT, f"{ledger}:{ref}", algorithm="sha256").hexdigest()[:16]
    host = urlsplit(site_origin()).hostname or "localhost"
    return f"<{ledger}-{ref}-{mac}@{host}>"


class EmailLedger(models.Model):
    """Base of every "e-mail sent" ledger: a row says "this e-mail, to this person, for this
    reason, goes out once", and a unique constraint on the model's key (what, to whom, why;
    never the clock) makes a re-run or a redelivered task harmless. No fields of its own: each
    ledger keeps its table (docs/emails.md says why they are not merged). A ledger declares its
    name, and which fields name a row in its Message-ID, in its class statement::

        class EventEmail(EmailLedger, TimeStampedModel, ledger_name="event-email"):
        class ReleaseNotification(
            EmailLedger, ledger_name="schedule-release", ledger_ref=("release_id", "user_id")
        ):

    ``ledger_ref`` is the primary key unless the row is written in the same transaction as the
    send (a failed send rolls the row back, so its next primary key would differ): then the
    natural key. Every ledger has ``sent_at``, set once its e-mail went out."""

    ledger_name: ClassVar[str] = ""
    ledger_ref: ClassVar[tuple[str, ...]] = ("pk",)
    sent_at: models.DateTimeField  # declared by each ledger (nullable, or auto_now_add)

    class Meta:
        abstract = True

    def __init_subclass__(
        cls, *, ledger_name: str = "", ledger_ref: tuple[str, ...] = (), **kwargs
    ) -> None:
        super().__init_subclass__(**kwargs)
        if ledger_name:
            cls.ledger_name = ledger_name
        if ledger_ref:
            cls.ledger_ref = tuple(ledger_ref)

    @property
    def message_id(self) -> str:
        """This row's e-mail's Message-ID: the same on every attempt (``ledger_message_id``)."""
        ref = "-".join(str(getattr(self, name)) for name in self.ledger_ref)
        return ledger_message_id(ledger=self.ledger_name, ref=ref)

    @property
    def ledger_sent(self) -> bool:
        return self.sent_at is not None


L = TypeVar("L", bound=EmailLedger)


def email_ledger_claim(ledger: type[L], /, **key) -> tuple[L, bool]:
    """Get or create ``ledger``'s row for ``key`` (its unique key, e.g. ``key=..., user=...``)
    and say whether this call owns the send: True when the row is new, or exists with its e-mail
    not recorded as sent (a send that crashed: sent again, with the row's same Message-ID);
    False when it went out already. Safe under concurrency: two callers racing to create the
    row meet on the unique constraint and one gets the other's row.

    Inside an open transaction (a ledger written together with its send) the row is rolled back
    with it when the send fails. Reminders and digests record their rows in bulk with the same
    rule in SQL (``INSERT ... ON CONFLICT DO NOTHING`` on the same unique key) and then claim each
    row for sending under a lease (docs/reminders.md)."""
    with transaction.atomic():
        row, created = ledger.objects.get_or_create(**key)
    return row, created or not row.ledger_sent


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


# The name of every task declared with member_email_task (tests/community/test_email_delivery.py
# checks each one against the retry and idempotency rules).
MEMBER_EMAIL_TASKS: set[str] = set()


def member_email_task(*, name: str, **options):
    """``shared_task`` for a task that sends e-mail to members, with the one retry policy.

    The task runs late-acknowledged (a worker that dies mid-task leaves the message to be
    redelivered; the ledger makes that harmless), keyword arguments only. The time limits fit
    one message; a task that e-mails every attendee passes ``**BULK_TIME_LIMITS``."""

    MEMBER_EMAIL_TASKS.add(name)

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
