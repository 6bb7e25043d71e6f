from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _calendar_section_context(request) -> dict:
    from django.urls import reverse

    from core.http import absolute_url

    from .selectors import calendar_feed_token_for

    token = calendar_feed_token_for(user=request.user)
    feed_url = ""
    if token:
        path = reverse("events:calendar_personal", kwargs={"token": token.token})
        feed_url = absolute_url(path)
    return {
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://"),
        "public_feed_url": absolute_url(reverse("events:calendar_public")),
    }


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.account_sections import register_account_section
        from core.data_rights import register_eraser, register_exporter
        from core.page_cache import page_cache_invalidated_by

        from . import search, services

        search.register()
        # "Discussed at these meetings" on case studies; the home page's next meeting.
        page_cache_invalidated_by("events.Meeting", "events.MeetingSeries")

        register_exporter("event_registrations", services.registrations_export)
        register_eraser("event_registrations", services.registrations_erase)
        register_account_section(
            key="calendar",
            title=_("Your calendar feed"),
            template="events/account/calendar.html",
            context=_calendar_section_context,
            order=30,
        )
