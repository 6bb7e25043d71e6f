"""Organisers' messages to a meeting's attendees: the real send (recorded, queued, once per
attendee through the EventEmail ledger) and the organiser's test to themselves (sent now, to
them only, recorded nowhere)."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from core.queue import enqueue_on_commit

from ..emails import organiser_message_preview
from ..models import Meeting, OrganiserMessage


@transaction.atomic
def organiser_message_send(
    *, meeting: Meeting, sender, subject: str, body: str, include_waitlist: bool = False
) -> OrganiserMessage:
    message = organiser_message_draft(
        meeting=meeting,
        sender=sender,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
    )
    message.save()
    enqueue_on_commit("events.send_organiser_message", message_id=message.pk)
    return message


def organiser_message_draft(
    *, meeting: Meeting, sender, subject: str, body: str, include_waitlist: bool = False
) -> OrganiserMessage:
    """An unsaved message, for the preview and the test: nothing is written."""
    message = OrganiserMessage(
        meeting=meeting,
        sender=sender,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
    )
    message.full_clean()
    return message


def organiser_message_test_send(*, message: OrganiserMessage) -> EmailMultiAlternatives | None:
    """Send the organiser (the draft's sender) the e-mail attendees will get, built by the same
    code, now and to them only. No OrganiserMessage or ledger row is written, so the real send
    later reaches every attendee exactly once. Mail server errors propagate to the caller."""
    email = organiser_message_preview(message=message)
    if email is not None:
        email.send()
    return email
