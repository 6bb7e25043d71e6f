"""Registration for an unconference (separate from meeting RSVPs)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from community.permissions import participation_refusal
from core.queue import enqueue_on_commit

from ..enums import Phase
from ..models import Registration, Unconference
from .topics import Refused


@transaction.atomic
def registration_save(
    *,
    unconference: Unconference,
    user,
    access_needs: str = "",
    dietary_needs: str = "",
    photo_consent: bool = False,
    travel_bursary: bool = False,
    travel_bursary_reason: str = "",
) -> Registration:
    refusal = participation_refusal(user)
    if refusal:
        raise Refused(refusal)
    registration = Registration.objects.filter(unconference=unconference, user=user).first()
    if registration is None and (
        not unconference.registration_open or unconference.phase == Phase.CLOSED
    ):
        raise Refused(_("Registration for this unconference is closed."))
    created = registration is None
    registration = registration or Registration(unconference=unconference, user=user)
    registration.access_needs = access_needs.strip()
    registration.dietary_needs = dietary_needs.strip()
    registration.photo_consent = photo_consent
    registration.travel_bursary = travel_bursary
    registration.travel_bursary_reason = travel_bursary_reason.strip() if travel_bursary else ""
    registration.full_clean()
    registration.save()
    if created:  # a confirmation of what they registered for (not on later edits)
        enqueue_on_commit(
            "unconferences.send_registration_confirmation", registration_id=registration.pk
        )
    return registration


@transaction.atomic
def registration_cancel(*, unconference: Unconference, user) -> None:
    Registration.objects.filter(unconference=unconference, user=user).delete()
