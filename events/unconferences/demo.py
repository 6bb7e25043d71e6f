"""Demo content: the 2025 unconference (Thu 20 March 2025, in person) with 15 topic proposals,
votes, 4 rounds x 5 rooms, a published schedule and some session notes; and a standing topic
board for the monthly meetings when a meeting series exists. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.demo import DEMO_PASSWORD
from community.selectors import users_visible_to
from events.models import MeetingSeries
from events.timezones import LONDON

from . import services
from .enums import BoardKind, Phase, TopicFormat, TopicStatus
from .models import Registration, ScheduleRelease, Slot, Space, Topic, TopicBoard, Unconference
from .roles import organiser_permissions_ensure

SLUG = "unconference-2025"

# Our own wording of the session pitches in CONTENT-FACTS section (e).
TOPICS = [
    (
        "Who scores the tender?",
        "Bringing residents and front-line workers into buying AI systems, and what the new "
        "Procurement Act lets us do.",
        TopicFormat.DISCUSSION,
    ),
    (
        "Before go-live: how would we have caught a 19% error rate?",
        "Feedback loops from the workers who use automated decision systems, before and after "
        "launch.",
        TopicFormat.SHOW_AND_TELL,
    ),
    (
        "A public seat on the National Data Library's governance",
        "What would it look like, who would sit in it, and how would it be accountable?",
        TopicFormat.DISCUSSION,
    ),
    (
        "The social acceptability of statistics",
        "Who decides what is acceptable to count, and how do we hear from groups that are "
        "under-represented?",
        TopicFormat.DISCUSSION,
    ),
    (
        "From attitudes survey to deliberation",
        "When is a poll enough, and when do you need a citizens' panel?",
        TopicFormat.WORKSHOP,
    ),
    (
        "“You said, we listened”",
        "Closing the loop so that participants can see what changed because they took part.",
        TopicFormat.DISCUSSION,
    ),
    (
        "Making participation survive a change of government",
        "Legitimacy, stability and building participation into how priorities are set.",
        TopicFormat.DISCUSSION,
    ),
    (
        "Reskilling the public sector for participation",
        "The skills, budgets and permissions practitioners say they are missing.",
        TopicFormat.WORKSHOP,
    ),
    (
        "Patients, pupils, claimants: communities that data caricatures",
        "Engaging the people that data leaves out or flattens into a category.",
        TopicFormat.DISCUSSION,
    ),
    (
        "The CAG model elsewhere?",
        "Could “involve the public or no data access” work outside health and care?",
        TopicFormat.DISCUSSION,
    ),
    (
        "AI in schools",
        "Consulting parents, pupils and teachers before EdTech is adopted.",
        TopicFormat.SHOW_AND_TELL,
    ),
    (
        "The digital centre and co-design",
        "What the new digital centre of government should ask of service teams.",
        TopicFormat.DISCUSSION,
    ),
    (
        "Should we pay participants?",
        "Budgets, fairness and recruiting a diverse range of voices.",
        TopicFormat.DISCUSSION,
    ),
    (
        "How do we talk about “AI”?",
        "When one word covers everything from a spreadsheet formula to a chatbot.",
        TopicFormat.OTHER,
    ),
    (
        "Getting civil servants in the room",
        "Permission, visibility and a safe space under the Chatham House rule.",
        TopicFormat.DISCUSSION,
    ),
]

ROOMS = [("Main hall", 40), ("Room 2", 25), ("Room 3", 20), ("Room 4", 15), ("Library", 10)]
ROUNDS = [(10, 45), (11, 45), (13, 30), (14, 30)]  # 45-minute sessions, UK time

FALLBACK_MEMBERS = [
    ("aisha.rahman@example.org", "Aisha Rahman"),
    ("gareth.llewellyn@example.org", "Gareth Llewellyn"),
    ("sian.morgan@example.org", "Siân Morgan"),
    ("tom.okafor@example.org", "Tom Okafor"),
    ("priya.shah@example.org", "Priya Shah"),
    ("jamie.reid@example.org", "Jamie Reid"),
    ("fiona.mcleod@example.org", "Fiona McLeod"),
    ("dev.patel@example.org", "Dev Patel"),
]

NOTES = {
    0: "## What we discussed\n\n- Residents scoring tenders alongside officers worked in one "
    "council pilot.\n- The Procurement Act allows more engagement before the tender than "
    "people assume.\n\n## Next steps\n\nShare the scoring guide with the community.",
    1: "Front-line staff spotted the errors first, but had **no route** to raise them.\n\n"
    "- Build a feedback button into the case-work tool\n- Review the log every fortnight",
    12: "Most teams pay participants with vouchers; a few pay the living wage per hour.\n\n"
    "Agreed: publish what we pay and why.",
}


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def _members() -> list:
    user_model = get_user_model()
    users = list(
        user_model.objects.filter(
            email__in=[email for email, _ in FALLBACK_MEMBERS], approval_status="approved"
        ).order_by("email")
    )
    if len(users) >= 6:
        return users
    for email, name in FALLBACK_MEMBERS:
        user, created = user_model.objects.get_or_create(email=email, defaults={"name": name})
        if created:
            if DEMO_PASSWORD:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
    return list(
        user_model.objects.filter(email__in=[email for email, _ in FALLBACK_MEMBERS]).order_by(
            "email"
        )
    )


def _unconference(stdout) -> None:
    day = dt.date(2025, 3, 20)
    unconference, _created = Unconference.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Public participation in data and AI: unconference 2025",
            "description": (
                "A free, in-person day on Thursday 20 March 2025 for public-sector people who "
                "want public, community and worker voices heard on data, digital and AI. Over "
                "70 people came. The day opened with an “unkeynote”, then participants pitched "
                "the sessions and the agenda was built on the day.\n\nPartnered with dxw, "
                "Projects by IF and the Ada Lovelace Institute; a UKGovCamp grant paid for "
                "travel bursaries. Vegan food, child-friendly, two lanyard colours for photo "
                "consent, and give-away feedback cards."
            ),
            "venue": "Central London (details in the welcome pack)",
            "in_person": True,
            "starts_at": _local(day, 9, 30),
            "ends_at": _local(day, 16, 30),
            "phase": Phase.TOPICS_OPEN,
            "topics_open_at": _local(dt.date(2025, 2, 10), 9, 0),
            "voting_opens_at": _local(dt.date(2025, 3, 3), 9, 0),
            "voting_closes_at": _local(dt.date(2025, 3, 14), 17, 0),
            "votes_per_member": 5,
            "max_votes_per_topic": 1,
        },
    )
    if ScheduleRelease.objects.filter(unconference=unconference).exists():
        return  # already loaded
    unconference.phase = Phase.TOPICS_OPEN
    unconference.save(update_fields=["phase"])
    board = services.unconference_board_ensure(unconference=unconference)
    members = _members()
    for i, user in enumerate(members):
        Registration.objects.get_or_create(
            unconference=unconference,
            user=user,
            defaults={
                "photo_consent": i % 3 != 0,
                "dietary_needs": "Vegan" if i % 4 == 0 else "",
                "access_needs": "Step-free access, please" if i == 2 else "",
                "travel_bursary": i in (1, 5),
                "travel_bursary_reason": "Travelling from Cardiff"
                if i == 1
                else ("Travelling from Glasgow" if i == 5 else ""),
            },
        )
    for i, (title, description, topic_format) in enumerate(TOPICS):
        if not Topic.objects.filter(board=board, title=title).exists():
            topic = services.topic_propose(
                board=board,
                proposer=members[i % len(members)],
                title=title,
                description=description,
                format=topic_format,
                # Only someone the proposer may see in the directory can be named.
                co_facilitators=users_visible_to(viewer=members[i % len(members)]).filter(
                    pk=members[(i + 3) % len(members)].pk
                )
                if i % 4 == 0
                else [],
            )
            Topic.objects.filter(pk=topic.pk).update(status=TopicStatus.ACCEPTED)
    unconference.phase = Phase.VOTING
    unconference.save(update_fields=["phase"])
    unconference.refresh_from_db()
    board.refresh_from_db()
    topics = list(Topic.objects.filter(board=board).order_by("pk"))
    rng = random.Random(2025)  # noqa: S311 - demo data
    weights = [len(TOPICS) - i for i in range(len(TOPICS))]  # earlier pitches a bit more popular
    for user in members:
        chosen: set[int] = set()
        while len(chosen) < 5:
            chosen.add(rng.choices(range(len(topics)), weights=weights)[0])
        services.votes_save(board=board, voter=user, counts={topics[i].pk: 1 for i in chosen})
    unconference.phase = Phase.SCHEDULING
    unconference.save(update_fields=["phase"])
    for order, (name, capacity) in enumerate(ROOMS):
        Space.objects.get_or_create(
            unconference=unconference, name=name, defaults={"capacity": capacity, "order": order}
        )
    for number, (hour, minute) in enumerate(ROUNDS, start=1):
        starts = _local(day, hour, minute)
        Slot.objects.get_or_create(
            unconference=unconference,
            starts_at=starts,
            defaults={"ends_at": starts + dt.timedelta(minutes=45), "label": f"Round {number}"},
        )
    result = services.schedule_run(
        unconference=unconference, now=_local(dt.date(2025, 3, 19), 9, 0)
    )
    services.schedule_publish(unconference=unconference, user=None)
    unconference.refresh_from_db()
    after = _local(day, 17, 0)
    for index, body in NOTES.items():
        session = getattr(topics[index], "session", None)
        if session is None:
            continue
        services.notes_save(
            session=session,
            author=members[index % len(members)],
            body=body,
            base_revision=None,
            now=after,
        )
    unconference.phase = Phase.CLOSED
    unconference.save(update_fields=["phase"])
    stdout.write(
        f"  unconference 2025: {len(topics)} topics, {len(result.placements)} sessions, "
        f"{result.voter_clashes} voter clashes"
    )


def _standing_board() -> None:
    series = MeetingSeries.objects.order_by("pk").first()
    if series is None:
        return
    board, _created = TopicBoard.objects.get_or_create(
        meeting_series=series,
        defaults={
            "kind": BoardKind.STANDING,
            "slug": f"{series.slug}"[:80],
            # The board's title names what it is for: pages say "Topics for <title>".
            "title": series.title[:200],
        },
    )
    if board.title == f"Topics for {series.title}"[:200]:  # repair boards loaded before
        board.title = series.title[:200]
        board.save(update_fields=["title", "updated_at"])
    if board.topics.exists():
        return
    members = _members()
    for i, (title, description) in enumerate(
        [
            ("Measuring whether participation changed a decision", "What evidence counts?"),
            ("Worker voice in AI adoption", "Unions, staff panels and front-line feedback."),
            ("Health data and trust", "Who builds patient confidence in AI in healthcare?"),
        ]
    ):
        services.topic_propose(
            board=board,
            proposer=members[i],
            title=title,
            description=description,
            format=TopicFormat.DISCUSSION,
        )
    first = board.topics.order_by("pk").first()
    for user in members[:5]:
        services.vote_add(topic=first, voter=user)
    upcoming = series.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    meeting = upcoming.first() or series.meetings.order_by("-starts_at").first()
    if meeting is not None:
        services.topic_take_up(topic=first, meeting=meeting, organiser=None)


def load(*, stdout) -> None:
    organiser_permissions_ensure()
    _unconference(stdout)
    _standing_board()
