"""A member's own pages: RSVP (register, cancel), the personal calendar feed and its link on
the account page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.http import absolute_url

from .. import selectors, services
from ..calendars import meeting_ics
from ..enums import MeetingStatus, RegistrationStatus
from ..forms import CancelRegistrationForm, FeedTokenForm, RegisterForm
from ..models import CalendarFeedToken
from .public import ics_response, published_meeting


def calendar_section_context(request) -> dict:
    """The "Your calendar feed" section of the account page (registered in EventsConfig)."""
    token = selectors.calendar_feed_token_for(user=request.user)
    feed_url = ""
    if token:
        path = reverse("events:calendar_personal", kwargs={"token": token.token})
        feed_url = absolute_url(path)
    return {
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://"),
        "public_feed_url": absolute_url(reverse("events:calendar_public")),
    }


def events_section_context(request) -> dict:
    """The "Your events" section of the account page (registered in EventsConfig)."""
    return {"events": selectors.member_events(user=request.user)}


class RegisterView(View):
    """POST: register for this meeting or for every future meeting of its series."""

    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = published_meeting(slug)
        if not request.user.is_authenticated:
            login = reverse("account_login")
            return HttpResponseRedirect(f"{login}?next={meeting.get_absolute_url()}")
        form = RegisterForm(request.POST, meeting=meeting)
        scope = form.cleaned_data["scope"] if form.is_valid() else "meeting"
        try:
            if scope == "series" and meeting.series_id:
                services.meeting_and_series_register(meeting=meeting, user=request.user)
                messages.success(
                    request,
                    _(
                        "You are registered for all future meetings in this series. "
                        "We have emailed you the details."
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
                            "This meeting is full, so you are on the waiting list. We will email "
                            "you if a place comes up."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "You are registered. We have emailed you the details and a calendar "
                            "file."
                        ),
                    )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(meeting.get_absolute_url() + "#rsvp")


class CancelRegistrationView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = published_meeting(slug)
        form = CancelRegistrationForm(request.POST)
        scope = form.cleaned_data["scope"] if form.is_valid() else "meeting"
        back = HttpResponseRedirect(meeting.get_absolute_url() + "#rsvp")
        registration = selectors.registration_for(meeting=meeting, user=request.user)
        active = registration is not None and registration.status != RegistrationStatus.CANCELLED
        if scope == "series" and meeting.series_id:
            if not selectors.series_registered(meeting=meeting, user=request.user):
                messages.info(
                    request,
                    _(
                        "You were not registered for all meetings in this series, so nothing "
                        "changed."
                    ),
                )
                return back
            services.meeting_and_series_unregister(meeting=meeting, user=request.user)
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


class PersonalCalendarView(View):
    """A member's registrations (with join links where registered), found by a secret token."""

    def get(self, request, token):
        feed = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
        if feed is None or not feed.user.is_active:
            raise Http404(_("This calendar link is not valid. It may have been replaced."))
        meetings = selectors.meetings_for_personal_feed(user=feed.user)
        content = meeting_ics(meetings=meetings, for_user=feed.user, name=_("My events"))
        return ics_response(content, filename="my-events.ics", private=True)


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
