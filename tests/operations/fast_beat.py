"""The project's Celery app with the reminder scan every 2 seconds instead of 60, for the one
beat of the scale-out test (celery -A tests.operations.fast_beat beat): the same scheduler and
tasks, a test-sized interval."""

from participation.celery import app

SCAN_SECONDS = 2.0

app.conf.beat_schedule = {
    **app.conf.beat_schedule,
    "events-queue-due-reminders": {
        **app.conf.beat_schedule["events-queue-due-reminders"],
        "schedule": SCAN_SECONDS,
    },
}

__all__ = ["app"]
