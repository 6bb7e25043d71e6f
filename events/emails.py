"""E-mails to members about meetings (confirmations, waiting list, promotions, changes,
cancellations, organiser messages): one service per kind, called by the thin tasks in
``events/tasks.py``.

Each e-mail goes out once per (key, member): the EventEmail ledger row is written (committed)
before the e-mail is sent and marked sent after. A key names what is sent, to whom and why,
from the rows themselves (a registration and the moment its status last changed, a meeting's
schedule sequence, a message's id), never the clock at the time the task runs: the same task
redelivered later finds the row and sends nothing. The Message-ID is derived from the row
(its ``message_id``, ``community.email_delivery.EmailLedger``), so a re-send after a crash
between the SMTP server's acceptance and the "sent" mark carries the same Message-ID and mail
systems keep one copy. Errors from the mail server propagate to the task, which applies the one
retry policy (``community.email_delivery``).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community.email_delivery import email_ledger_claim, email_permanent_failure_isolated
from community.emails import member_email_build, send_member_email
from community.enums import EmailKind

from .calendars import WITHDRAWAL_KEY, meeting_ics, meeting_url_lazy
from .enums import MeetingStatus, RegistrationStatus
from .models import EventEmail, Meeting, MeetingSeries, OrganiserMessage, Registration
from .selectors import uk_time_display_lazy


def event_email_claim(*, key: str, user) -> EventEmail | None:
    """The ledger row for this e-mail (committed before any SMTP), or None when already sent."""
    entry, owns_send = email_ledger_claim(EventEmail, key=key, user=user)
    return entry if owns_send else None


def event_emails_mark_sent(entries: list[EventEmail]) -> None:
    now = timezone.now()
    EventEmail.objects.filter(pk__in=[e.pk for e in entries]).update(sent_at=now, updated_at=now)


def event_email_send_once(*, key: str, user, **email) -> bool:
    """Send ``email`` (send_member_email's arguments) to ``user`` once for ``key``."""
    entry = event_email_claim(key=key, user=user)
    if entry is None:
        return False
    send_member_email(user=user, message_id=entry.message_id, **email)
    event_emails_mark_sent([entry])
    return True


def _meeting_context(meeting: Meeting, *, registered: bool) -> dict:
    return {
        "meeting": meeting,
        "meeting_url": meeting_url_lazy(meeting),
        "when": uk_time_display_lazy(starts_at=meeting.starts_at, ends_at=meeting.ends_at),
        "join_url": meeting.join_url if registered else "",
    }


def _instant(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def registration_confirmation_send(*, registration: Registration, status: str) -> bool:
    """Confirmation (registered, with the .ics), waiting-list notice, or promotion notice.
    Transactional: sent whatever the member's preferences (kind None). The key names the
    registration and the moment its status last changed (the row's ``updated_at``)."""
    if registration.status == RegistrationStatus.CANCELLED:
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
    return event_email_send_once(
        key=f"confirm:{registration.pk}:{context['status']}:{registration.updated_at.timestamp()}",
        user=user,
        kind=None,
        subject=subject,
        subject_params={"title": meeting.title},
        template="events/emails/registration",
        context=context,
        attachments=attachments,
    )


def series_confirmation_send(*, series: MeetingSeries, user) -> bool:
    """One e-mail for a registration for a whole series, with an invitation per meeting. The
    key names the series and the newest change among the registrations it lists (rows, not the
    clock: a redelivered task sends nothing new; leaving and registering again changes the
    registrations, so a new e-mail goes out)."""
    registrations = list(
        Registration.objects.filter(
            user=user, meeting__series=series, meeting__starts_at__gt=timezone.now()
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    if not registrations:
        return False
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
    newest = max(r.updated_at for r in registrations)
    return event_email_send_once(
        key=f"series:{series.pk}:{newest.timestamp()}",
        user=user,
        kind=None,
        subject=gettext_lazy("You are registered for %(title)s"),
        subject_params={"title": series.title},
        template="events/emails/series_registration",
        context={"series": series, "rows": rows},
        attachments=attachments,
    )


def meeting_change_notices_send(
    *,
    meeting: Meeting,
    sequence: int,
    previous_starts_at: str | None = None,
    previous_ends_at: str | None = None,
) -> int:
    """Tell registered (and waitlisted) members that a meeting moved or was cancelled. Registered
    members get an .ics whose METHOD matches the MIME type (REQUEST or CANCEL); waitlisted
    members never had one in their calendar, so they get none. ``previous_starts_at`` /
    ``previous_ends_at`` (ISO 8601, recorded by the service before the change) are the old
    time the e-mail states next to the new one. Superseded sequences skip."""
    if meeting.sequence != sequence:
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
        with email_permanent_failure_isolated(user=registration.user, what="change notice"):
            sent += event_email_send_once(
                key=f"change:{meeting.pk}:{sequence}",
                user=registration.user,
                kind=EmailKind.CHANGE_NOTICES,
                subject=subject,
                subject_params={"title": meeting.title, "when": context["when"]},
                template="events/emails/change_notice",
                context=context,
                attachments=attachments,
            )
    return sent


def _cancellation_key(*, meeting, cancelled_at: str, was_registered: bool) -> str:
    """The ledger key of one cancellation: of a place held (counted in the member's calendar
    SEQUENCE) or of leaving the waiting list. One rule for single and series cancellations."""
    if was_registered:
        return WITHDRAWAL_KEY.format(meeting_id=meeting.pk, stamp=cancelled_at)
    return f"waitlist-leave:{meeting.pk}:{cancelled_at}"


def registration_cancellation_send(
    *, registration: Registration, cancelled_at: str, was_registered: bool
) -> bool:
    """The member cancelled their place (or left the waiting list): confirm it, and for a place
    they held send a calendar cancellation (METHOD:CANCEL, same UID, higher SEQUENCE,
    STATUS:CANCELLED) that removes the meeting the confirmation's .ics put in their calendar.
    ``cancelled_at`` (the row's ``updated_at`` when cancelled) names this cancellation: if the
    member registered again since, it no longer stands and nothing is sent. Transactional."""
    if (
        registration.status != RegistrationStatus.CANCELLED
        or registration.updated_at.isoformat() != cancelled_at
    ):
        return False
    meeting, user = registration.meeting, registration.user
    if was_registered:
        subject = gettext_lazy("Your place is cancelled: %(title)s")
    else:
        subject = gettext_lazy("You have left the waiting list: %(title)s")
    key = _cancellation_key(
        meeting=meeting, cancelled_at=cancelled_at, was_registered=was_registered
    )
    entry = event_email_claim(key=key, user=user)
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
        message_id=entry.message_id,
    )
    event_emails_mark_sent([entry])
    return True


def series_cancellation_send(*, series: MeetingSeries, user, cancellations: list) -> bool:
    """The member left a whole series: one e-mail listing the meetings, with a calendar
    cancellation (as ``registration_cancellation_send``'s) for each meeting they held a place
    at. ``cancellations``: [registration id, cancelled at, was registered] per meeting. The
    Message-ID is that of the first meeting's ledger row."""
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
        key = _cancellation_key(
            meeting=meeting, cancelled_at=cancelled_at, was_registered=was_registered
        )
        entry = event_email_claim(key=key, user=user)
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
        message_id=entries[0].message_id,
    )
    event_emails_mark_sent(entries)
    return True


def organiser_message_registrations(*, meeting: Meeting, include_waitlist: bool):
    """The registrations an organiser's message goes to (registered, and the waiting list if
    asked): one definition for the send and for the count the organiser sees before it."""
    statuses = [RegistrationStatus.REGISTERED]
    if include_waitlist:
        statuses.append(RegistrationStatus.WAITLISTED)
    return Registration.objects.filter(meeting=meeting, status__in=statuses)


def organiser_message_audience(*, meeting: Meeting, include_waitlist: bool) -> dict[str, int]:
    """How many people an organiser's message would reach: ``recipients`` (will get it),
    ``registered`` and ``waiting`` among them, and ``opted_out`` (turned organiser messages
    off, or have no usable address: they are not sent it)."""
    reachable = Q(user__is_active=True) & ~Q(user__email="")
    opted_out = Q(user__email_preferences__organiser_messages=False)
    counts = organiser_message_registrations(
        meeting=meeting, include_waitlist=include_waitlist
    ).aggregate(
        total=Count("pk"),
        registered=Count(
            "pk", filter=reachable & ~opted_out & Q(status=RegistrationStatus.REGISTERED)
        ),
        waiting=Count(
            "pk", filter=reachable & ~opted_out & Q(status=RegistrationStatus.WAITLISTED)
        ),
    )
    recipients = counts["registered"] + counts["waiting"]
    return {
        "recipients": recipients,
        "registered": counts["registered"],
        "waiting": counts["waiting"],
        "opted_out": counts["total"] - recipients,
    }


def _organiser_message_email(message: OrganiserMessage, *, user, registered: bool) -> dict:
    """send_member_email's arguments for ``message`` to ``user``: the one definition of the
    e-mail, used to send it to attendees, to preview it and to send the organiser a test."""
    context = _meeting_context(message.meeting, registered=registered)
    context["message"] = message
    return {
        "user": user,
        "kind": EmailKind.ORGANISER_MESSAGES,
        # Translators: an organiser's message about a meeting: "<meeting title>: <subject>".
        "subject": gettext_lazy("%(title)s: %(subject)s"),
        "subject_params": {"title": message.meeting.title, "subject": message.subject},
        "template": "events/emails/organiser_message",
        "context": context,
    }


def organiser_message_send(*, message: OrganiserMessage) -> int:
    sent = 0
    registrations = organiser_message_registrations(
        meeting=message.meeting, include_waitlist=message.include_waitlist
    ).select_related("user")
    for registration in registrations:
        registered = registration.status == RegistrationStatus.REGISTERED
        email = _organiser_message_email(message, user=registration.user, registered=registered)
        with email_permanent_failure_isolated(user=registration.user, what="organiser message"):
            sent += event_email_send_once(key=f"message:{message.pk}", **email)
    return sent


def organiser_message_preview(*, message: OrganiserMessage):
    """The e-mail an attendee with a place would get, addressed to the message's sender (an
    unsaved ``OrganiserMessage`` is fine): what the organiser sees, and what "Send a test to me"
    sends. None if the sender has no usable address. Built like the real send, with the
    organiser's own unsubscribe link and greeting, even if they switched these messages off."""
    return member_email_build(
        force=True, **_organiser_message_email(message, user=message.sender, registered=True)
    )


def member_load(*, user_id: int):
    return get_user_model().objects.filter(pk=user_id).first()
