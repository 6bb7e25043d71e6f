from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.page_cache import page_cache_invalidated_by

        from .services import register_data_rights

        register_data_rights()
        page_cache_invalidated_by("community.Organisation")  # shown on case studies and guides
