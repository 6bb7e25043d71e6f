from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.account_sections import register_account_section
from core.data_rights import register_eraser, register_exporter
from core.page_cache import page_cache_invalidated_by


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import page_contexts, selectors, services, tasks, views  # noqa: F401  (app-loading order: they import models; tasks and views register themselves)

        register_exporter("guidance_feedback", lambda user: selectors.feedback_for_user(user=user))
        register_eraser("guidance_feedback", services.feedback_erase_for_user)
        register_exporter("guidance_adoption_reports", services.adoption_reports_export)
        register_eraser("guidance_adoption_reports", services.adoption_reports_erase)
        page_cache_invalidated_by("guidance.GuideAudience", "guidance.AdoptionReport")
        register_account_section(
            key="adoption",
            title=_("Your reports of using guidance"),
            template="guidance/account/adoption.html",
            context=views.adoption_account_section_context,
            order=40,
        )
