from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = "Impact"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import cache, organiser, search  # app-loading order: they import models

        cache.connect_impact_signals()
        search.register()
        organiser.register()
