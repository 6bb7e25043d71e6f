"""Wagtail admin: ModelViewSets for meeting series and meetings (listing, filters, search, forms).

Permissions come from Django model permissions; the "Organisers" group gets add/change/delete/view
on both models (data migration 0003)."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.confirmation import Confirmation, confirmation_response, is_confirmed

from .confirmations import attendees_to_email_text, meeting_edit_effects, series_edit_effects
from .forms import (
    REMINDER_FIELDS,
    REPEAT_FIELDS,
    MeetingForm,
    MeetingSeriesForm,
    reminder_offsets_text,
)
from .models import Meeting, MeetingSeries
from .recurrence import rule_in_words
from .services import meeting_edited, meeting_series_generate_ahead


class _GenerateOnSaveMixin:
    """Creating or editing a series materialises its meetings up to the horizon."""

    def save_instance(self):
        instance = super().save_instance()
        meeting_series_generate_ahead(series=instance)
        return instance


class _ShowAndAddMixin:
    """Two buttons that re-render the form instead of saving, keeping everything typed (they
    work without JavaScript): "Show the dates" (the next six dates in UK time) and "Add another
    reminder" (the number and unit become one more ticked box)."""

    def post(self, request, *args, **kwargs):
        if "show_dates" not in request.POST and "add_reminder" not in request.POST:
            return super().post(request, *args, **kwargs)
        if not hasattr(self, "object"):
            self.object = None
        data = request.POST.copy()
        keep = REPEAT_FIELDS
        if "add_reminder" in data:
            keep = REMINDER_FIELDS
            form = self.get_form_class()(**{**self.get_form_kwargs(), "data": data})
            form.is_valid()
            minutes = (
                None if "reminder_other_number" in form.errors else (form.other_reminder_minutes())
            )
            if minutes:
                data.setlist("reminder_offsets", [*data.getlist("reminder_offsets"), str(minutes)])
                data["reminder_other_number"] = ""
            elif not form.errors.get("reminder_other_number"):
                form.add_error(
                    "reminder_other_number", _("Enter how long before the start, like 2")
                )
            if not minutes:
                form.keep_errors(keep)
                self.form = form  # Wagtail's get_context_data uses self.form, not the kwarg
                return self.render_to_response(self.get_context_data(form=form))
        form = self.get_form_class()(**{**self.get_form_kwargs(), "data": data})
        if "show_dates" in data and hasattr(form, "repeat_preview"):
            form.preview = form.repeat_preview()
        else:
            form.is_valid()
        form.keep_errors(keep)
        self.form = form  # Wagtail's get_context_data uses self.form, not the kwarg
        return self.render_to_response(self.get_context_data(form=form))


class MeetingSeriesCreateView(_ShowAndAddMixin, _GenerateOnSaveMixin, CreateView):
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


class MeetingSeriesEditView(_ShowAndAddMixin, _GenerateOnSaveMixin, EditView):
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


class DatePartsPanel(FieldPanel):
    """A day/month/year date: a heading instead of a <label> (the boxes have their own labels
    and the widget its own fieldset and legend)."""

    class BoundPanel(FieldPanel.BoundPanel):
        def id_for_label(self):
            return ""


def _repeats(series) -> str:
    """ "Every month on the second Wednesday, 2pm UK time" (the RRULE only when the picker cannot
    say it)."""
    return rule_in_words(series.rrule, start_time=series.start_time)


REMINDER_PANELS = [
    FieldPanel("reminder_offsets"),
    FieldRowPanel(
        [FieldPanel("reminder_other_number"), FieldPanel("reminder_other_unit")],
        heading=_("Add another reminder"),
    ),
    HelpPanel(template="events/admin/add_reminder_button.html"),
]


class MeetingSeriesViewSet(ModelViewSet):
    model = MeetingSeries
    icon = "date"
    menu_label = _("Meeting series")
    add_view_class = MeetingSeriesCreateView
    edit_view_class = MeetingSeriesEditView
    # Date and time first, then the repeat picker (the RRULE is its advanced field), then the rest.
    panels = [
        MultiFieldPanel(
            [
                DatePartsPanel("first_date"),
                FieldPanel("start_time"),
                FieldPanel("duration_minutes"),
            ],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat"),
                FieldPanel("repeat_weekday"),
                FieldPanel("repeat_weeks"),
                FieldPanel("repeat_ordinal"),
                FieldPanel("repeat_month_day"),
                FieldPanel("repeat_end"),
                DatePartsPanel("repeat_until"),
                FieldPanel("repeat_count"),
                HelpPanel(template="events/admin/repeat_preview.html"),
                FieldPanel("rrule"),
                FieldPanel("exception_dates_text"),
                FieldPanel("extra_dates_text"),
            ],
            heading=_("How it repeats"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldPanel("host"),
                FieldPanel("agenda"),
                FieldPanel("kind"),
            ],
            heading=_("About the series"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("default_capacity"),
                FieldPanel("mode"),
                FieldPanel("venue"),
                FieldPanel("join_url"),
            ],
            heading=_("Places and where"),
        ),
        MultiFieldPanel(REMINDER_PANELS, heading=_("Reminders")),
        FieldPanel("active"),
    ]
    list_display = [
        "title",
        Column("repeats", label=_("Repeats"), accessor=_repeats),
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


class MeetingCreateView(_ShowAndAddMixin, CreateView):
    pass


class MeetingEditView(_ShowAndAddMixin, EditView):
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
    add_view_class = MeetingCreateView
    edit_view_class = MeetingEditView
    # Date and time first (UK time, the date in day, month and year boxes).
    panels = [
        MultiFieldPanel(
            [DatePartsPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")],
            heading=_("Date and time"),
        ),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("topic"),
        FieldPanel("kind"),
        FieldPanel("series"),
        FieldPanel("status"),
        FieldPanel("description"),
        FieldPanel("host"),
        FieldPanel("agenda"),
        FieldPanel("speakers"),
        FieldPanel("mode"),
        FieldPanel("venue"),
        FieldPanel("join_url"),
        FieldPanel("capacity"),
        FieldPanel("publish_from"),
        FieldPanel("chatham_house"),
        FieldPanel("notes"),
        FieldPanel("recording_url"),
        MultiFieldPanel(REMINDER_PANELS, heading=_("Reminders")),
        FieldPanel("case_studies"),
    ]
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


@hooks.register("insert_global_admin_css")
def events_admin_css():
    """The day/month/year boxes and the repeat picker's preview in the admin forms."""
    # Without JavaScript the admin's empty sidebar placeholder covers half a phone's screen
    # and catches the taps meant for the form: hide it on small screens (the admin CSP allows
    # inline styles; the public site's does not, and this is only on admin pages).
    return format_html(
        '<link rel="stylesheet" href="{}"><noscript><style>'
        "@media (max-width: 799px) {{ .sidebar-loading {{ display: none !important; }} }}"
        "</style></noscript>",
        static("css/admin-forms.css"),
    )
