"""Data rights: a member's registrations exported, or erased (freed seats go to the waiting
list). Registered with core.data_rights in EventsConfig.ready()."""

from django.db import transaction
from django.utils import timezone

from core.http import absolute_url

from ..enums import RegistrationStatus
from ..models import CalendarFeedToken, Meeting, Registration, SeriesRegistration
from .registrations import meeting_lock, waitlist_promote_locked


def registrations_export(user) -> list[dict]:
    return [
        {
            "meeting": registration.meeting.title,
            "meeting_url": absolute_url(registration.meeting),
            "starts_at": registration.meeting.starts_at.isoformat(),
            "status": registration.status,
            "waitlist_position": registration.waitlist_position,
            "attended": registration.attended,
            "registered_at": registration.created_at.isoformat(),
        }
        for registration in Registration.objects.filter(user=user)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    ] + [
        {"series": subscription.series.title, "all_future_meetings": True}
        for subscription in SeriesRegistration.objects.filter(user=user).select_related("series")
    ]


@transaction.atomic
def registrations_erase(*, user) -> None:
    """Delete the member's registrations and feed token; freed seats go to the waiting list."""
    freed = list(
        Registration.objects.filter(
            user=user, status=RegistrationStatus.REGISTERED, meeting__ends_at__gt=timezone.now()
        ).values_list("meeting_id", flat=True)
    )
    Registration.objects.filter(user=user).delete()
    SeriesRegistration.objects.filter(user=user).delete()
    CalendarFeedToken.objects.filter(user=user).delete()
    for meeting in Meeting.objects.filter(pk__in=freed):
        waitlist_promote_locked(meeting_lock(meeting))
