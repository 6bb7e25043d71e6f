from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Event reminders and notices (Celery): a sub-app of events with its own migrations."""

    name = "events.reminders"
    label = "reminders"
    verbose_name = "Reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.data_rights import register_eraser, register_exporter
        from core.views import health_check_register

        from .selectors import reminder_scanner_health, reminders_export
        from .services import reminders_erase

        health_check_register("reminder_scanner", reminder_scanner_health)
        register_exporter("reminders", reminders_export)
        register_eraser("reminders", reminders_erase)
