"""The impact dashboard's figures: ONE function computes each, and the chart, the data table,
the CSV and the JSON all read the figure it returns (docs/impact.md).

Adoption is read only through guidance's public selectors (approved reports; a report whose
organisation may not be named still counts, and no figure names organisations at all). Case
studies count once per translation (their translation key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casestudies.enums import Outcome, Sector
from casestudies.models import LifecycleStage
from casestudies.selectors import case_studies_live
from community.enums import ApprovalStatus, OrganisationKind
from community.models import User
from events.enums import MeetingStatus
from events.models import Registration
from events.selectors import meetings_published
from events.timezones import LONDON
from events.unconferences.enums import PHASE_ORDER, Phase, TopicStatus
from events.unconferences.models import Unconference
from guidance.enums import ADOPTION_STAGE_ORDER
from guidance.selectors import adoption_public_reports

from .cache import impact_cached

ADOPTION_MONTHS = 24  # the adoption chart's span (earlier reports count from its first month)
MEETING_MONTHS = 12
UNCONFERENCES_SHOWN = 8
NO_ORGANISATION = "none"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Figure:
    """One chart's data: rows (x axis, or bars) by columns (series)."""

    key: str
    title: str
    summary: str  # the chart's text alternative: what it shows, in a sentence
    chart: str  # "line", "bar" or "hbar"
    row_heading: str
    columns: tuple[tuple[str, str], ...]  # (key, label)
    rows: tuple[Row, ...]

    def value(self, row_key: str, column_key: str) -> int:
        index = [key for key, _label in self.columns].index(column_key)
        return next(row.values[index] for row in self.rows if row.key == row_key)

    @property
    def total_by_column(self) -> dict[str, int]:
        return {
            key: sum(row.values[i] for row in self.rows) for i, (key, _l) in enumerate(self.columns)
        }


def _month_starts(*, last: dt.date, count: int) -> list[dt.date]:
    first = last.replace(day=1)
    months = []
    year, month = first.year, first.month
    for _i in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _month_label(day: dt.date) -> str:
    return date_format(day, "M Y")


def figure_adoption_over_time(*, today: dt.date | None = None) -> Figure:
    """For each of the last ADOPTION_MONTHS months: how many organisations had a public report
    at each stage (considering, piloting, using) starting on or before the end of that month."""
    today = today or timezone.localdate()
    months = _month_starts(last=today, count=ADOPTION_MONTHS)
    reports = list(
        adoption_public_reports().order_by().values_list("organisation_id", "stage", "since")
    )
    stages = [stage.value for stage in ADOPTION_STAGE_ORDER]
    rows = []
    for month in months:
        end = _next_month(month)
        values = tuple(
            len({org for org, s, since in reports if s == stage and since < end})
            for stage in stages
        )
        rows.append(Row(month.strftime("%Y-%m"), _month_label(month), values))
    latest = rows[-1].values
    return Figure(
        key="adoption",
        title=_("Organisations considering, piloting and using guidance"),
        summary=_(
            "A line chart of organisations by stage over the last %(months)s months. "
            "This month: %(considering)s considering, %(piloting)s piloting, %(using)s using."
        )
        % {
            "months": ADOPTION_MONTHS,
            "considering": latest[0],
            "piloting": latest[1],
            "using": latest[2],
        },
        chart="line",
        row_heading=_("Month"),
        columns=tuple((stage.value, str(stage.label)) for stage in ADOPTION_STAGE_ORDER),
        rows=tuple(rows),
    )


def _case_study_counts(field: str) -> dict[str, int]:
    return dict(
        case_studies_live()
        .order_by()
        .values_list(field)
        .annotate(n=Count("translation_key", distinct=True))
    )


def _choices_figure(*, key, title, summary_text, row_heading, choices, counts) -> Figure:
    rows = tuple(
        Row(value, str(label), (counts.get(value, 0),))
        for value, label in choices
        if counts.get(value, 0)
    )
    summary = summary_text + " " + "; ".join(f"{row.label}: {row.values[0]}" for row in rows)
    return Figure(
        key=key,
        title=title,
        summary=summary.strip(),
        chart="hbar",
        row_heading=row_heading,
        columns=(("case_studies", _("Case studies")),),
        rows=rows,
    )


