from django.apps import AppConfig

from core.data_rights import register_eraser, register_exporter
from core.health import health_check_register


class RemindersConfig(AppConfig):
    """Event reminders and notices (Celery): a sub-app of events with its own migrations."""

    name = "events.reminders"
    label = "reminders"
    verbose_name = "Reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import selectors, services, tasks  # noqa: F401  (app-loading order: they import models; Celery task registration)

        health_check_register("reminder_scanner", selectors.reminder_scanner_health)
        register_exporter("reminders", selectors.reminders_export)
        register_eraser("reminders", services.reminders_erase)
