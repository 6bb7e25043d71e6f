"""Celery tasks: thin, named, keyword-only IDs; idempotent through a ledger table."""

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils.translation import get_language, gettext_lazy

from community.emails import send_member_email
from community.enums import EmailKind

from .models import Registration, ReleaseNotification, ScheduleRelease
from .selectors import release_change_lines


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
        try:
            with transaction.atomic():
                ReleaseNotification.objects.create(release=release, user=user)
                send_member_email(
                    user=user,
                    kind=EmailKind.UNCONFERENCE_UPDATES,
                    subject=gettext_lazy("Schedule changes: %(title)s"),
                    subject_params={"title": release.unconference.title},
                    template="unconferences/emails/schedule_changed",
                    context={
                        "release": release,
                        "unconference": release.unconference,
                        "changes": changes,
                    },
                )
        except IntegrityError:
            continue  # already told about this release
        sent += 1
    return sent
