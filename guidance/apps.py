from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance"
    default_auto_field = "django.db.models.BigAutoField"
