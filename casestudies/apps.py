from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.account_sections import register_account_section
        from core.data_rights import register_eraser, register_exporter
        from core.page_cache import page_cache_invalidated_by

        from . import search
        from .selectors import case_study_suggestions_for

        search.register()
        page_cache_invalidated_by(
            "casestudies.Method",
            "casestudies.LifecycleStage",
            "casestudies.DataKind",
            "casestudies.SystemKind",
            "casestudies.OpenDataSettings",
        )
        from .services import case_study_suggestions_erase, case_study_suggestions_export

        register_account_section(
            key="case-study-suggestions",
            title=_("Your case study suggestions"),
            template="casestudies/account/suggestions.html",
            context=lambda request: {
                "suggestions": case_study_suggestions_for(member=request.user)
            },
            order=40,
        )
        register_exporter("case_study_suggestions", case_study_suggestions_export)
        register_eraser("case_study_suggestions", case_study_suggestions_erase)
