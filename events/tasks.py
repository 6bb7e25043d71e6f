"""Celery tasks for events: thin wrappers that load rows by ID and call services/e-mails.

E-mails are recorded in the EventEmail ledger (unique per key and member), so a task that runs
twice, or a redelivered message, sends each e-mail once.
"""

import datetime as dt
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community.emails import send_member_email
from community.enums import EmailKind

from .calendars import WITHDRAWAL_KEY, meeting_ics, meeting_url_lazy
from .enums import MeetingStatus, RegistrationStatus
from .models import EventEmail, Meeting, MeetingSeries, OrganiserMessage, Registration
from .selectors import uk_time_display_lazy
from .timezones import LONDON

logger = logging.getLogger(__name__)
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
TASK_OPTIONS = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "acks_late": True,
    "soft_time_limit": 120,
    "time_limit": 180,
}


def _claim(*, key: str, user) -> EventEmail | None:
    """The ledger row for this e-mail, or None when it was already sent."""
    try:
        with transaction.atomic():
            entry, _created = EventEmail.objects.get_or_create(key=key, user=user)
    except IntegrityError:
        entry = EventEmail.objects.get(key=key, user=user)
    return None if entry.sent_at else entry


def _send_once(*, key: str, user, **email) -> bool:
    entry = _claim(key=key, user=user)
    if entry is None:
        return False
    send_member_email(user=user, **email)
    entry.sent_at = timezone.now()
    entry.save(update_fields=["sent_at", "updated_at"])
    return True


def _meeting_context(meeting: Meeting, *, registered: bool) -> dict:
    return {
        "meeting": meeting,
        "meeting_url": meeting_url_lazy(meeting),
        "when": uk_time_display_lazy(starts_at=meeting.starts_at, ends_at=meeting.ends_at),
        "join_url": meeting.join_url if registered else "",
    }


@shared_task(name="events.generate_occurrences", **TASK_OPTIONS)
def generate_occurrences(*, months: int | None = None) -> dict:
    """Keep the next N months of every active series materialised (daily, beat)."""
    from .services import meeting_series_generate_all

    months = months or getattr(settings, "EVENTS_GENERATE_MONTHS", 6)
    today = timezone.now().astimezone(LONDON).date()
    return meeting_series_generate_all(until=today + dt.timedelta(days=31 * months))


@shared_task(name="events.send_registration_confirmation", **TASK_OPTIONS)
def send_registration_confirmation(*, registration_id: int, status: str) -> bool:
    """Confirmation (registered, with the .ics), waiting-list notice, or promotion notice.
    Transactional: sent whatever the member's preferences (kind None)."""
    registration = (
        Registration.objects.select_related("meeting", "user").filter(pk=registration_id).first()
    )
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return False
    meeting, user = registration.meeting, registration.user
    registered = registration.status == RegistrationStatus.REGISTERED
    if status in ("registered", "promoted") and not registered:
        return False
    attachments = []
    if registered:  # an invitation the member has accepted (RFC 5546 REQUEST)
        ics = meeting_ics(meetings=[meeting], for_user=user, method="REQUEST")
        attachments.append(("event.ics", ics, "text/calendar; method=REQUEST"))
    context = _meeting_context(meeting, registered=registered)
    if status == "promoted":
        subject = gettext_lazy("A place has come up: %(title)s")
    elif registered:
        subject = gettext_lazy("You are registered: %(title)s")
    else:
        subject = gettext_lazy("You are on the waiting list: %(title)s")
    context["status"] = status if registered else "waitlisted"
    context["waitlist_position"] = registration.waitlist_position
    return _send_once(
        key=f"confirm:{registration.pk}:{context['status']}:{registration.updated_at.timestamp()}",
        user=user,
        kind=None,
        subject=subject,
        subject_params={"title": meeting.title},
        template="events/emails/registration",
        context=context,
        attachments=attachments,
    )


