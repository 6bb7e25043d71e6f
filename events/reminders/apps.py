from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Event reminders and notices (Celery): a sub-app of events with its own migrations."""

    name = "events.reminders"
    label = "reminders"
    verbose_name = "Reminders"
    default_auto_field = "django.db.models.BigAutoField"
