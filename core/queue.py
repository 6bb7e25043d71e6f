"""Enqueue a Celery task from a service without importing the app's tasks module.

Inside an app imports go enums -> models -> selectors/services -> forms/views/tasks: tasks load
rows and call services, so a service must not import its tasks module (that was the hidden
services <-> tasks cycle). A service names the task instead::

    enqueue_on_commit("events.send_registration_confirmation", registration_id=registration.pk)

Every app imports its own tasks module in ``AppConfig.ready()`` (Celery task registration), so
the name is known in the web process as well as in the worker. An unknown name raises
``KeyError`` at once, inside the request, not later in a worker."""

from celery import current_app
from django.db import transaction


def enqueue_on_commit(task_name: str, /, **kwargs) -> None:
    """Send ``task_name`` with ``kwargs`` once the current transaction commits (straight away
    outside a transaction; never when it rolls back)."""
    task = current_app.tasks[task_name]
    transaction.on_commit(lambda: task.delay(**kwargs))
