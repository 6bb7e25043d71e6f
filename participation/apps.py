from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Site-wide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from .checks import check_default_site_matches_site_url
        from .page_cache import connect_page_cache_signals

        connect_page_cache_signals()
        checks.register(check_default_site_matches_site_url, checks.Tags.database)
