"""Organisers' pages: the dashboard and one meeting's attendees, attendance, message, move and
cancel (OrganiserRequiredMixin on every view)."""

import csv
import hashlib
import logging
import re
import smtplib
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView
from django_ratelimit.core import is_ratelimited

from community.permissions import OrganiserRequiredMixin
from core.confirmation import ConfirmActionMixin, Confirmation
from core.csv_export import csv_safe
from core.organiser_panels import organiser_panels

from .. import selectors, services
from ..confirmations import attendees_to_email_text
from ..emails import organiser_message_audience, organiser_message_preview
from ..enums import MeetingStatus, RegistrationStatus
from ..forms import MoveMeetingForm, OrganiserMessageForm
from ..models import Meeting, Registration
from ..timezones import LONDON

logger = logging.getLogger(__name__)
# "Send a test to me" e-mails the organiser now: at most this many per organiser.
MESSAGE_TEST_RATE = getattr(settings, "EVENTS_MESSAGE_TEST_RATE", "5/10m")
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


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
            # Attendance trends and the adoption pipeline come from above (core registry).
            panels=organiser_panels(self.request),
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
        local_start = meeting.starts_at.astimezone(LONDON)
        local_end = meeting.ends_at.astimezone(LONDON)
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


def _previewed_fingerprint(data: dict, audience: dict) -> str:
    """What the organiser saw in the preview (text and number of recipients): a send whose
    fingerprint differs was not previewed as it is, so it is shown again instead of sent."""
    seen = "\0".join(
        [data["subject"], data["body"], str(bool(data["include_waitlist"])), str(audience)]
    )
    return hashlib.sha256(seen.encode()).hexdigest()[:32]


