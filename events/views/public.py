"""Public pages: the events listing, an event's page, its .ics file and the public calendar."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from community.permissions import participation_refusal, user_is_organiser
from core.http import absolute_url

from .. import selectors
from ..calendars import meeting_ics
from ..enums import MeetingKind, MeetingStatus, RegistrationStatus
from ..forms import MeetingFilterForm, RegisterForm
from ..links import google_calendar_url, outlook_calendar_url
from ..models import Meeting

PUBLIC_FEED_CANCELLED_DAYS = 30


def published_meeting(slug: str) -> Meeting:
    meeting = selectors.meetings_published().select_related("series").filter(slug=slug).first()
    if meeting is None:
        raise Http404(_("No event found."))
    return meeting


def ics_response(content: bytes, *, filename: str, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


class MeetingListView(TemplateView):
    template_name = "events/meeting_list.html"
    per_page = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MeetingFilterForm(self.request.GET)
        filters = form.cleaned_filters()
        meetings = selectors.meeting_list(past=filters["when"] == "past", kind=filters["kind"])
        page_obj = Paginator(meetings, self.per_page).get_page(self.request.GET.get("page"))
        items = list(page_obj.object_list)
        for meeting in items:
            meeting.time_display = selectors.uk_time_display(
                starts_at=meeting.starts_at, ends_at=meeting.ends_at
            )
        statuses = selectors.registration_statuses_for(user=self.request.user, meetings=items)
        for meeting in items:
            meeting.my_status = statuses.get(meeting.pk, "")
        context.update(
            filter_form=form,
            filters=filters,
            page_obj=page_obj,
            meetings=items,
            kinds=MeetingKind.choices,
            public_feed_url=absolute_url(reverse("events:calendar_public")),
            breadcrumbs=[(_("Home"), "/"), (_("Events"), None)],
        )
        return context


class MeetingDetailView(TemplateView):
    template_name = "events/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = published_meeting(self.kwargs["slug"])
        user = self.request.user
        registration = selectors.registration_for(meeting=meeting, user=user)
        is_registered = bool(registration and registration.status == RegistrationStatus.REGISTERED)
        is_waitlisted = bool(registration and registration.status == RegistrationStatus.WAITLISTED)
        series_registered = selectors.series_registered(meeting=meeting, user=user)
        now = timezone.now()
        context.update(
            meeting=meeting,
            time_display=selectors.uk_time_display(
                starts_at=meeting.starts_at, ends_at=meeting.ends_at
            ),
            registration=registration,
            is_registered=is_registered,
            is_waitlisted=is_waitlisted,
            waitlist_place=(
                selectors.registration_waitlist_place(registration=registration)
                if is_waitlisted
                else None
            ),
            series_registered=series_registered,
            join_url=meeting.join_url if is_registered else "",
            show_notes=user.is_authenticated and bool(meeting.notes),
            refusal=participation_refusal(user),
            is_past=meeting.ends_at <= now,
            is_cancelled=meeting.status == MeetingStatus.CANCELLED,
            counts=selectors.meeting_counts(meeting=meeting),
            register_form=RegisterForm(meeting=meeting),
            is_organiser=user_is_organiser(user),
            google_url=google_calendar_url(meeting, waitlisted=is_waitlisted),
            outlook_url=outlook_calendar_url(meeting, waitlisted=is_waitlisted),
            related_case_studies=selectors.meeting_related_case_studies(meeting=meeting),
            breadcrumbs=[
                (_("Home"), "/"),
                (_("Events"), reverse("events:meeting_list")),
                (meeting.title, None),
            ],
        )
        return context


class MeetingIcsView(View):
    """One event as an .ics file; the join link only for a registered member's own download."""

    def get(self, request, slug):
        meeting = published_meeting(slug)
        user = request.user if request.user.is_authenticated else None
        content = meeting_ics(meetings=[meeting], for_user=user)
        return ics_response(content, filename=f"{meeting.slug}.ics", private=user is not None)


class PublicCalendarView(View):
    """Upcoming published events, plus recently cancelled ones so subscribers see them go."""

    def get(self, request):
        now = timezone.now()
        meetings = selectors.meetings_for_public_feed(
            now=now, cancelled_days=PUBLIC_FEED_CANCELLED_DAYS
        )
        content = meeting_ics(meetings=meetings, name=_("Community events"))
        return ics_response(content, filename="calendar.ics", private=False)
