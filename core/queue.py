"""Enqueue a Celery task from a service without importing the app's tasks module.

Inside an app imports go enums -> models -> selectors/services -> forms/views/tasks: tasks load
rows and call services, so a service must not import its tasks module (that was the hidden
services <-> tasks cycle). A service names the task instead::

    enqueue_on_commit("events.send_registration_confirmation", registration_id=registration.pk)

Every app imports its own tasks module in ``AppConfig.ready()`` (Celery task registration), so
the name is known in the web process as well as in the worker. An unknown name raises
``KeyError`` at once, inside the request, not later in a worker."""

from dataclasses import dataclass, field

from celery import current_app
from django.db import transaction


@dataclass(frozen=True)
class QueuedTask:
    """The on-commit callback that sends one task: it names the task and its arguments, so tests
    (and logs) can tell a queued task from the other on-commit work, such as cache version bumps."""

    task_name: str
    kwargs: dict = field(default_factory=dict)

    def __call__(self) -> None:
        current_app.tasks[self.task_name].delay(**self.kwargs)


def enqueue_on_commit(task_name: str, /, **kwargs) -> None:
    """Send ``task_name`` with ``kwargs`` once the current transaction commits (straight away
    outside a transaction; never when it rolls back)."""
    current_app.tasks[task_name]  # an unknown name fails here, in the request
    transaction.on_commit(QueuedTask(task_name, kwargs))


def queued_tasks(callbacks) -> list[QueuedTask]:
    """The tasks among captured on-commit callbacks (``django_capture_on_commit_callbacks``)."""
    return [callback for callback in callbacks if isinstance(callback, QueuedTask)]
