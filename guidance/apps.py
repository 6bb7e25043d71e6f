from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.data_rights import register_eraser, register_exporter
        from core.page_cache import page_cache_invalidated_by

        from .selectors import feedback_for_user
        from .services import feedback_erase_for_user

        register_exporter("guidance_feedback", lambda user: feedback_for_user(user=user))
        register_eraser("guidance_feedback", feedback_erase_for_user)
        page_cache_invalidated_by("guidance.GuideAudience")
