from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    """The roof: the home page, standard pages and updates, site search, the sitemap and the
    demo content, composing the apps below it."""

    name = "participation"
    verbose_name = "Site pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import page_contexts  # noqa: F401  (app-loading order: it imports models)
