"""Organisers' messages to a meeting's attendees: the real send (recorded, queued, once per
attendee through the EventEmail ledger) and the organiser's test to themselves (sent now, to
them only, recorded nowhere)."""

import uuid

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction

from core.queue import enqueue_on_commit

from ..emails import organiser_message_preview
from ..models import Meeting, OrganiserMessage


class OrganiserMessageAlreadySent(Exception):
    """The preview form's one-time token was used already: ``message`` is the one it sent."""

    def __init__(self, message: OrganiserMessage):
        super().__init__(f"Organiser message {message.pk} was already sent with this token")
        self.message = message


@transaction.atomic
def organiser_message_send(
    *,
    meeting: Meeting,
    sender,
    subject: str,
    body: str,
    include_waitlist: bool = False,
    send_token: uuid.UUID | None = None,
) -> OrganiserMessage:
    """Record and queue the message. With ``send_token`` (the preview form's one-time token) it
    is sent at most once: a second call with the same token, even at the same moment, sends
    nothing and raises OrganiserMessageAlreadySent with the message the first call sent."""
    message = organiser_message_draft(
        meeting=meeting,
        sender=sender,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
    )
    if send_token is not None:
        _raise_if_sent(send_token)
        message.send_token = send_token
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:  # the same token sent by a concurrent request just now
            _raise_if_sent(send_token)
            raise
    else:
        message.save()
    enqueue_on_commit("events.send_organiser_message", message_id=message.pk)
    return message


def _raise_if_sent(send_token: uuid.UUID) -> None:
    sent = OrganiserMessage.objects.filter(send_token=send_token).first()
    if sent is not None:
        raise OrganiserMessageAlreadySent(sent)


def organiser_message_send_token() -> uuid.UUID:
    """A fresh one-time token for a preview form's "Send" button."""
    return uuid.uuid4()


def organiser_message_token_used(*, send_token: uuid.UUID) -> bool:
    return OrganiserMessage.objects.filter(send_token=send_token).exists()


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
