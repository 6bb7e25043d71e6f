"""Organisers' view of the reminder ledger: per meeting, what was sent, skipped, failed or
superseded, when and why; and a button to send failed reminders again."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView, TemplateView

from community.permissions import OrganiserRequiredMixin
from events.models import Meeting
from events.selectors import uk_time_display

from .enums import DeliveryStatus
from .selectors import (
    STATUS_KEYS,
    meetings_with_reminder_counts,
    reminder_counts_for_meeting,
    reminder_deliveries_for_meeting,
)
from .services.sending import offset_label, reminders_requeue_failed


class ReminderMeetingListView(OrganiserRequiredMixin, ListView):
    template_name = "reminders/organise_list.html"
    context_object_name = "meetings"
    paginate_by = 25

    def get_queryset(self):
        return meetings_with_reminder_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = [(s.value, s.label) for s in DeliveryStatus]
        for meeting in context["meetings"]:
            meeting.reminder_counts = [
                getattr(meeting, f"reminders_{status}") for status in STATUS_KEYS
            ]
        return context


class ReminderMeetingDetailView(OrganiserRequiredMixin, TemplateView):
    template_name = "reminders/organise_meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = get_object_or_404(Meeting, pk=self.kwargs["pk"])
        status = self.request.GET.get("status", "")
        rows = reminder_deliveries_for_meeting(meeting=meeting)
        if status in STATUS_KEYS:
            rows = rows.filter(status=status)
        else:
            status = ""
        page = Paginator(rows, 100).get_page(self.request.GET.get("page"))
        for row in page.object_list:
            row.offset_text = offset_label(row.offset_minutes)
        counts = reminder_counts_for_meeting(meeting=meeting)
        context.update(
            meeting=meeting,
            when=uk_time_display(starts_at=meeting.starts_at, ends_at=meeting.ends_at),
            counts=[(s.value, s.label, counts[s.value]) for s in DeliveryStatus],
            failed_count=counts[DeliveryStatus.FAILED],
            page_obj=page,
            deliveries=page.object_list,
            status_filter=status,
        )
        return context


class RequeueFailedView(OrganiserRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        meeting = get_object_or_404(Meeting, pk=pk)
        ids = reminders_requeue_failed(meeting_id=meeting.pk)
        messages.success(
            request,
            ngettext(
                "%(n)d failed reminder will be sent again.",
                "%(n)d failed reminders will be sent again.",
                len(ids),
            )
            % {"n": len(ids)}
            if ids
            else _("There were no failed reminders to send again."),
        )
        return redirect("reminders:organise_meeting", pk=meeting.pk)
