from django.apps import AppConfig
from django.core import checks as django_checks

from .page_cache import connect_page_cache_signals, page_cache_invalidated_by


class CoreConfig(AppConfig):
    """The ground: abstract bases, blocks, site settings and navigation, HTTP and language
    helpers, and the registries the apps plug into. It imports no other app of the project."""

    name = "core"
    verbose_name = "Site-wide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # App-loading order (both import models) and Celery task registration (core/queue.py).
        from . import checks, tasks  # noqa: F401

        connect_page_cache_signals()
        page_cache_invalidated_by(
            "core.SiteSettings", "core.NavigationSettings", "core.NavigationLink"
        )
        django_checks.register(
            checks.check_default_site_matches_site_url, django_checks.Tags.database
        )
