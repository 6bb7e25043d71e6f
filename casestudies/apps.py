from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.account_sections import register_account_section
from core.data_rights import register_eraser, register_exporter
from core.page_cache import page_cache_invalidated_by


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import page_contexts, search, selectors, services  # noqa: F401  (app-loading order: they import models)

        search.register()
        page_cache_invalidated_by(
            "casestudies.Method",
            "casestudies.LifecycleStage",
            "casestudies.DataKind",
            "casestudies.SystemKind",
            "casestudies.OpenDataSettings",
        )
        register_account_section(
            key="case-study-suggestions",
            title=_("Your case study suggestions"),
            template="casestudies/account/suggestions.html",
            context=lambda request: {
                "suggestions": selectors.case_study_suggestions_for(member=request.user)
            },
            order=40,
        )
        register_exporter("case_study_suggestions", services.case_study_suggestions_export)
        register_eraser("case_study_suggestions", services.case_study_suggestions_erase)