@shared_task(name="events.send_series_confirmation", **TASK_OPTIONS)
def send_series_confirmation(*, series_id: int, user_id: int) -> bool:
    from django.contrib.auth import get_user_model

    series = MeetingSeries.objects.filter(pk=series_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if series is None or user is None:
        return False
    registrations = list(
        Registration.objects.filter(
            user=user, meeting__series=series, meeting__starts_at__gt=timezone.now()
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    registered = [r.meeting for r in registrations if r.status == RegistrationStatus.REGISTERED]
    # One invitation per meeting: RFC 5546 allows one UID per REQUEST.
    attachments = [
        (
            f"{meeting.slug}.ics",
            meeting_ics(meetings=[meeting], for_user=user, method="REQUEST"),
            "text/calendar; method=REQUEST",
        )
        for meeting in registered
    ]
    rows = [
        {
            "meeting": r.meeting,
            "when": uk_time_display_lazy(starts_at=r.meeting.starts_at, ends_at=r.meeting.ends_at),
            "waitlisted": r.status == RegistrationStatus.WAITLISTED,
        }
        for r in registrations
    ]
    return _send_once(
        key=f"series:{series.pk}:{timezone.now():%Y%m%d%H%M}",
        user=user,
        kind=None,
        subject=gettext_lazy("You are registered for %(title)s"),
        subject_params={"title": series.title},
        template="events/emails/series_registration",
        context={"series": series, "rows": rows},
        attachments=attachments,
    )


def _instant(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@shared_task(name="events.send_meeting_change_notices", **TASK_OPTIONS)
def send_meeting_change_notices(
    *,
    meeting_id: int,
    sequence: int,
    method: str,
    previous_starts_at: str | None = None,
    previous_ends_at: str | None = None,
) -> int:
    """Tell registered (and waitlisted) members that a meeting moved or was cancelled. Registered
    members get an .ics whose METHOD matches the MIME type (REQUEST or CANCEL); waitlisted
    members never had one in their calendar, so they get none. ``previous_starts_at`` /
    ``previous_ends_at`` (ISO 8601, recorded by the service before the change) are the old
    time the e-mail states next to the new one. Superseded sequences skip."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence:
        return 0
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    previous_start, previous_end = _instant(previous_starts_at), _instant(previous_ends_at)
    moved = (
        previous_start is not None
        and previous_end is not None
        and (previous_start, previous_end) != (meeting.starts_at, meeting.ends_at)
    )
    sent = 0
    registrations = (
        Registration.objects.filter(meeting=meeting)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
    )
    for registration in registrations:
        registered = registration.status == RegistrationStatus.REGISTERED
        attachments = []
        if registered:
            ics = meeting_ics(meetings=[meeting], for_user=registration.user, method=method)
            attachments.append(("event.ics", ics, f"text/calendar; method={method}"))
        context = _meeting_context(meeting, registered=registered)
        context["cancelled"] = method == "CANCEL"
        context["waitlisted"] = not registered
        context["previous_when"] = (
            uk_time_display_lazy(starts_at=previous_start, ends_at=previous_end) if moved else ""
        )
        if method == "CANCEL":
            subject = gettext_lazy("Cancelled: %(title)s")
        else:
            subject = gettext_lazy("Changed: %(title)s is now %(when)s")
        if _send_once(
            key=f"change:{meeting.pk}:{sequence}",
            user=registration.user,
            kind=EmailKind.CHANGE_NOTICES,
            subject=subject,
            subject_params={"title": meeting.title, "when": context["when"]},
            template="events/emails/change_notice",
            context=context,
            attachments=attachments,
        ):
            sent += 1
    return sent


@shared_task(name="events.send_registration_cancellation", **TASK_OPTIONS)
def send_registration_cancellation(
    *, registration_id: int, cancelled_at: str, was_registered: bool
) -> bool:
    """The member cancelled their place (or left the waiting list): confirm it, and for a place
    they held send a calendar cancellation (METHOD:CANCEL, same UID, higher SEQUENCE,
    STATUS:CANCELLED) that removes the meeting the confirmation's .ics put in their calendar.
    ``cancelled_at`` (the row's ``updated_at`` when cancelled) names this cancellation: if the
    member registered again since, it no longer stands and nothing is sent. Transactional."""
    registration = (
        Registration.objects.select_related("meeting", "user").filter(pk=registration_id).first()
    )
    if (
        registration is None
        or registration.status != RegistrationStatus.CANCELLED
        or registration.updated_at.isoformat() != cancelled_at
    ):
        return False
    meeting, user = registration.meeting, registration.user
    if was_registered:
        key = WITHDRAWAL_KEY.format(meeting_id=meeting.pk, stamp=cancelled_at)
        subject = gettext_lazy("Your place is cancelled: %(title)s")
    else:
        key = f"waitlist-leave:{meeting.pk}:{cancelled_at}"
        subject = gettext_lazy("You have left the waiting list: %(title)s")
    entry = _claim(key=key, user=user)
    if entry is None:
        return False
    attachments = []
    if was_registered:
        # Built after the claim: the ledger row counts this withdrawal in the SEQUENCE.
        ics = meeting_ics(meetings=[meeting], for_user=user, method="CANCEL", withdrawal=True)
        attachments.append(("event.ics", ics, "text/calendar; method=CANCEL"))
    context = _meeting_context(meeting, registered=False)
    context["was_registered"] = was_registered
    context["meeting_cancelled"] = meeting.status == MeetingStatus.CANCELLED
    send_member_email(
        user=user,
        kind=None,
        subject=subject,
        subject_params={"title": meeting.title},
        template="events/emails/registration_cancelled",
        context=context,
        attachments=attachments,
    )
    entry.sent_at = timezone.now()
    entry.save(update_fields=["sent_at", "updated_at"])
    return True


@shared_task(name="events.send_series_cancellation", **TASK_OPTIONS)
def send_series_cancellation(*, series_id: int, user_id: int, cancellations: list) -> bool:
    """The member left a whole series: one e-mail listing the meetings, with a calendar
    cancellation (as ``send_registration_cancellation``'s) for each meeting they held a place
    at. ``cancellations``: [registration id, cancelled at, was registered] per meeting."""
    from django.contrib.auth import get_user_model

    series = MeetingSeries.objects.filter(pk=series_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if series is None or user is None:
        return False
    registrations = {
        r.pk: r
        for r in Registration.objects.filter(
            pk__in=[row[0] for row in cancellations],
            user=user,
            status=RegistrationStatus.CANCELLED,
        ).select_related("meeting")
    }
    entries, rows, attachments = [], [], []
    for registration_id, cancelled_at, was_registered in cancellations:
        registration = registrations.get(registration_id)
        if registration is None or registration.updated_at.isoformat() != cancelled_at:
            continue  # registered again since: this cancellation no longer stands
        meeting = registration.meeting
        if was_registered:
            key = WITHDRAWAL_KEY.format(meeting_id=meeting.pk, stamp=cancelled_at)
        else:
            key = f"waitlist-leave:{meeting.pk}:{cancelled_at}"
        entry = _claim(key=key, user=user)
        if entry is None:
            continue
        entries.append(entry)
        rows.append(
            {
                "meeting": meeting,
                "when": uk_time_display_lazy(starts_at=meeting.starts_at, ends_at=meeting.ends_at),
                "waitlisted": not was_registered,
            }
        )
        if was_registered:  # one file per meeting: RFC 5546 allows one UID per CANCEL
            ics = meeting_ics(meetings=[meeting], for_user=user, method="CANCEL", withdrawal=True)
            attachments.append((f"{meeting.slug}.ics", ics, "text/calendar; method=CANCEL"))
    if not entries:
        return False
    send_member_email(
        user=user,
        kind=None,
        subject=gettext_lazy("You have left %(title)s"),
        subject_params={"title": series.title},
        template="events/emails/series_cancelled",
        context={"series": series, "rows": rows, "has_calendar_files": bool(attachments)},
        attachments=attachments,
    )
    now = timezone.now()
    EventEmail.objects.filter(pk__in=[e.pk for e in entries]).update(sent_at=now, updated_at=now)
    return True


@shared_task(name="events.send_organiser_message", **TASK_OPTIONS)
def send_organiser_message(*, message_id: int) -> int:
    message = OrganiserMessage.objects.select_related("meeting").filter(pk=message_id).first()
    if message is None:
        return 0
    statuses = [RegistrationStatus.REGISTERED]
    if message.include_waitlist:
        statuses.append(RegistrationStatus.WAITLISTED)
    sent = 0
    for registration in Registration.objects.filter(
        meeting=message.meeting, status__in=statuses
    ).select_related("user"):
        registered = registration.status == RegistrationStatus.REGISTERED
        context = _meeting_context(message.meeting, registered=registered)
        context["message"] = message
        if _send_once(
            key=f"message:{message.pk}",
            user=registration.user,
            kind=EmailKind.ORGANISER_MESSAGES,
            # Translators: an organiser's message about a meeting: "<meeting title>: <subject>".
            subject=gettext_lazy("%(title)s: %(subject)s"),
            subject_params={"title": message.meeting.title, "subject": message.subject},
            template="events/emails/organiser_message",
            context=context,
        ):
            sent += 1
    return sent