def _send_token(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


class MessageAttendeesView(OrganiseMeetingMixin, TemplateView):
    """Message attendees in steps, without JavaScript: "Preview" (action=preview) shows the
    e-mail exactly as the send renders it, with the text still in the form; "Send a test to me"
    (action=test) e-mails only the organiser; "Send to N people" (action=send) sends once. A
    send whose text or audience changed since the preview shows the preview again (409). A send
    that did not come from the preview form (no one-time token or no fingerprint of what was
    previewed) shows the preview and sends nothing."""

    template_name = "events/organise/meeting.html"
    preview_template_name = "events/organise/message_preview.html"
    http_method_names = ["post"]

    def post(self, request, slug):
        meeting = self.get_meeting()
        form = OrganiserMessageForm(request.POST)
        if not form.is_valid():
            view = OrganiseMeetingView(request=request, kwargs=self.kwargs)
            context = view.get_context_data(meeting=meeting, message_form=form)
            return self.render_to_response(context, status=400)
        action = request.POST.get("action", "send")
        audience = organiser_message_audience(
            meeting=meeting, include_waitlist=form.cleaned_data["include_waitlist"]
        )
        fingerprint = _previewed_fingerprint(form.cleaned_data, audience)
        if action == "send":
            posted_token = request.POST.get("send_token")
            send_token = _send_token(posted_token)
            if posted_token and send_token is None:  # tampered with
                return self.preview(meeting, form, audience, fingerprint, status=400)
            previewed = request.POST.get("previewed")
            if send_token is None or previewed is None:
                # Not sent from the preview form (an old form, a script, a hand-made post):
                # nothing goes until the organiser has seen the e-mail and its one-time token
                # guards the send against a double click or a resubmitted form.
                return self.preview(meeting, form, audience, fingerprint)
            if services.organiser_message_token_used(send_token=send_token):
                return self.already_sent(meeting, send_token)
            if previewed != fingerprint:
                return self.preview(meeting, form, audience, fingerprint, changed=True)
            try:
                services.organiser_message_send(
                    meeting=meeting, sender=request.user, send_token=send_token, **form.cleaned_data
                )
            except services.OrganiserMessageAlreadySent:  # the same form, sent at the same time
                return self.already_sent(meeting, send_token)
            messages.success(
                request,
                ngettext(
                    "Your message is being sent to %(count)s person.",
                    "Your message is being sent to %(count)s people.",
                    audience["recipients"],
                )
                % {"count": audience["recipients"]},
            )
            return HttpResponseRedirect(reverse("events:organise_meeting", args=[meeting.slug]))
        if action == "test":
            return self.test_send(meeting, form, audience, fingerprint)
        return self.preview(meeting, form, audience, fingerprint)

    def already_sent(self, meeting, send_token):
        """A second "Send" from the same preview form (a double click, a resubmitted or
        reloaded form): nothing is sent, and the organiser is told when it went and to whom."""
        message = selectors.organiser_message_sent_with(send_token=send_token)
        count = organiser_message_audience(
            meeting=message.meeting, include_waitlist=message.include_waitlist
        )["recipients"]
        sent_at = message.created_at.astimezone(LONDON)
        messages.info(
            self.request,
            ngettext(
                "This message was already sent on %(date)s at %(time)s to %(count)s person. "
                "It was not sent again.",
                "This message was already sent on %(date)s at %(time)s to %(count)s people. "
                "It was not sent again.",
                count,
            )
            % {
                "date": date_format(sent_at, "j F Y"),
                "time": time_format(sent_at, "H:i"),
                "count": count,
            },
        )
        return HttpResponseRedirect(reverse("events:organise_meeting", args=[meeting.slug]))

    def test_send(self, meeting, form, audience, fingerprint):
        if is_ratelimited(
            self.request,
            group="events.organiser_message_test",
            key="user",
            rate=MESSAGE_TEST_RATE,
            method="POST",
            increment=True,
        ):
            return self.preview(meeting, form, audience, fingerprint, test_limited=True, status=429)
        draft = services.organiser_message_draft(
            meeting=meeting, sender=self.request.user, **form.cleaned_data
        )
        try:
            email = services.organiser_message_test_send(message=draft)
        except (smtplib.SMTPException, OSError):
            logger.exception("Test of an organiser message to %s failed", self.request.user.pk)
            return self.preview(meeting, form, audience, fingerprint, test_error=True, status=503)
        return self.preview(meeting, form, audience, fingerprint, test_sent_to=email)

    def _fresh_send_token(self) -> uuid.UUID:
        """The token the preview form's "Send" carries: the one it came with while that has not
        sent anything (so a test or a changed preview keeps it), else a new one."""
        token = _send_token(self.request.POST.get("send_token"))
        if token is None or services.organiser_message_token_used(send_token=token):
            return services.organiser_message_send_token()
        return token

    def preview(self, meeting, form, audience, fingerprint, *, changed=False, status=200, **extra):
        draft = services.organiser_message_draft(
            meeting=meeting, sender=self.request.user, **form.cleaned_data
        )
        email = organiser_message_preview(message=draft)
        html = str(email.alternatives[0][0]) if email is not None else ""
        body = _BODY.search(html)
        test_sent_to = extra.get("test_sent_to")
        context = {
            "meeting": meeting,
            "message_form": form,
            "audience": audience,
            "fingerprint": fingerprint,
            "changed": changed,
            "email": email,
            # Rendered by the e-mail's own templates, which escape the organiser's text.
            "email_html": mark_safe(body.group(1).strip() if body else html),  # noqa: S308
            "test_sent_to": test_sent_to.to[0] if test_sent_to is not None else "",
            "test_error": extra.get("test_error", False),
            "test_limited": extra.get("test_limited", False),
            "send_token": self._fresh_send_token(),
            "breadcrumbs": [
                (_("Home"), "/"),
                (_("Organise events"), reverse("events:organise")),
                (meeting.title, reverse("events:organise_meeting", args=[meeting.slug])),
                (_("Check your message"), None),
            ],
        }
        return self.response_class(
            request=self.request,
            template=[self.preview_template_name],
            context=context,
            using=self.template_engine,
            status=409 if changed else status,
        )


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
                    "Everyone registered or on the waiting list gets an email, and calendars "
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
