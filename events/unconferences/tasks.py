"""Celery tasks: thin, named, keyword-only IDs; idempotent through a ledger table."""

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from community.emails import send_member_email
from community.enums import EmailKind
from events.models import EventEmail
from events.selectors import uk_time_display_lazy

from .models import Registration, ReleaseNotification, ScheduleRelease
from .selectors import release_change_lines, release_sessions_of_member


@shared_task(
    name="unconferences.notify_schedule_change",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_schedule_change(*, release_id: int) -> int:
    """E-mail each registered attendee about a schedule release (once each): for version 1,
    that the schedule is published, with their own sessions; for later versions, the change
    log."""
    release = ScheduleRelease.objects.select_related("unconference").filter(pk=release_id).first()
    if release is None or release.unconference.ends_at <= timezone.now():
        return 0  # gone, or a schedule of a day that is over (loading past demo content)
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
        try:
            with transaction.atomic():
                ReleaseNotification.objects.create(release=release, user=user)
                send_member_email(
                    user=user,
                    kind=EmailKind.UNCONFERENCE_UPDATES,
                    subject=subject,
                    subject_params={"title": release.unconference.title},
                    template=template,
                    context=context,
                )
        except IntegrityError:
            continue  # already told about this release
        sent += 1
    return sent


@shared_task(
    name="unconferences.send_registration_confirmation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_registration_confirmation(*, registration_id: int) -> bool:
    """Confirm a registration (once): what and when, and what the member asked for (travel
    bursary, access and dietary needs acknowledged without repeating them), and how to change
    or cancel. Transactional: sent whatever the member's preferences."""
    registration = (
        Registration.objects.select_related("unconference", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False  # cancelled before the task ran
    unconference, user = registration.unconference, registration.user
    try:
        with transaction.atomic():
            EventEmail.objects.create(
                key=f"unconference-registration:{registration.pk}",
                user=user,
                sent_at=timezone.now(),
            )
            send_member_email(
                user=user,
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
    except IntegrityError:
        return False  # already confirmed
    return True
