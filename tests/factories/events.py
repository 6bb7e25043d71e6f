import datetime as dt

import factory
from django.utils import timezone

from events.enums import MeetingKind, MeetingMode
from events.models import Meeting, MeetingSeries, Registration
from tests.factories.users import UserFactory


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    title = "Community of practice meeting"
    slug = factory.Sequence(lambda n: f"community-meeting-{n}")
    description = "Monthly online meeting of the community."
    kind = MeetingKind.COMMUNITY_MEETING
    rrule = "FREQ=MONTHLY;BYDAY=+2WE"
    start_time = dt.time(14, 0)
    duration_minutes = 75
    first_date = dt.date(2025, 1, 1)
    mode = MeetingMode.ONLINE
    join_url = "https://meet.example.org/community-secret-room"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = MeetingKind.COMMUNITY_MEETING
    agenda = "Introductions, a case study, discussion."
    mode = MeetingMode.ONLINE
    join_url = "https://meet.example.org/secret-join-link"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0, second=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=75))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)


def organiser(**kwargs):
    """A member of the Organisers group holding community.organise and the events permissions."""
    from community.roles import roles_ensure
    from events.roles import events_permissions_ensure

    roles_ensure()
    group = events_permissions_ensure()
    user = UserFactory(**kwargs)
    user.groups.add(group)
    return user
