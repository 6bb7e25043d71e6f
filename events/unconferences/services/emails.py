"""E-mails to unconference attendees (registration confirmations, schedule releases) and to
topic proposers (organisers' decisions), called by the thin tasks in
``events/unconferences/tasks.py``; each goes out once per ledger row (EventEmail for
confirmations and decisions, ReleaseNotification for releases) with a Message-ID derived from
that row (its ``message_id``, ``community.email_delivery.EmailLedger``). Errors from the mail
server propagate to the task, which applies the one retry policy (``community.email_delivery``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from community.email_delivery import email_ledger_claim, email_permanent_failure_isolated
from community.emails import send_member_email
from community.enums import EmailKind
from events.emails import event_email_send_once
from events.selectors import uk_time_display_lazy

from ..models import Registration, ReleaseNotification, ScheduleRelease, Topic
from ..selectors import release_change_lines, release_sessions_of_member


def schedule_release_notify(*, release: ScheduleRelease) -> int:
    """E-mail each registered attendee about a schedule release (once each): for version 1,
    that the schedule is published, with their own sessions; for later versions, the change
    log."""
    if release.unconference.ends_at <= timezone.now():
        return 0  # a schedule of a day that is over (loading past demo content)
    first = release.number == 1
    lines_by_language: dict[str, list[str]] = {}

    def changes() -> list[str]:
        """Called by the templates, inside the attendee's language: worked out once per
        language, not once per attendee and template."""
        language = get_language()
        if language not in lines_by_language:
            lines_by_language[language] = release_change_lines(release=release)
        return lines_by_language[language]

    sent = 0
    registrations = Registration.objects.filter(unconference=release.unconference).select_related(
        "user"
    )
    for registration in registrations:
        user = registration.user
        context = {"release": release, "unconference": release.unconference}
        if first:
            subject = gettext_lazy("The schedule is published: %(title)s")
            template = "unconferences/emails/schedule_published"
            context["sessions"] = [
                {
                    **row,
                    "when": uk_time_display_lazy(
                        starts_at=row["starts_at"], ends_at=row["ends_at"]
                    ),
                }
                for row in release_sessions_of_member(release=release, user=user)
            ]
        else:
            subject = gettext_lazy("Schedule changes: %(title)s")
            template = "unconferences/emails/schedule_changed"
            context["changes"] = changes
        with email_permanent_failure_isolated(user=user, what="schedule release"):
            with transaction.atomic():  # the row with the send: a failed send rolls it back
                notification, owns_send = email_ledger_claim(
                    ReleaseNotification, release=release, user=user
                )
                if not owns_send:
                    continue  # already told about this release
                send_member_email(
                    user=user,
                    kind=EmailKind.UNCONFERENCE_UPDATES,
                    subject=subject,
                    subject_params={"title": release.unconference.title},
                    template=template,
                    context=context,
                    message_id=notification.message_id,
                )
            sent += 1
    return sent


def registration_confirmation_send(*, registration: Registration) -> bool:
    """Confirm a registration (once: the key is the registration; cancelling deletes it, so
    registering again is a new one): what and when, and what the member asked for (travel
    bursary, access and dietary needs acknowledged without repeating them), and how to change
    or cancel. Transactional: sent whatever the member's preferences."""
    unconference = registration.unconference
    return event_email_send_once(
        key=f"unconference-registration:{registration.pk}",
        user=registration.user,
        kind=None,
        subject=gettext_lazy("You are registered: %(title)s"),
        subject_params={"title": unconference.title},
        template="unconferences/emails/registration",
        context={
            "unconference": unconference,
            "registration": registration,
            "when": uk_time_display_lazy(
                starts_at=unconference.starts_at, ends_at=unconference.ends_at
            ),
        },
    )


# The e-mail's subject for each decision (translated in the proposer's language when sent).
DECISION_SUBJECTS = {
    "accepted": gettext_lazy("Your topic was accepted"),
    "declined": gettext_lazy("Your topic was declined"),
    "hidden": gettext_lazy("Your topic was hidden"),
    "merged": gettext_lazy("Your topic was merged with a similar one"),
    "taken_up": gettext_lazy("Your topic is on a meeting's agenda"),
}


def topic_decision_key(*, topic_id: int, decision: str, decided_at: str) -> str:
    return f"topic-decision:{topic_id}:{decision}:{decided_at}"


def topic_decision_send(*, topic: Topic, decision: str, decided_at: str, reason: str = "") -> bool:
    """Tell the proposer what the organisers decided, once per decision. The key names what
    (the topic and the decision) and why (the moment the decision changed the topic: its
    ``updated_at`` as the moderation service saved it), never the clock when the task runs: a
    redelivered task sends nothing, while a later decision on the same topic (accepted again
    after being hidden) is a new reason and a new e-mail. ``reason`` is the decline reason, the
    topic merged into, or the meeting that takes it up. Sent only if the proposer wants
    unconference e-mails."""
    proposer = topic.proposer
    if proposer is None:
        return False  # the account was deleted
    return event_email_send_once(
        key=topic_decision_key(topic_id=topic.pk, decision=decision, decided_at=decided_at),
        user=proposer,
        kind=EmailKind.UNCONFERENCE_UPDATES,
        subject=DECISION_SUBJECTS[decision],
        template="unconferences/emails/topic_decision",
        context={"topic": topic, "board": topic.board, "decision": decision, "reason": reason},
    )
