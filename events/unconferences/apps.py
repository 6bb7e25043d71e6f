from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.account_sections import register_account_section
from core.data_rights import register_eraser, register_exporter


class UnconferencesConfig(AppConfig):
    """Unconferences and topic boards: a sub-app of events with its own migrations."""

    name = "events.unconferences"
    label = "unconferences"
    verbose_name = "Unconferences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import data_rights, search, selectors, tasks  # noqa: F401  (app-loading order: they import models; Celery task registration)

        search.register()

        register_exporter("unconferences", data_rights.export_member)
        register_eraser("unconferences", data_rights.erase_member)
        register_account_section(
            key="unconferences",
            title=_("Your unconferences"),
            template="unconferences/account/registrations.html",
            context=lambda request: {
                "registrations": selectors.registrations_of_member(user=request.user)
            },
            order=40,
        )
