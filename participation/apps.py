from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Site-wide"
    default_auto_field = "django.db.models.BigAutoField"
