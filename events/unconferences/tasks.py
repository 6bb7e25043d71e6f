"""Celery tasks: thin, named, keyword-only IDs; idempotent through a ledger table."""

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from community.emails import send_member_email
from community.enums import EmailKind

from .models import Registration, ReleaseNotification, ScheduleRelease


@shared_task(
    name="unconferences.notify_schedule_change",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_schedule_change(*, release_id: int) -> int:
    """E-mail each registered attendee the change log of a schedule release (once each)."""
    release = ScheduleRelease.objects.select_related("unconference").filter(pk=release_id).first()
    if release is None:
        return 0
    sent = 0
    registrations = Registration.objects.filter(unconference=release.unconference).select_related(
        "user"
    )
    for registration in registrations:
        user = registration.user
        try:
            with transaction.atomic():
                ReleaseNotification.objects.create(release=release, user=user)
                send_member_email(
                    user=user,
                    kind=EmailKind.UNCONFERENCE_UPDATES,
                    subject=_("Schedule changes: %(title)s")
                    % {"title": release.unconference.title},
                    template="unconferences/emails/schedule_changed",
                    context={"release": release, "unconference": release.unconference},
                )
        except IntegrityError:
            continue  # already told about this release
        sent += 1
    return sent
