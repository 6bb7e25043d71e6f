"""Permission matrix rules for the reminders pages (see tests/permissions.py)."""

import datetime as dt

from tests.permissions import LOGIN, Rule, object_factory

PUBLIC_URLS: list[str] = []

ORGANISERS_ONLY = {
    "anonymous": LOGIN,
    "member": 403,
    "pending": 403,
    "organiser": 200,
    "editor": 403,
    "admin": 200,
}


@object_factory
def reminders_meeting(objs):
    from django.utils import timezone

    from events.models import Meeting

    starts_at = timezone.now() + dt.timedelta(days=3)
    return Meeting.objects.create(
        title="Reminders matrix meeting",
        slug=f"reminders-matrix-{timezone.now():%H%M%S%f}",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
    )


RULES = [
    Rule("reminders:organise", expect=ORGANISERS_ONLY),
    Rule(
        "reminders:organise_meeting",
        kwargs=lambda objs: {"pk": objs.reminders_meeting().pk},
        expect=ORGANISERS_ONLY,
    ),
    Rule(
        "reminders:requeue_failed",
        kwargs=lambda objs: {"pk": objs.reminders_meeting().pk},
        method="post",
        expect={**ORGANISERS_ONLY, "organiser": 302, "admin": 302},
    ),
]
