"""The organisers' dashboard panels this app adds (registered through core.organiser_panels):
attendance trends per meeting series, and the adoption pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.organiser_panels import register_organiser_panel
from events.enums import MeetingStatus, RegistrationStatus
from events.models import Meeting
from guidance.enums import ADOPTION_STAGE_ORDER, AdoptionReview
from guidance.models import AdoptionReport

TREND_MEETINGS = 6  # the last meetings of each series shown
TREND_DAYS = 400


@dataclass(frozen=True)
class SeriesMeeting:
    title: str
    slug: str
    starts_at: dt.datetime
    registered: int
    attended: int
    no_shows: int
    unmarked: int
    waitlisted: int

    @property
    def attendance_rate(self) -> int | None:
        marked = self.attended + self.no_shows
        return round(100 * self.attended / marked) if marked else None


@dataclass(frozen=True)
class SeriesTrend:
    title: str
    meetings: list[SeriesMeeting]  # oldest first


def attendance_trends(*, now: dt.datetime | None = None) -> list[SeriesTrend]:
    """Per series, its last TREND_MEETINGS meetings held (within TREND_DAYS): registered,
    attended, no-shows (registered, marked as not attending), not yet marked, and the waiting
    list as it stood. One query."""
    now = now or timezone.now()
    registered = Q(registrations__status=RegistrationStatus.REGISTERED)
    meetings = (
        Meeting.objects.filter(
            series__isnull=False,
            starts_at__lt=now,
            starts_at__gte=now - dt.timedelta(days=TREND_DAYS),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("series")
        .annotate(
            n_registered=Count("registrations", filter=registered),
            n_attended=Count("registrations", filter=registered & Q(registrations__attended=True)),
            n_no_show=Count("registrations", filter=registered & Q(registrations__attended=False)),
            n_unmarked=Count(
                "registrations", filter=registered & Q(registrations__attended__isnull=True)
            ),
            n_waitlisted=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )
        .order_by("series__title", "series_id", "-starts_at")
    )
    trends: dict[int, SeriesTrend] = {}
    for meeting in meetings:
        trend = trends.setdefault(meeting.series_id, SeriesTrend(meeting.series.title, []))
        if len(trend.meetings) < TREND_MEETINGS:
            trend.meetings.append(
                SeriesMeeting(
                    meeting.title,
                    meeting.slug,
                    meeting.starts_at,
                    meeting.n_registered,
                    meeting.n_attended,
                    meeting.n_no_show,
                    meeting.n_unmarked,
                    meeting.n_waitlisted,
                )
            )
    for trend in trends.values():
        trend.meetings.reverse()
    return list(trends.values())


@dataclass(frozen=True)
class PipelineRow:
    stage: str
    label: str
    awaiting: int  # pending or more information asked for
    approved: int
    declined: int

    @property
    def total(self) -> int:
        return self.awaiting + self.approved + self.declined


def adoption_pipeline() -> list[PipelineRow]:
    """Every report (an organisers' view, not a public one) by stage and review. One query."""
    found: dict[tuple[str, str], int] = {
        (stage, review): n
        for stage, review, n in AdoptionReport.objects.order_by()
        .values_list("stage", "review")
        .annotate(n=Count("pk"))
    }
    awaiting = (AdoptionReview.PENDING, AdoptionReview.MORE_INFORMATION)
    return [
        PipelineRow(
            stage.value,
            str(stage.label),
            sum(found.get((stage.value, r), 0) for r in awaiting),
            found.get((stage.value, AdoptionReview.APPROVED), 0),
            found.get((stage.value, AdoptionReview.DECLINED), 0),
        )
        for stage in ADOPTION_STAGE_ORDER
    ]


def _review_list_url() -> str:
    try:
        return reverse("guidance:adoption_review_list")
    except NoReverseMatch:  # the review list is guidance's; without it the panel still counts
        return ""


def attendance_panel(request) -> dict:
    return {"trends": attendance_trends()}


def adoption_panel(request) -> dict:
    rows = adoption_pipeline()
    return {
        "rows": rows,
        "awaiting": sum(row.awaiting for row in rows),
        "review_url": _review_list_url(),
        "pending_url": _review_list_url() and f"{_review_list_url()}?review=pending",
    }


def register() -> None:
    register_organiser_panel(
        "attendance",
        template="impact/organiser/attendance.html",
        context=attendance_panel,
        order=10,
    )
    register_organiser_panel(
        "adoption", template="impact/organiser/adoption.html", context=adoption_panel, order=20
    )
