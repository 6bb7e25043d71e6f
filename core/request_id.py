"""A reference for every request and every Celery task (docs/operations.md, "Logs").

- ``RequestIdMiddleware`` (first in MIDDLEWARE) takes a sane ``X-Request-ID`` from the proxy in
  front of gunicorn (8-100 letters, digits, ``.``, ``_``, ``:`` or ``-``) or makes one (32 hex
  digits), keeps it in a context variable for the length of the request and returns it in the
  ``X-Request-ID`` response header.
- In a worker, the task's own Celery id is the reference while the task runs
  (``connect_celery_signals``, called from ``CoreConfig.ready()``).
- ``RequestIdFilter`` (on the JSON log handler in settings) puts ``request_id`` on every log
  line: the reference, or ``-`` outside any request or task.
- The 500 page shows it (``core.errors.server_error``) and Sentry events carry it as the
  ``request_id`` tag (``core.sentry``), so a member can quote it and an operator can find the
  traceback and the log lines.

This module imports no models: settings' LOGGING imports it in every process.
"""

import contextvars
import logging
import re
import uuid

from celery import signals

HEADER = "X-Request-ID"
NO_REQUEST = "-"
# What a proxy may hand us: nginx's $request_id (32 hex), a UUID, AWS/Heroku style ids. Anything
# else (too short, too long, spaces, quotes, newlines) is replaced, so a log line cannot be forged.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def get_request_id() -> str | None:
    """The current request's or task's reference, or None outside both."""
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_from_header(value: str | None) -> str:
    """The proxy's id when it is sane, else a new one."""
    if value and SANE_REQUEST_ID.match(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from_header(request.headers.get(HEADER))
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (the JSON formatter writes it on every line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = _request_id.get()
        if request_id is None:
            # Django logs a 4xx/5xx response after the middleware chain has returned; the record
            # carries the request, which carries its reference.
            request_id = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id or NO_REQUEST
        return True


_task_tokens: dict[str, contextvars.Token] = {}


def _task_started(task_id=None, **_kwargs) -> None:
    if task_id:
        _task_tokens[task_id] = _request_id.set(task_id)


def _task_finished(task_id=None, **_kwargs) -> None:
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        try:
            _request_id.reset(token)
        except ValueError:  # set in another context (never with prefork): just clear it
            _request_id.set(None)


def connect_celery_signals() -> None:
    """While a task runs, its Celery id is the reference in logs and Sentry events."""
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="core.request_id.start")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="core.request_id.end")