def figure_case_studies_by_sector() -> Figure:
    return _choices_figure(
        key="case_studies_sector",
        title=_("Case studies by sector"),
        summary_text=_("A bar chart of published case studies by sector."),
        row_heading=_("Sector"),
        choices=Sector.choices,
        counts=_case_study_counts("sector"),
    )


def figure_case_studies_by_outcome() -> Figure:
    return _choices_figure(
        key="case_studies_outcome",
        title=_("Case studies by outcome"),
        summary_text=_("A bar chart of published case studies by outcome."),
        row_heading=_("Outcome"),
        choices=Outcome.choices,
        counts=_case_study_counts("outcome"),
    )


def figure_case_studies_by_lifecycle_stage() -> Figure:
    live = case_studies_live().values("pk")
    stages = LifecycleStage.objects.annotate(
        n=Count(
            "case_studies__translation_key",
            filter=Q(case_studies__pk__in=live),
            distinct=True,
        )
    ).order_by("sort_order", "name")
    choices = [(stage.slug, stage.name) for stage in stages]
    counts = {stage.slug: stage.n for stage in stages}
    return _choices_figure(
        key="case_studies_stage",
        title=_("Case studies by lifecycle stage"),
        summary_text=_(
            "A bar chart of published case studies by the stage of the data or AI lifecycle "
            "where the public had a say (a case study can have several)."
        ),
        row_heading=_("Lifecycle stage"),
        choices=choices,
        counts=counts,
    )


def meetings_held():
    """Meetings that took place: published, not cancelled, started before now."""
    return (
        meetings_published()
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__lt=timezone.now())
    )


def figure_meetings_per_month(*, today: dt.date | None = None) -> Figure:
    """Meetings held each month (UK time) of the last MEETING_MONTHS months, and how many
    people attended them (registrations marked attended)."""
    today = today or timezone.localdate()
    months = _month_starts(last=today, count=MEETING_MONTHS)
    start = dt.datetime.combine(months[0], dt.time(), tzinfo=LONDON)
    held = meetings_held().filter(starts_at__gte=start)
    meeting_counts = {
        month.date(): n
        for month, n in held.order_by()
        .annotate(month=TruncMonth("starts_at", tzinfo=LONDON))
        .values_list("month")
        .annotate(n=Count("pk"))
    }
    attended_counts = {
        month.date(): n
        for month, n in Registration.objects.filter(meeting__in=held, attended=True)
        .order_by()
        .annotate(month=TruncMonth("meeting__starts_at", tzinfo=LONDON))
        .values_list("month")
        .annotate(n=Count("pk"))
    }
    rows = tuple(
        Row(
            month.strftime("%Y-%m"),
            _month_label(month),
            (meeting_counts.get(month, 0), attended_counts.get(month, 0)),
        )
        for month in months
    )
    totals = (sum(r.values[0] for r in rows), sum(r.values[1] for r in rows))
    return Figure(
        key="meetings",
        title=_("Meetings held and attendance per month"),
        summary=_(
            "A bar chart of meetings held and people attending each month over the last "
            "%(months)s months: %(meetings)s meetings, %(attended)s attendances in all."
        )
        % {"months": MEETING_MONTHS, "meetings": totals[0], "attended": totals[1]},
        chart="bar",
        row_heading=_("Month"),
        columns=(("meetings", _("Meetings held")), ("attended", _("Attended"))),
        rows=rows,
    )


def members_counted():
    """Members as the dashboard counts them: active and approved (in aggregate only)."""
    return User.objects.filter(is_active=True, approval_status=ApprovalStatus.APPROVED)


