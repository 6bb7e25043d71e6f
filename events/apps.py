from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.account_sections import register_account_section
from core.data_rights import register_eraser, register_exporter
from core.page_cache import page_cache_invalidated_by


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import search, services, tasks, views  # noqa: F401  (app-loading order: they import models; Celery task registration)

        search.register()
        # "Discussed at these meetings" on case studies; the home page's next meeting.
        page_cache_invalidated_by("events.Meeting", "events.MeetingSeries")

        register_exporter("event_registrations", services.registrations_export)
        register_eraser("event_registrations", services.registrations_erase)
        register_account_section(
            key="events",
            title=_("Your events"),
            template="events/account/your_events.html",
            context=views.member.events_section_context,
            order=20,
        )
        register_account_section(
            key="calendar",
            title=_("Your calendar feed"),
            template="events/account/calendar.html",
            context=views.member.calendar_section_context,
            order=30,
        )
