"""Views for events: listing, detail, RSVP, calendars, feed token and the organiser dashboard."""

import csv

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from community.permissions import OrganiserRequiredMixin, participation_refusal, user_is_organiser
from core.confirmation import ConfirmActionMixin, Confirmation
from core.csv_export import csv_safe
from core.http import absolute_url

from . import selectors, services
from .calendars import meeting_ics
from .confirmations import attendees_to_email_text
from .enums import MeetingKind, MeetingStatus, RegistrationStatus
from .forms import (
    CancelRegistrationForm,
    FeedTokenForm,
    MeetingFilterForm,
    MoveMeetingForm,
    OrganiserMessageForm,
    RegisterForm,
)
from .links import google_calendar_url, outlook_calendar_url
from .models import CalendarFeedToken, Meeting, Registration, SeriesRegistration

PUBLIC_FEED_CANCELLED_DAYS = 30


def _published_meeting(slug: str) -> Meeting:
    meeting = selectors.meetings_published().select_related("series").filter(slug=slug).first()
    if meeting is None:
        raise Http404(_("No event found."))
    return meeting


def _ics_response(content: bytes, *, filename: str, private: bool) -> HttpResponse:
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
        meeting = _published_meeting(self.kwargs["slug"])
        user = self.request.user
        registration = selectors.registration_for(meeting=meeting, user=user)
        is_registered = bool(registration and registration.status == RegistrationStatus.REGISTERED)
        is_waitlisted = bool(registration and registration.status == RegistrationStatus.WAITLISTED)
        series_registered = bool(
            user.is_authenticated
            and meeting.series_id
            and SeriesRegistration.objects.filter(series_id=meeting.series_id, user=user).exists()
        )
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
            google_url=google_calendar_url(meeting),
            outlook_url=outlook_calendar_url(meeting),
            related_case_studies=selectors.meeting_related_case_studies(meeting=meeting),
            breadcrumbs=[
                (_("Home"), "/"),
                (_("Events"), reverse("events:meeting_list")),
                (meeting.title, None),
            ],
        )
        return context


class RegisterView(View):
    """POST: register for this meeting or for every future meeting of its series."""

    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = _published_meeting(slug)
        if not request.user.is_authenticated:
            login = reverse("account_login")
            return HttpResponseRedirect(f"{login}?next={meeting.get_absolute_url()}")
        form = RegisterForm(request.POST, meeting=meeting)
        scope = form.cleaned_data["scope"] if form.is_valid() else "meeting"
        try:
            if scope == "series" and meeting.series_id:
                services.meeting_series_register(series=meeting.series, user=request.user)
                if not selectors.registration_for(meeting=meeting, user=request.user):
                    services.meeting_register(meeting=meeting, user=request.user)
                messages.success(
                    request,
                    _(
                        "You are registered for all future meetings in this series. "
                        "We have e-mailed you the details."
                    ),
                )
            else:
                existing = selectors.registration_for(meeting=meeting, user=request.user)
                if existing is not None and existing.status == RegistrationStatus.REGISTERED:
                    messages.info(
                        request,
                        _("You were already registered for this meeting, so nothing changed."),
                    )
                    return HttpResponseRedirect(meeting.get_absolute_url() + "#rsvp")
                if existing is not None and existing.status == RegistrationStatus.WAITLISTED:
                    messages.info(
                        request,
                        _(
                            "You were already on the waiting list for this meeting, so nothing "
                            "changed."
                        ),
                    )
                    return HttpResponseRedirect(meeting.get_absolute_url() + "#rsvp")
                registration = services.meeting_register(meeting=meeting, user=request.user)
                if registration.status == RegistrationStatus.WAITLISTED:
                    messages.info(
                        request,
                        _(
                            "This meeting is full, so you are on the waiting list. We will e-mail "
                            "you if a place comes up."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "You are registered. We have e-mailed you the details and a calendar "
                            "file."
                        ),
                    )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(meeting.get_absolute_url() + "#rsvp")