def figure_members_by_organisation_kind() -> Figure:
    found = dict(
        members_counted()
        .order_by()
        .values_list("profile__organisation__kind")
        .annotate(n=Count("pk"))
    )
    counts = {(kind or NO_ORGANISATION): n for kind, n in found.items()}
    choices = [*OrganisationKind.choices, (NO_ORGANISATION, _("No organisation given"))]
    rows = tuple(
        Row(value, str(label), (counts.get(value, 0),))
        for value, label in choices
        if counts.get(value, 0)
    )
    return Figure(
        key="members",
        title=_("Members by kind of organisation"),
        summary=_("A bar chart of members by the kind of organisation they work for.")
        + " "
        + "; ".join(f"{row.label}: {row.values[0]}" for row in rows),
        chart="hbar",
        row_heading=_("Kind of organisation"),
        columns=(("members", _("Members")),),
        rows=rows,
    )


def unconferences_counted():
    """Unconferences whose vote totals are public: voting closed, or totals never hidden."""
    closed = PHASE_ORDER[PHASE_ORDER.index(Phase.SCHEDULING) :]
    return Unconference.objects.filter(
        Q(phase__in=closed) | Q(hide_totals_until_voting_closes=False)
    )


def figure_unconference_topics() -> Figure:
    """Per unconference (the latest UNCONFERENCES_SHOWN, oldest first): topics proposed (not
    hidden by an organiser), topics that received at least one vote, and topics run (given a
    session)."""
    visible = ~Q(board__topics__status=TopicStatus.HIDDEN)
    unconferences = list(
        unconferences_counted()
        .annotate(
            proposed=Count("board__topics", filter=visible, distinct=True),
            voted=Count(
                "board__topics",
                filter=visible & Q(board__topics__votes__isnull=False),
                distinct=True,
            ),
            run=Count(
                "board__topics",
                filter=visible & Q(board__topics__session__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "pk")[:UNCONFERENCES_SHOWN]
    )[::-1]
    rows = tuple(Row(u.slug, u.title, (u.proposed, u.voted, u.run)) for u in unconferences)
    return Figure(
        key="topics",
        title=_("Unconference topics proposed, voted and run"),
        summary=_("A bar chart of topics proposed, voted for and run at each unconference.")
        + " "
        + "; ".join(
            _("%(title)s: %(proposed)s proposed, %(voted)s voted for, %(run)s run")
            % {"title": r.label, "proposed": r.values[0], "voted": r.values[1], "run": r.values[2]}
            for r in rows
        ),
        chart="bar",
        row_heading=_("Unconference"),
        columns=(
            ("proposed", _("Proposed")),
            ("voted", _("Voted for")),
            ("run", _("Run")),
        ),
        rows=rows,
    )


FIGURES = {
    "adoption": figure_adoption_over_time,
    "case_studies_sector": figure_case_studies_by_sector,
    "case_studies_outcome": figure_case_studies_by_outcome,
    "case_studies_stage": figure_case_studies_by_lifecycle_stage,
    "meetings": figure_meetings_per_month,
    "members": figure_members_by_organisation_kind,
    "topics": figure_unconference_topics,
}


def impact_figures(*, request=None) -> list[Figure]:
    """Every figure, cached by the impact version (a cache hit makes no database query)."""
    return impact_cached(
        "figures", lambda: [build() for build in FIGURES.values()], request=request
    )


def impact_figure(*, key: str, request=None) -> Figure | None:
    return next((f for f in impact_figures(request=request) if f.key == key), None)


def figures_as_records(figures: list[Figure]) -> list[dict]:
    """One record per number (figure, row, column, value): the CSV's rows."""
    return [
        {
            "figure": figure.key,
            "figure_title": figure.title,
            "row": row.key,
            "row_label": row.label,
            "column": column_key,
            "column_label": column_label,
            "value": row.values[i],
        }
        for figure in figures
        for row in figure.rows
        for i, (column_key, column_label) in enumerate(figure.columns)
    ]


def figures_as_json(figures: list[Figure]) -> dict:
    return {
        "figures": [
            {
                "key": figure.key,
                "title": figure.title,
                "description": figure.summary,
                "row_heading": figure.row_heading,
                "columns": [{"key": k, "label": label} for k, label in figure.columns],
                "rows": [
                    {
                        "key": row.key,
                        "label": row.label,
                        "values": {k: row.values[i] for i, (k, _l) in enumerate(figure.columns)},
                    }
                    for row in figure.rows
                ],
            }
            for figure in figures
        ]
    }
