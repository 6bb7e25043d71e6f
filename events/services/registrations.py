"""RSVP: register (or join the waiting list), series registration, cancellation, promotion
from the waiting list and attendance."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from community.permissions import participation_refusal
from core.queue import enqueue_on_commit

from ..enums import MeetingStatus, RegistrationStatus
from ..models import Meeting, MeetingSeries, Registration, SeriesRegistration


class RegistrationRefused(ValidationError):
    """The member may not register (pending, declined, anonymous, meeting over or cancelled)."""


def _check_can_register(*, meeting: Meeting, user) -> None:
    refusal = participation_refusal(user)
    if refusal:
        raise RegistrationRefused(refusal)
    if meeting.status == MeetingStatus.CANCELLED:
        raise RegistrationRefused(_("This meeting has been cancelled."))
    if meeting.ends_at <= timezone.now():
        raise RegistrationRefused(_("This meeting has already taken place."))


def register_locked(*, meeting: Meeting, user, notify: bool = True) -> Registration:
    """Register with the meeting row already locked by the caller's transaction."""
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration and registration.status != RegistrationStatus.CANCELLED:
        return registration
    registered = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).count()
    has_room = meeting.capacity is None or registered < meeting.capacity
    if registration is None:
        registration = Registration(meeting=meeting, user=user)
    if has_room:
        registration.status = RegistrationStatus.REGISTERED
        registration.waitlist_position = None
    else:
        last = Registration.objects.filter(meeting=meeting).aggregate(m=Max("waitlist_position"))
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = (last["m"] or 0) + 1
    registration.attended = None
    registration.full_clean(validate_unique=False, validate_constraints=False)
    registration.save()
    if notify:
        enqueue_on_commit(
            "events.send_registration_confirmation",
            registration_id=registration.pk,
            status=registration.status,
        )
    return registration


def meeting_lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def meeting_register(*, meeting: Meeting, user) -> Registration:
    """Register a member (or put them on the waiting list when full). Safe under concurrent
    requests: the meeting row is locked while seats are counted. Re-registering is a no-op."""
    meeting = meeting_lock(meeting)
    _check_can_register(meeting=meeting, user=user)
    try:
        with transaction.atomic():
            return register_locked(meeting=meeting, user=user)
    except IntegrityError as error:  # the unique constraint: a parallel request won
        raise RegistrationRefused(_("You are already registered for this meeting.")) from error


@transaction.atomic
def meeting_series_register(*, series: MeetingSeries, user) -> list[Registration]:
    """Register for every future meeting of the series, including ones generated later."""
    refusal = participation_refusal(user)
    if refusal:
        raise RegistrationRefused(refusal)
    SeriesRegistration.objects.get_or_create(series=series, user=user)
    registrations = []
    upcoming = Meeting.objects.filter(
        series=series, status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now()
    ).order_by("starts_at")
    for meeting in upcoming:
        meeting = meeting_lock(meeting)
        registrations.append(register_locked(meeting=meeting, user=user, notify=False))
    if registrations:
        enqueue_on_commit("events.send_series_confirmation", series_id=series.pk, user_id=user.pk)
    return registrations


@transaction.atomic
def meeting_and_series_register(*, meeting: Meeting, user) -> list[Registration]:
    """Register for every future meeting of ``meeting``'s series and for ``meeting`` itself (the
    one the member chose it from, which may be moved out of the series' schedule or already
    under way). One transaction: if ``meeting`` refuses the member (cancelled, over), the series
    registration is not kept either, and no e-mail is queued."""
    registrations = meeting_series_register(series=meeting.series, user=user)
    if not any(registration.meeting_id == meeting.pk for registration in registrations):
        registrations.append(meeting_register(meeting=meeting, user=user))
    return registrations


def waitlist_promote_locked(meeting: Meeting) -> list[Registration]:
    promoted = []
    if meeting.status == MeetingStatus.CANCELLED:
        return promoted
    registered = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).count()
    while meeting.capacity is None or registered < meeting.capacity:
        candidate = (
            Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITLISTED)
            .order_by("waitlist_position", "created_at", "pk")
            .first()
        )
        if candidate is None:
            break
        candidate.status = RegistrationStatus.REGISTERED
        candidate.waitlist_position = None
        candidate.save(update_fields=["status", "waitlist_position", "updated_at"])
        promoted.append(candidate)
        registered += 1
        enqueue_on_commit(
            "events.send_registration_confirmation",
            registration_id=candidate.pk,
            status="promoted",
        )
    return promoted


@transaction.atomic
def meeting_promote_waitlist(*, meeting: Meeting) -> list[Registration]:
    """Fill free seats from the waiting list in order (after a cancellation or more capacity)."""
    return waitlist_promote_locked(meeting_lock(meeting))


@transaction.atomic
def registration_cancel(*, meeting: Meeting, user, notify: bool = True) -> Registration | None:
    """Cancel a member's registration; a freed seat goes to the first on the waiting list. The
    member is sent a confirmation, with a calendar cancellation for a place they held."""
    meeting = meeting_lock(meeting)
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return registration
    was_registered = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    registration.save(update_fields=["status", "waitlist_position", "updated_at"])
    if notify:
        enqueue_on_commit(
            "events.send_registration_cancellation",
            registration_id=registration.pk,
            cancelled_at=registration.updated_at.isoformat(),
            was_registered=was_registered,
        )
    waitlist_promote_locked(meeting)
    return registration


@transaction.atomic
def meeting_series_unregister(*, series: MeetingSeries, user) -> None:
    """Stop registering for new meetings of the series and cancel future registrations. One
    e-mail confirms it, with a calendar cancellation for each meeting they held a place at."""
    SeriesRegistration.objects.filter(series=series, user=user).delete()
    cancellations = []
    for registration in Registration.objects.filter(
        meeting__series=series, user=user, meeting__starts_at__gt=timezone.now()
    ).exclude(status=RegistrationStatus.CANCELLED):
        was_registered = registration.status == RegistrationStatus.REGISTERED
        cancelled = registration_cancel(meeting=registration.meeting, user=user, notify=False)
        cancellations.append([cancelled.pk, cancelled.updated_at.isoformat(), was_registered])
    if cancellations:
        enqueue_on_commit(
            "events.send_series_cancellation",
            series_id=series.pk,
            user_id=user.pk,
            cancellations=cancellations,
        )


@transaction.atomic
def meeting_and_series_unregister(*, meeting: Meeting, user) -> None:
    """Leave ``meeting``'s series (future meetings, one e-mail) and ``meeting`` itself if it is
    still to end (a meeting under way is not among the series' future ones). One transaction."""
    meeting_series_unregister(series=meeting.series, user=user)
    if meeting.ends_at > timezone.now():
        registration_cancel(meeting=meeting, user=user)


@transaction.atomic
def registration_set_attendance(*, registration: Registration, attended: bool | None) -> None:
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])
