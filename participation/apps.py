from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Site-wide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from .checks import check_default_site_matches_site_url
        from .page_cache import connect_page_cache_signals, page_cache_invalidated_by

        connect_page_cache_signals()
        page_cache_invalidated_by(
            "participation.SiteSettings",
            "participation.NavigationSettings",
            "participation.NavigationLink",
        )
        checks.register(check_default_site_matches_site_url, checks.Tags.database)
