"""Bench meetings and registrations: three series and one-off talks, two thirds in the past
year, registrations made a few weeks before each meeting, attendance recorded for past ones."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils.text import slugify
from tqdm import tqdm

from bench.generate.context import BATCH, Context
from bench.generate.text import FIRST_NAMES, LAST_NAMES
from events.enums import MeetingKind, MeetingMode, MeetingStatus, RegistrationStatus
from events.models import Meeting, MeetingSeries, Registration


def make_meetings(ctx: Context) -> None:
    rng = ctx.rng
    n = ctx.sizes.meetings
    series = [
        MeetingSeries.objects.create(
            title=title,
            slug=f"bench-{slugify(title)}",
            description=ctx.words.paragraph(2),
            kind=kind,
            rrule=rule,
            start_time=dt.time(14, 0),
            duration_minutes=75,
            first_date=(ctx.now - dt.timedelta(days=400)).date(),
        )
        for title, kind, rule in [
            (
                "Bench monthly community meeting",
                MeetingKind.COMMUNITY_MEETING,
                "FREQ=MONTHLY;BYDAY=+2WE",
            ),
            ("Bench design lab", MeetingKind.DESIGN_LAB, "FREQ=WEEKLY;BYDAY=TU"),
            ("Bench webinar series", MeetingKind.WEBINAR, "FREQ=WEEKLY;BYDAY=TH"),
        ]
    ]
    # Two thirds in the past year, one third in the next six months; one every ~2 days.
    first = ctx.now - dt.timedelta(days=2 * (2 * n // 3))
    meetings = []
    for i in range(n):
        day = (first + dt.timedelta(days=2 * i)).replace(hour=13, minute=0, second=0, microsecond=0)
        owner = series[i % len(series)] if i % 5 else None
        title = (owner.title if owner else f"Bench talk: {ctx.words.title().lower()}")[:200]
        meetings.append(
            Meeting(
                series=owner,
                title=title,
                slug=f"bench-meeting-{i:04d}",
                kind=owner.kind if owner else MeetingKind.EXTERNAL_TALK,
                agenda=ctx.words.paragraph(4),
                speakers=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                mode=rng.choice([v for v, _l in MeetingMode.choices]),
                join_url="https://meet.example.org/bench",
                capacity=rng.choice([None, None, 300, 600]),
                starts_at=day,
                ends_at=day + dt.timedelta(minutes=75),
                status=MeetingStatus.CANCELLED if rng.random() < 0.03 else MeetingStatus.SCHEDULED,
                occurrence_key=day.date() if owner else None,
            )
        )
    with transaction.atomic():
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        meetings = list(Meeting.objects.filter(slug__startswith="bench-meeting-").order_by("pk"))
        total = ctx.sizes.registrations
        per = max(1, min(len(ctx.user_ids), total // max(1, len(meetings))))
        rows = []
        made = 0
        for meeting in meetings:
            take = min(per, total - made)
            if take <= 0:
                break
            past = meeting.ends_at < ctx.now
            position = 0
            for user_id in rng.sample(ctx.user_ids, take):
                roll = rng.random()
                if roll < 0.06:
                    status = RegistrationStatus.CANCELLED
                elif roll < 0.11:
                    status = RegistrationStatus.WAITLISTED
                    position += 1
                else:
                    status = RegistrationStatus.REGISTERED
                rows.append(
                    Registration(
                        meeting_id=meeting.pk,
                        user_id=user_id,
                        status=status,
                        waitlist_position=position
                        if status == RegistrationStatus.WAITLISTED
                        else None,
                        attended=(rng.random() < 0.7) if past and status == "registered" else None,
                    )
                )
            made += take
        for offset in tqdm(range(0, len(rows), 5000), desc="registrations", unit="batch"):
            Registration.objects.bulk_create(rows[offset : offset + 5000])
        # Registration times: a few weeks before each meeting (auto_now_add set them to now).
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "UPDATE events_registration AS r SET created_at = m.starts_at - "
                    "((r.id %% 40) + 1) * interval '1 day' FROM events_meeting AS m "
                    "WHERE r.meeting_id = m.id AND m.slug LIKE %s",
                    ["bench-meeting-%"],
                )
            else:
                cursor.execute(
                    "UPDATE events_registration SET created_at = (SELECT "
                    "datetime(m.starts_at, '-' || ((events_registration.id %% 40) + 1) "
                    "|| ' days') FROM events_meeting m "
                    "WHERE m.id = events_registration.meeting_id AND m.slug LIKE %s) "
                    "WHERE meeting_id IN (SELECT id FROM events_meeting "
                    "WHERE slug LIKE %s)",
                    ["bench-meeting-%", "bench-meeting-%"],
                )
