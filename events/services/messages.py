"""Organisers' messages to a meeting's attendees."""

from django.db import transaction

from core.queue import enqueue_on_commit

from ..models import Meeting, OrganiserMessage


@transaction.atomic
def organiser_message_send(
    *, meeting: Meeting, sender, subject: str, body: str, include_waitlist: bool = False
) -> OrganiserMessage:
    message = OrganiserMessage(
        meeting=meeting,
        sender=sender,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
    )
    message.full_clean()
    message.save()
    enqueue_on_commit("events.send_organiser_message", message_id=message.pk)
    return message