class CancelRegistrationView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = _published_meeting(slug)
        form = CancelRegistrationForm(request.POST)
        scope = form.cleaned_data["scope"] if form.is_valid() else "meeting"
        back = HttpResponseRedirect(meeting.get_absolute_url() + "#rsvp")
        registration = selectors.registration_for(meeting=meeting, user=request.user)
        active = registration is not None and registration.status != RegistrationStatus.CANCELLED
        if scope == "series" and meeting.series_id:
            subscribed = SeriesRegistration.objects.filter(
                series_id=meeting.series_id, user=request.user
            ).exists()
            if not subscribed:
                messages.info(
                    request,
                    _(
                        "You were not registered for all meetings in this series, so nothing "
                        "changed."
                    ),
                )
                return back
            services.meeting_series_unregister(series=meeting.series, user=request.user)
            if active and meeting.ends_at > timezone.now():
                services.registration_cancel(meeting=meeting, user=request.user)
            messages.success(
                request, _("You are no longer registered for future meetings in this series.")
            )
            return back
        if not active:
            messages.info(
                request, _("You were not registered for this meeting, so nothing changed.")
            )
        elif meeting.status == MeetingStatus.CANCELLED:
            messages.info(
                request, _("This meeting is cancelled, so there is no registration to cancel.")
            )
        elif meeting.ends_at <= timezone.now():
            messages.info(
                request,
                _("This meeting has already taken place, so your registration stays on record."),
            )
        else:
            services.registration_cancel(meeting=meeting, user=request.user)
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.success(request, _("You have left the waiting list."))
            else:
                messages.success(request, _("Your registration is cancelled."))
        return back


class MeetingIcsView(View):
    """One event as an .ics file; the join link only for a registered member's own download."""

    def get(self, request, slug):
        meeting = _published_meeting(slug)
        user = request.user if request.user.is_authenticated else None
        content = meeting_ics(meetings=[meeting], for_user=user)
        return _ics_response(content, filename=f"{meeting.slug}.ics", private=user is not None)


class PublicCalendarView(View):
    """Upcoming published events, plus recently cancelled ones so subscribers see them go."""

    def get(self, request):
        now = timezone.now()
        meetings = selectors.meetings_for_public_feed(
            now=now, cancelled_days=PUBLIC_FEED_CANCELLED_DAYS
        )
        content = meeting_ics(meetings=meetings, name=_("Community events"))
        return _ics_response(content, filename="calendar.ics", private=False)


class PersonalCalendarView(View):
    """A member's registrations (with join links where registered), found by a secret token."""

    def get(self, request, token):
        feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
        if feed is None or not feed.user.is_active:
            raise Http404(_("This calendar link is not valid. It may have been replaced."))
        meetings = selectors.meetings_for_personal_feed(user=feed.user)
        content = meeting_ics(meetings=meetings, for_user=feed.user, name=_("My events"))
        return _ics_response(content, filename="my-events.ics", private=True)


class FeedTokenView(LoginRequiredMixin, View):
    """POST from the account page: create, regenerate or revoke the personal feed link."""

    http_method_names = ["post"]

    def post(self, request):
        form = FeedTokenForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            if action == "revoke":
                services.calendar_feed_token_revoke(user=request.user)
                messages.success(request, _("Your calendar link is switched off."))
            elif action == "regenerate":
                services.calendar_feed_token_regenerate(user=request.user)
                messages.success(
                    request,
                    _(
                        "You have a new calendar link. The old one no longer works: update your "
                        "calendar app."
                    ),
                )
            else:
                services.calendar_feed_token_get_or_create(user=request.user)
                messages.success(request, _("Your calendar link is ready."))
        return HttpResponseRedirect(reverse("community:account") + "#section-calendar")


# --- Organiser dashboard -----------------------------------------------------------------------


class OrganiseDashboardView(OrganiserRequiredMixin, TemplateView):
    template_name = "events/organise/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = list(selectors.meetings_for_dashboard())
        for meeting in meetings:
            meeting.time_display = selectors.uk_time_display(
                starts_at=meeting.starts_at, ends_at=meeting.ends_at
            )
        context.update(
            meetings=meetings,
            breadcrumbs=[
                (_("Home"), "/"),
                (_("Events"), reverse("events:meeting_list")),
                (_("Organise"), None),
            ],
        )
        return context


class OrganiseMeetingMixin(OrganiserRequiredMixin):
    def get_meeting(self) -> Meeting:
        return get_object_or_404(Meeting.objects.select_related("series"), slug=self.kwargs["slug"])


