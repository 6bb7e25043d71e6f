"""The Celery application. The beat schedule lives here, in code, one commented entry per task.

Run exactly one beat process (or the worker with -B in the embedded default): two beats would
enqueue every periodic task twice. Schedules are in UTC.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.settings.dev")

app = Celery("participation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Heartbeat: records that beat and a worker are alive; /healthz reports its age.
    "participation-heartbeat": {
        "task": "participation.heartbeat",
        "schedule": 60.0,
    },
    # Reminders: every minute, record the reminders that are due in the ReminderDelivery ledger
    # and enqueue one events.send_reminder per new row (docs/reminders.md). The schedule lives
    # in the database, never in long Celery countdowns.
    "events-queue-due-reminders": {
        "task": "events.queue_due_reminders",
        "schedule": 60.0,
    },
    # Weekly digest: hourly check; sends once the organisers' chosen UK day and hour has come
    # (DigestSettings), at most once per member and week (DigestDelivery ledger).
    "events-queue-digests": {
        "task": "events.queue_digests",
        "schedule": 60 * 60.0,
    },
    # Events: keep the next EVENTS_GENERATE_MONTHS of every meeting series materialised (daily).
    "events-generate-occurrences": {
        "task": "events.generate_occurrences",
        "schedule": 24 * 60 * 60.0,
    },
}
