"""Demo content for the organisers' attendance trends (issue 21 item 5): the community meetings
already held get registrations from demo members (not the demo log-in accounts), with attendance
marked and about one in five a no-show. Idempotent (get_or_create; marks set
from a fixed pattern), no e-mails."""

from __future__ import annotations

from django.utils import timezone

from community.demo import DEMO_LOGINS
from community.models import User
from events.enums import MeetingStatus, RegistrationStatus
from events.models import Meeting, Registration

MEETINGS = 6  # the last community meetings held


def load(*, stdout) -> None:
    logins = {email for _role, email in DEMO_LOGINS}
    people = list(
        User.objects.filter(
            approval_status="approved", is_staff=False, email__endswith="@example.org"
        )
        .exclude(email__in=logins)
        .order_by("pk")
    )
    if not people:
        return
    held = list(
        Meeting.objects.filter(series__isnull=False, starts_at__lt=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")[:MEETINGS]
    )
    marked = 0
    for number, meeting in enumerate(reversed(held)):
        # Growing meetings: from half the demo members to all of them.
        count = max(1, min(len(people), len(people) // 2 + number))
        for index, person in enumerate(people[:count]):
            attended = (index + number) % 5 != 0  # about one in five does not come
            _registration, created = Registration.objects.get_or_create(
                meeting=meeting,
                user=person,
                defaults={"status": RegistrationStatus.REGISTERED, "attended": attended},
            )
            marked += created
    stdout.write(f"  attendance for {len(held)} past community meetings ({marked} new)")
