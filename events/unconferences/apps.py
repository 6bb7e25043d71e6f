from django.apps import AppConfig


class UnconferencesConfig(AppConfig):
    """Unconferences and topic boards: a sub-app of events with its own migrations."""

    name = "events.unconferences"
    label = "unconferences"
    verbose_name = "Unconferences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.data_rights import register_eraser, register_exporter

        from . import data_rights

        register_exporter("unconferences", data_rights.export_member)
        register_eraser("unconferences", data_rights.erase_member)
