"""Wagtail admin: ModelViewSets for meeting series and meetings (listing, filters, search, forms).

Permissions come from Django model permissions; the "Organisers" group gets add/change/delete/view
on both models (data migration 0003)."""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import MeetingForm, MeetingSeriesForm, reminder_offsets_text
from .models import Meeting, MeetingSeries


class MeetingSeriesCreateView(CreateView):
    def save_instance(self):
        from django.conf import settings
        from django.utils import timezone

        from .services import meeting_series_generate
        from .timezones import LONDON

        instance = super().save_instance()
        months = getattr(settings, "EVENTS_GENERATE_MONTHS", 6)
        today = timezone.now().astimezone(LONDON).date()
        meeting_series_generate(series=instance, until=today + timedelta(days=31 * months))
        return instance


class MeetingSeriesEditView(EditView):
    def save_instance(self):
        from django.conf import settings
        from django.utils import timezone

        from .services import meeting_series_generate
        from .timezones import LONDON

        instance = super().save_instance()
        months = getattr(settings, "EVENTS_GENERATE_MONTHS", 6)
        today = timezone.now().astimezone(LONDON).date()
        meeting_series_generate(series=instance, until=today + timedelta(days=31 * months))
        return instance


def _reminders(obj) -> str:
    """The reminder times in words ("1 week, 1 day and 1 hour before"), never raw JSON."""
    offsets = obj.reminder_offsets if isinstance(obj, MeetingSeries) else None
    if isinstance(obj, Meeting):
        offsets = obj.effective_reminder_offsets
    return reminder_offsets_text(offsets)


class MeetingSeriesViewSet(ModelViewSet):
    model = MeetingSeries
    icon = "date"
    menu_label = _("Meeting series")
    add_view_class = MeetingSeriesCreateView
    edit_view_class = MeetingSeriesEditView
    list_display = [
        "title",
        "rrule",
        "start_time",
        "first_date",
        Column("reminders", label=_("Reminders"), accessor=_reminders),
        "active",
    ]
    list_filter = ["active", "kind", "mode"]
    search_fields = ["title", "description"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return MeetingSeriesForm


class MeetingEditView(EditView):
    """An edit that changes time, status or place bumps SEQUENCE, detaches the occurrence from
    its series and notifies attendees."""

    def save_instance(self):
        from .services import meeting_promote_waitlist, meeting_record_change

        previous = Meeting.objects.get(pk=self.object.pk)
        with transaction.atomic():
            instance = super().save_instance()
            meeting_record_change(meeting=instance, previous=previous)
            if instance.capacity is None or (
                previous.capacity is not None and instance.capacity > previous.capacity
            ):
                meeting_promote_waitlist(meeting=instance)
        return instance


class MeetingViewSet(ModelViewSet):
    model = Meeting
    icon = "calendar"
    menu_label = _("Events")
    edit_view_class = MeetingEditView
    list_display = [
        "title",
        "starts_at",
        "kind",
        "status",
        "mode",
        "series",
        Column("reminders", label=_("Reminders"), accessor=_reminders),
    ]
    list_filter = ["kind", "status", "mode", "series", "detached"]
    search_fields = ["title", "agenda", "speakers", "venue"]
    ordering = ["-starts_at"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return MeetingForm


class EventsViewSetGroup(ViewSetGroup):
    menu_label = _("Meetings")
    menu_icon = "date"
    menu_order = 250
    items = (MeetingViewSet("events_meeting"), MeetingSeriesViewSet("events_meetingseries"))


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsViewSetGroup()
