"""Writes for reminders and digests: services/scanner.py, sending.py, digest.py."""

from django.db import transaction

from ..models import DigestDelivery, ReminderDelivery


@transaction.atomic
def reminders_erase(*, user) -> None:
    """Erasure: the member's reminder and digest ledger rows (registrations would cascade them
    too, but events may anonymise registrations rather than delete them)."""
    ReminderDelivery.objects.filter(registration__user=user).delete()
    DigestDelivery.objects.filter(user=user).delete()
