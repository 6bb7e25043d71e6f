from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Site-wide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .page_cache import connect_page_cache_signals

        connect_page_cache_signals()
