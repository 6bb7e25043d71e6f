from django.apps import AppConfig


class UnconferencesConfig(AppConfig):
    """Unconferences and topic boards: a sub-app of events with its own migrations."""

    name = "events.unconferences"
    label = "unconferences"
    verbose_name = "Unconferences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.data_rights import register_eraser, register_exporter

        from . import data_rights, search

        search.register()

        register_exporter("unconferences", data_rights.export_member)
        register_eraser("unconferences", data_rights.erase_member)

        from django.utils.translation import gettext_lazy as _

        from community.account_sections import register_account_section

        register_account_section(
            key="unconferences",
            title=_("Your unconferences"),
            template="unconferences/account/registrations.html",
            context=_account_context,
            order=40,
        )


def _account_context(request) -> dict:
    from .models import Registration

    return {
        "registrations": Registration.objects.filter(user=request.user)
        .select_related("unconference")
        .order_by("-unconference__starts_at")
    }
