"""Demo content for events (CONTENT-FACTS d1, d2): the monthly community-of-practice series with
its 17 real meetings (July 2024 to March 2026), the design labs and other dated events, and
upcoming occurrences generated from the series so there is something to register for.
Idempotent: keyed by slug (and by series + original date for occurrences). The unconference
itself belongs to events.unconferences' demo."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from community.demo import DEMO_MEMBER_EMAIL
from core.http import absolute_url

from .enums import MeetingKind, MeetingMode, MeetingStatus, RegistrationStatus
from .models import Meeting, MeetingSeries, Registration
from .roles import events_permissions_ensure
from .services import generation_horizon, meeting_series_generate
from .timezones import LONDON, london_to_utc

SERIES_SLUG = "community-of-practice"
SERIES_JOIN_URL = "https://meet.example.org/community-of-practice"
NOTES = (
    "Notes for members (Chatham House rule: nothing here is attributed).\n\n"
    "{topic}: members shared what had worked and what had not, and agreed to bring examples "
    "to the case-study library. Actions: write up two case studies; share the slides."
)

# (date, the series date it replaced or None for the two Thursday one-offs, title, agenda).
# All online, 14:00-15:15 UK time (CONTENT-FACTS d1: rows 1-2 had no time stated; 14:00 assumed).
COMMUNITY_MEETINGS = [
    (
        "2024-07-18",
        None,
        "First meeting: talks from practitioners",
        "Our first meeting, on Zoom: short talks from practitioners about involving the public in "
        "data and AI decisions, then discussion.",
    ),
    (
        "2024-10-03",
        None,
        "Health AI, education and Scottish data dialogues",
        "Talks on public involvement in health AI, in education, and Scotland's data dialogues.",
    ),
    (
        "2024-12-11",
        "2024-12-11",
        "What do practitioners need?",
        "An online workshop: what would help you involve the public and workers in data and AI?",
    ),
    (
        "2025-01-15",
        "2025-01-08",
        "Engaging different and historically excluded communities",
        "How to reach people who are usually left out of engagement, and what to do differently.",
    ),
    (
        "2025-02-12",
        "2025-02-12",
        "A menu of engagement methods",
        "Citizens' juries, panels, deliberative workshops, surveys: which method, when?",
    ),
    (
        "2025-03-12",
        "2025-03-12",
        "What's next for public involvement?",
        "Looking ahead: where public involvement in data and AI is going, and what we should do.",
    ),
    (
        "2025-04-09",
        "2025-04-09",
        "Results of a national public-voices-on-AI project",
        "The findings of a national project on public voices on AI, and what they mean for you.",
    ),
    (
        "2025-05-14",
        "2025-05-14",
        "Community meeting: open discussion",
        "Topic to be confirmed: members bring questions and examples.",
    ),
    (
        "2025-06-18",
        "2025-06-11",
        "Tech tools for public engagement",
        "Digital tools for engagement: what helps, what excludes, and how to choose.",
    ),
    (
        "2025-07-09",
        "2025-07-09",
        "Health data",
        "Public involvement in decisions about health data.",
    ),
    ("2025-09-10", "2025-09-10", "Responsible AI", "What 'responsible AI' means in practice."),
    (
        "2025-10-08",
        "2025-10-08",
        "Evaluating deliberation",
        "How do we know whether a deliberative process made a difference?",
    ),
    (
        "2025-11-19",
        "2025-11-12",
        "Recent deliberation exercises",
        "Members share recent deliberation exercises and what happened next.",
    ),
    ("2025-12-10", "2025-12-10", "December community meeting", "Open discussion and year review."),
    ("2026-01-14", "2026-01-14", "January community meeting", "Open discussion."),
    ("2026-02-11", "2026-02-11", "February community meeting", "Open discussion."),
    (
        "2026-03-11",
        "2026-03-11",
        "Final meeting, at least for now",
        "The last meeting of this series, at least for now: what we learned and what comes next.",
    ),
]

# (slug, date, local start, local end, kind, mode, title, venue, agenda, time stated?)
OTHER_EVENTS = [
    (
        "fda-conference-panel-2024",
        "2024-05-08",
        "14:00",
        "15:00",
        MeetingKind.EXTERNAL_TALK,
        MeetingMode.IN_PERSON,
        "FDA conference panel",
        "FDA conference",
        "A panel at the FDA union's conference on AI and public-service workers.",
        False,
    ),
    (
        "design-lab-procurement-wales-2024",
        "2024-10-15",
        "13:30",
        "16:30",
        MeetingKind.DESIGN_LAB,
        MeetingMode.IN_PERSON,
        "Design lab: procurement in Wales",
        "Cardiff",
        "An in-person design lab in Cardiff on public involvement in public-sector procurement.",
        True,
    ),
    (
        "design-lab-national-data-library-2024",
        "2024-12-05",
        "10:00",
        "16:00",
        MeetingKind.DESIGN_LAB,
        MeetingMode.IN_PERSON,
        "Design lab: National Data Library",
        "",
        "An invitation-only design lab on the National Data Library.",
        False,
    ),
    (
        "design-lab-code-of-practice-statistics-2025",
        "2025-02-04",
        "10:00",
        "13:00",
        MeetingKind.DESIGN_LAB,
        MeetingMode.ONLINE,
        "Design lab: Code of Practice for Statistics",
        "",
        "How the public could have a say in the Code of Practice for Statistics.",
        False,
    ),
    (
        "tpximpact-power-of-data-keynote-2025",
        "2025-02-25",
        "18:00",
        "19:00",
        MeetingKind.EXTERNAL_TALK,
        MeetingMode.IN_PERSON,
        "TPXimpact “Power of Data” keynote",
        "London",
        "A keynote at TPXimpact's Power of Data event.",
        False,
    ),
    (
        "procurement-act-event-2025",
        "2025-02-27",
        "14:00",
        "15:30",
        MeetingKind.WEBINAR,
        MeetingMode.ONLINE,
        "The Procurement Act and public participation",
        "",
        "What the Procurement Act means for involving the public in buying data and AI.",
        False,
    ),
    (
        "design-lab-digital-public-services-2025",
        "2025-07-07",
        "10:00",
        "13:00",
        MeetingKind.DESIGN_LAB,
        MeetingMode.IN_PERSON,
        "Design lab: digital public services (GDS)",
        "",
        "A design lab with the Government Digital Service on digital public services.",
        False,
    ),
    (
        "design-lab-schools-ai-edtech-2025",
        "2025-07-22",
        "10:00",
        "16:00",
        MeetingKind.DESIGN_LAB,
        MeetingMode.IN_PERSON,
        "Design lab: school decision-making on AI and EdTech",
        "",
        "A one-day workshop on how schools decide about AI and EdTech.",
        False,
    ),
]


SERIES_HOST = "The community of practice convenor, with a member who leads each topic"
SERIES_AGENDA = (
    "14:00 Welcome, and the Chatham House rule\n"
    "14:05 The month's topic: a short talk from a member or guest\n"
    "14:25 Questions, then discussion in breakout rooms\n"
    "14:55 What we heard, and case studies to add to the library\n"
    "15:10 News from members and the next meeting's topic"
)
# Topics for the upcoming generated occurrences, in date order (themes members asked for,
# CONTENT-FACTS A9). Set only where a meeting has no topic yet, so an organiser's edit stays.
# The first is the standing topic board's most-voted topic, which the unconferences demo marks as
# taken up by the next meeting. (topic, host or "" for the series', agenda or "" for the series')
UPCOMING_TOPICS = [
    (
        "Measuring whether participation changed a decision",
        "",
        "",
    ),
    (
        "Recruiting diverse voices, and paying participants fairly",
        "",
        "",
    ),
    (
        "Making complex technology engaging: storytelling in deliberation",
        "A member from a council data team, with the convenor",
        "",
    ),
    (
        "Talking about “AI” when the word covers so much",
        "",
        "",
    ),
    (
        "Co-creation from the start: involving people before the brief is written",
        "",
        "14:00 Welcome\n"
        "14:05 Open space: members bring a project at the idea stage\n"
        "14:15 Small groups: who should be in the room, and when?\n"
        "14:55 What we heard\n"
        "15:10 Next meeting",
    ),
    (
        "Convincing leaders that engagement is worth it",
        "",
        "",
    ),
    (
        "Legacy: making decision-makers honour what deliberation concludes",
        "",
        "",
    ),
    (
        "Tech tools for deliberation: what helps and what excludes",
        "",
        "",
    ),
]


def _instant(day: str, time: str) -> dt.datetime:
    return london_to_utc(
        dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(time))
    )


def _series() -> MeetingSeries:
    series, _ = MeetingSeries.objects.update_or_create(
        slug=SERIES_SLUG,
        defaults={
            "title": "Community of practice meeting",
            "description": (
                "The community meets online every month, usually on the second Wednesday at 2pm "
                "UK time, for 75 minutes, under the Chatham House rule. No meeting in August.\n\n"
                "It is for people in councils, the NHS, government departments, regulators and "
                "statistics producers who want the public, affected communities and workers to "
                "have a real say in data, digital and AI decisions. Come to hear how others did "
                "it, bring a problem you are stuck on, and leave with a contact or a case study."
            ),
            "host": SERIES_HOST,
            "agenda": SERIES_AGENDA,
            "kind": MeetingKind.COMMUNITY_MEETING,
            "rrule": "FREQ=MONTHLY;BYDAY=+2WE",
            "start_time": dt.time(14, 0),
            "duration_minutes": 75,
            "first_date": dt.date(2024, 12, 11),
            "exception_dates": ["2025-08-13", "2026-08-12"],
            "extra_dates": [],
            "default_capacity": 80,
            "mode": MeetingMode.ONLINE,
            "join_url": SERIES_JOIN_URL,
        },
    )
    return series


def _community_meetings(series: MeetingSeries) -> int:
    created = 0
    for number, (day, replaces, title, agenda) in enumerate(COMMUNITY_MEETINGS, start=1):
        starts_at = _instant(day, "14:00")
        occurrence = dt.date.fromisoformat(replaces) if replaces else None
        _, was_created = Meeting.objects.update_or_create(
            slug=f"community-meeting-{day}",
            defaults={
                "series": series if occurrence else None,
                "occurrence_key": occurrence,
                "detached": bool(occurrence and replaces != day),
                "title": f"{title}",
                "kind": MeetingKind.COMMUNITY_MEETING,
                "topic": "",
                "agenda": agenda,
                # The two one-offs before the series began have no series to inherit a host from.
                "host": "" if occurrence else SERIES_HOST,
                "mode": MeetingMode.ONLINE,
                "join_url": SERIES_JOIN_URL,
                "capacity": 80,
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(minutes=75),
                "status": MeetingStatus.MOVED if occurrence and replaces != day else "scheduled",
                "chatham_house": True,
                "notes": NOTES.format(topic=title) + f"\n\nMeeting {number} of 17.",
            },
        )
        created += was_created
    return created


def _other_events() -> int:
    created = 0
    for slug, day, start, end, kind, mode, title, venue, agenda, stated in OTHER_EVENTS:
        note = "" if stated else "\n\n(Time not recorded: shown as an estimate.)"
        _, was_created = Meeting.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "mode": mode,
                "venue": venue,
                "agenda": agenda + note,
                "starts_at": _instant(day, start),
                "ends_at": _instant(day, end),
                "chatham_house": kind == MeetingKind.DESIGN_LAB,
                "notes": f"Notes for members from {title}: key points and follow-up actions.",
            },
        )
        created += was_created
    return created


def load(*, stdout) -> None:
    events_permissions_ensure()
    series = _series()
    created = _community_meetings(series)
    stdout.write(f"  {len(COMMUNITY_MEETINGS)} community meetings ({created} new)")
    created = _other_events()
    stdout.write(f"  {len(OTHER_EVENTS)} design labs, talks and webinars ({created} new)")
    counts = meeting_series_generate(series=series, until=generation_horizon(months=6))
    _upcoming_topics(series)
    upcoming = Meeting.objects.filter(series=series, starts_at__gte=timezone.now()).count()
    stdout.write(f"  upcoming community meetings: {upcoming} ({counts['created']} new)")
    stdout.write(f"  events: {absolute_url(reverse('events:meeting_list'))}")
    _demo_registrations(series)
    _demo_waiting_list()


def _upcoming_topics(series: MeetingSeries) -> None:
    """Give the upcoming occurrences their own topic line (and one its own host or agenda), so
    each reads differently from the series' shared title."""
    upcoming = Meeting.objects.filter(series=series, starts_at__gte=timezone.now()).order_by(
        "starts_at"
    )
    for meeting, (topic, host, agenda) in zip(upcoming, UPCOMING_TOPICS, strict=False):
        if meeting.topic:
            continue
        meeting.topic = topic
        meeting.host = meeting.host or host
        meeting.agenda = meeting.agenda or agenda
        meeting.save(update_fields=["topic", "host", "agenda", "updated_at"])


