"""Wagtail admin: ModelViewSets for meeting series and meetings (listing, filters, search, forms).

Permissions come from Django model permissions; the "Organisers" group gets add/change/delete/view
on both models (data migration 0003)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.confirmation import Confirmation, confirmation_response, is_confirmed

from .confirmations import attendees_to_email_text, meeting_edit_effects, series_edit_effects
from .forms import MeetingForm, MeetingSeriesForm, reminder_offsets_text
from .models import Meeting, MeetingSeries
from .services import meeting_edited, meeting_series_generate_ahead


class _GenerateOnSaveMixin:
    """Creating or editing a series materialises its meetings up to the horizon."""

    def save_instance(self):
        instance = super().save_instance()
        meeting_series_generate_ahead(series=instance)
        return instance


class MeetingSeriesCreateView(_GenerateOnSaveMixin, CreateView):
    pass


def _admin_confirmation(view, *, title, consequences, recipients, confirm_label):
    """The shared confirmation page for an admin edit: re-posts every field of the form."""
    hidden = {
        name: values
        for name, values in view.request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "confirm")
    }
    return confirmation_response(
        view.request,
        Confirmation(
            title=title,
            consequences=consequences,
            recipients=recipients,
            confirm_label=confirm_label,
            back_url=view.request.get_full_path(),
            hidden=hidden,
            action_url=view.request.get_full_path(),
        ),
    )


class MeetingSeriesEditView(_GenerateOnSaveMixin, EditView):
    """Saving a series can cancel or move meetings people registered for (a skipped date, a new
    rule or time): the organiser is told which meetings and who will be e-mailed, and confirms."""

    def form_valid(self, form):
        if not is_confirmed(self.request):
            effects = series_edit_effects(
                save=form.save,
                generate=lambda series: meeting_series_generate_ahead(series=series),
            )
            if effects.tells_anyone:
                return _admin_confirmation(
                    self,
                    title=_("Save the changes to “%(title)s”?") % {"title": form.instance.title},
                    consequences=effects.consequences(),
                    recipients=attendees_to_email_text(
                        registered=effects.registered, waiting=effects.waiting
                    ),
                    confirm_label=_("Yes, save and tell them"),
                )
        return super().form_valid(form)


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
    its series and notifies attendees: the organiser confirms first (who will be e-mailed)."""

    def form_valid(self, form):
        if not is_confirmed(self.request):
            effects = meeting_edit_effects(
                previous=Meeting.objects.get(pk=self.object.pk), meeting=form.instance
            )
            if effects.tells_anyone:
                return _admin_confirmation(
                    self,
                    title=effects.title,
                    consequences=effects.consequences,
                    recipients=attendees_to_email_text(
                        registered=effects.registered, waiting=effects.waiting
                    ),
                    confirm_label=effects.confirm_label,
                )
        return super().form_valid(form)

    def save_instance(self):
        previous = Meeting.objects.get(pk=self.object.pk)
        instance = super().save_instance()  # inside form_valid's transaction
        return meeting_edited(meeting=instance, previous=previous)


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