class OrganiseMeetingView(OrganiseMeetingMixin, TemplateView):
    template_name = "events/organise/meeting.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = kwargs.get("meeting") or self.get_meeting()
        registrations = list(
            Registration.objects.filter(meeting=meeting)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("user")
            .order_by("status", "waitlist_position", "created_at")
        )
        local_start = meeting.starts_at.astimezone(selectors.LONDON)
        local_end = meeting.ends_at.astimezone(selectors.LONDON)
        context.update(
            meeting=meeting,
            time_display=selectors.uk_time_display(
                starts_at=meeting.starts_at, ends_at=meeting.ends_at
            ),
            registered=[r for r in registrations if r.status == RegistrationStatus.REGISTERED],
            waitlisted=[r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
            message_form=kwargs.get("message_form") or OrganiserMessageForm(),
            move_form=kwargs.get("move_form")
            or MoveMeetingForm(
                initial={
                    "date": local_start.date(),
                    "start_time": local_start.strftime("%H:%M"),
                    "end_time": local_end.strftime("%H:%M"),
                }
            ),
            is_cancelled=meeting.status == MeetingStatus.CANCELLED,
            edit_url=reverse("events_meeting:edit", args=[meeting.pk]),
            sent_messages=meeting.messages.all()[:10],
            breadcrumbs=[
                (_("Home"), "/"),
                (_("Organise events"), reverse("events:organise")),
                (meeting.title, None),
            ],
        )
        return context


class AttendeesCsvView(OrganiseMeetingMixin, View):
    def get(self, request, slug):
        meeting = self.get_meeting()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{meeting.slug}-attendees.csv"'
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow(
            ["name", "email", "status", "waiting_list_position", "registered_at", "attended"]
        )
        for registration in (
            Registration.objects.filter(meeting=meeting)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("user")
            .order_by("status", "waitlist_position", "created_at")
        ):
            writer.writerow(
                [
                    csv_safe(registration.user.name),
                    csv_safe(registration.user.email),
                    registration.status,
                    registration.waitlist_position or "",
                    registration.created_at.isoformat(),
                    {True: "yes", False: "no", None: ""}[registration.attended],
                ]
            )
        return response


class AttendanceView(OrganiseMeetingMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = self.get_meeting()
        attended_ids = set()
        for value in request.POST.getlist("attended"):
            if value.isdigit():
                attended_ids.add(int(value))
        for registration in Registration.objects.filter(
            meeting=meeting, status=RegistrationStatus.REGISTERED
        ):
            services.registration_set_attendance(
                registration=registration, attended=registration.pk in attended_ids
            )
        messages.success(request, _("Attendance saved."))
        return HttpResponseRedirect(reverse("events:organise_meeting", args=[meeting.slug]))


class MessageAttendeesView(OrganiseMeetingMixin, TemplateView):
    template_name = "events/organise/meeting.html"
    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = self.get_meeting()
        form = OrganiserMessageForm(request.POST)
        if not form.is_valid():
            view = OrganiseMeetingView(request=request, kwargs=self.kwargs)
            context = view.get_context_data(meeting=meeting, message_form=form)
            return self.render_to_response(context, status=400)
        services.organiser_message_send(meeting=meeting, sender=request.user, **form.cleaned_data)
        messages.success(request, _("Your message is being sent to the attendees."))
        return HttpResponseRedirect(reverse("events:organise_meeting", args=[meeting.slug]))


class MoveMeetingView(OrganiseMeetingMixin, TemplateView):
    template_name = "events/organise/meeting.html"
    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = self.get_meeting()
        form = MoveMeetingForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_move(
                    meeting=meeting,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid() or form.errors:
            view = OrganiseMeetingView(request=request, kwargs=self.kwargs)
            context = view.get_context_data(meeting=meeting, move_form=form)
            return self.render_to_response(context, status=400)
        messages.success(request, _("The meeting is moved and attendees are being told."))
        return HttpResponseRedirect(reverse("events:organise_meeting", args=[meeting.slug]))


class CancelMeetingView(OrganiseMeetingMixin, ConfirmActionMixin, View):
    """GET (or an unconfirmed POST) asks first; a POST with confirm=yes cancels once."""

    def get_confirmation(self) -> Confirmation:
        meeting = self.get_meeting()
        back = reverse("events:organise_meeting", args=[meeting.slug])
        counts = selectors.meeting_counts(meeting=meeting)
        return Confirmation(
            title=_("Cancel “%(title)s”?") % {"title": meeting.title},
            consequences=[
                _("The event on %(when)s will be cancelled.")
                % {
                    "when": selectors.uk_time_display(
                        starts_at=meeting.starts_at, ends_at=meeting.ends_at
                    )
                },
                _(
                    "Everyone registered or on the waiting list gets an e-mail, and calendars "
                    "show the event as cancelled."
                ),
            ],
            recipients=attendees_to_email_text(
                registered=counts["registered"], waiting=counts["waitlisted"]
            ),
            confirm_label=_("Yes, cancel the event"),
            back_url=back,
        )

    def already_done(self):
        meeting = self.get_meeting()
        if meeting.status != MeetingStatus.CANCELLED:
            return None
        messages.info(self.request, _("This event is already cancelled: nothing was changed."))
        return HttpResponseRedirect(reverse("events:organise_meeting", args=[meeting.slug]))

    def perform(self):
        meeting = self.get_meeting()
        services.meeting_cancel(meeting=meeting)
        messages.success(self.request, _("The meeting is cancelled and attendees are being told."))
        return HttpResponseRedirect(reverse("events:organise_meeting", args=[meeting.slug]))
