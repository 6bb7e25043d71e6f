from django.apps import AppConfig
from django.core import checks as django_checks

from .form_messages import use_plain_length_messages
from .health import health_check_register
from .page_cache import connect_page_cache_signals, page_cache_invalidated_by
from .request_id import connect_celery_signals


class CoreConfig(AppConfig):
    """The ground: abstract bases, blocks, site settings and navigation, HTTP and language
    helpers, and the registries the apps plug into. It imports no other app of the project."""

    name = "core"
    verbose_name = "Site-wide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # App-loading order (they import models) and Celery task registration (core/queue.py).
        from . import checks, content_cache, selectors, tasks  # noqa: F401

        # /healthz: these come first (the heartbeat needs the database); apps add theirs.
        health_check_register("database", selectors.health_database)
        health_check_register("cache", selectors.health_cache)
        health_check_register("broker", selectors.health_broker)
        use_plain_length_messages()  # every form's length errors, GOV.UK style
        connect_page_cache_signals()
        connect_celery_signals()  # a task's id is its reference in logs and Sentry
        content_cache.connect_frame_signals()
        page_cache_invalidated_by(
            "core.SiteSettings", "core.NavigationSettings", "core.NavigationLink"
        )
        django_checks.register(
            checks.check_default_site_matches_site_url, django_checks.Tags.database
        )
