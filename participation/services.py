from django.db import transaction
from django.utils import timezone

from .models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now()}
    )
    return heartbeat
