from django.apps import AppConfig


class UnconferencesConfig(AppConfig):
    """Unconferences and topic boards: a sub-app of events with its own migrations."""

    name = "events.unconferences"
    label = "unconferences"
    verbose_name = "Unconferences"
    default_auto_field = "django.db.models.BigAutoField"
