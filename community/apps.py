from django.apps import AppConfig

from core.page_cache import page_cache_invalidated_by


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # App-loading order (they import models) and Celery task registration (core/queue.py).
        from . import services, tasks  # noqa: F401

        services.register_data_rights()
        page_cache_invalidated_by("community.Organisation")  # shown on case studies and guides