def _demo_registrations(series: MeetingSeries) -> None:
    """A few approved demo members registered for the next meeting (no e-mails sent)."""
    nxt = (
        Meeting.objects.filter(series=series, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if nxt is None:
        return
    members = (
        get_user_model()
        .objects.filter(approval_status="approved", is_staff=False, email__endswith="@example.org")
        .order_by("pk")[:4]
    )
    for member in members:
        Registration.objects.get_or_create(meeting=nxt, user=member)


WAITING_LIST_SLUG = "participatory-procurement-clinic"


def _demo_waiting_list() -> None:
    """A small in-person clinic about five weeks ahead, full, with the demo member second on
    its waiting list, so "You are number 2 on the waiting list" can be seen on the event page,
    on /account/ and in the calendar links (issue 19). Idempotent; a clinic that has passed is
    moved ahead again. No e-mails are sent."""
    users = get_user_model().objects
    demo_member = users.filter(email=DEMO_MEMBER_EMAIL).first()
    others = list(
        users.filter(approval_status="approved", is_staff=False, email__endswith="@example.org")
        .exclude(email=DEMO_MEMBER_EMAIL)
        .order_by("-pk")[:4]
    )
    if demo_member is None or len(others) < 4:
        return
    day = (timezone.now() + dt.timedelta(days=35)).astimezone(LONDON).date()
    day += dt.timedelta(days=(2 - day.weekday()) % 7)  # a Wednesday
    starts_at = london_to_utc(dt.datetime.combine(day, dt.time(10, 0)))
    clinic, _ = Meeting.objects.get_or_create(
        slug=WAITING_LIST_SLUG,
        defaults={
            "title": "Participatory procurement clinic",
            "kind": MeetingKind.WORKSHOP,
            "mode": MeetingMode.IN_PERSON,
            "venue": "Camden Town Hall, London",
            "capacity": 3,
            "agenda": (
                "Bring a procurement you are planning: we work through where residents and "
                "workers can shape it, using Camden's participatory procurement as the example."
            ),
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(hours=2),
        },
    )
    if clinic.ends_at <= timezone.now():
        clinic.starts_at, clinic.ends_at = starts_at, starts_at + dt.timedelta(hours=2)
        clinic.save(update_fields=["starts_at", "ends_at", "updated_at"])
    for member in others[:3]:
        Registration.objects.get_or_create(meeting=clinic, user=member)
    for position, member in enumerate([others[3], demo_member], start=1):
        Registration.objects.get_or_create(
            meeting=clinic,
            user=member,
            defaults={"status": RegistrationStatus.WAITLISTED, "waitlist_position": position},
        )
