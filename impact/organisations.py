"""Organisation pages (/organisations/ and /organisations/<slug>/): which organisations are
public, the directory's filter by kind, and what one organisation's page shows.

An organisation is public, listed and given a page, when it has at least one of: a live case
study, a public adoption report that may name it (guidance.selectors.adoption_public_reports and
``may_name``: a report that may not name it never makes it public nor appears on its page), or
a member whose profile anyone may see (community.selectors.profiles_visible_to with an anonymous
viewer). Anything else (an organisation typed into a private profile, or only named in a report
that asked not to be) is not shown anywhere, and its address is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from casestudies.models import CaseStudyPage
from casestudies.selectors import case_studies_live
from community.enums import OrganisationKind
from community.models import MemberProfile, Organisation
from community.selectors import profiles_visible_to
from core.i18n import locale_default, pages_localised
from events.selectors import meetings_published
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import Session
from guidance.enums import ADOPTION_STAGE_ORDER
from guidance.selectors import adoption_public_label, adoption_public_reports

PER_PAGE = 20
MEMBERS_SHOWN = 60
LED_SHOWN = 30


def organisations_public() -> QuerySet[Organisation]:
    anonymous = AnonymousUser()
    return Organisation.objects.filter(
        Exists(case_studies_live().filter(organisation=OuterRef("pk")))
        | Exists(adoption_public_reports().filter(organisation=OuterRef("pk"), may_name=True))
        | Exists(profiles_visible_to(viewer=anonymous).filter(organisation=OuterRef("pk")))
    )


@dataclass(frozen=True)
class KindOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class OrganisationDirectory:
    page: Page
    kinds: list[KindOption]
    selected_kinds: list[str]
    total: int


def organisation_kinds_from_params(values: list[str]) -> list[str]:
    """The kinds asked for, unknown values dropped (never an error)."""
    allowed = set(OrganisationKind.values)
    return [value for value in dict.fromkeys(values) if value in allowed]


def organisation_directory(*, kinds: list[str], page_number: str) -> OrganisationDirectory:
    """A page of public organisations (of ``kinds`` when given), with how many there are of
    each kind: three queries whatever the number of organisations."""
    public = organisations_public()
    counts = dict(public.order_by().values_list("kind").annotate(n=Count("pk")))
    selected = public.filter(kind__in=kinds) if kinds else public
    selected = selected.annotate(
        case_study_count=Count(
            "case_studies",
            filter=Q(case_studies__in=case_studies_live().filter(locale=locale_default())),
            distinct=True,
        )
    ).order_by("name", "pk")
    paginator = Paginator(selected, PER_PAGE)
    page = paginator.get_page(page_number)
    options = [
        KindOption(value, str(label), counts.get(value, 0), value in kinds)
        for value, label in OrganisationKind.choices
        if counts.get(value, 0) or value in kinds
    ]
    return OrganisationDirectory(
        page=page, kinds=options, selected_kinds=kinds, total=paginator.count
    )


@dataclass(frozen=True)
class GuideUse:
    guide: object  # the GuidePage (in the visitor's language where translated)
    stage_label: str
    purposes: tuple[str, ...]
    since: object


@dataclass(frozen=True)
class LedItem:
    title: str
    url: str
    when: object  # a datetime
    context: str  # the unconference's title, or the series'


@dataclass(frozen=True)
class OrganisationPage:
    organisation: Organisation
    case_studies: list[CaseStudyPage]
    guides: list[GuideUse]
    members: list[MemberProfile]
    member_count: int
    meetings: list[LedItem]
    sessions: list[LedItem]


def organisation_public_by_slug(*, slug: str) -> Organisation:
    organisation = organisations_public().filter(slug=slug).first()
    if organisation is None:
        raise Http404(_("No organisation is listed at this address"))
    return organisation


def _guides_used(organisation: Organisation, *, request) -> list[GuideUse]:
    """The guides it pilots or uses (or considers), from its public reports that may name it
    only (adoption_public_label is the naming rule; reports that may not are skipped)."""
    reports = (
        adoption_public_reports()
        .filter(organisation=organisation, may_name=True)
        .select_related("guide", "organisation")
        .order_by("guide_id", "since", "pk")
    )
    order = {stage.value: i for i, stage in enumerate(ADOPTION_STAGE_ORDER)}
    by_guide: dict[int, list] = {}
    for report in reports:
        if adoption_public_label(report) != organisation.name:  # belt and braces: named only
            continue
        by_guide.setdefault(report.guide_id, []).append(report)
    uses = []
    guides = pages_localised([reports_[0].guide for reports_ in by_guide.values()], request=request)
    for guide, guide_reports in zip(guides, by_guide.values(), strict=True):
        furthest = max(guide_reports, key=lambda r: order.get(r.stage, -1))
        purposes: list[str] = []
        for r in guide_reports:
            text = str(r.purpose_detail or r.get_purpose_display())
            if text not in purposes:
                purposes.append(text)
        uses.append(
            GuideUse(
                guide=guide,
                stage_label=str(furthest.get_stage_display()),
                purposes=tuple(purposes),
                since=min(r.since for r in guide_reports),
            )
        )
    uses.sort(key=lambda use: use.guide.title.lower())
    return uses


def organisation_page(*, organisation: Organisation, viewer, request=None) -> OrganisationPage:
    """What the organisation's page shows to ``viewer``: a fixed number of queries whatever
    the number of case studies, reports, members, meetings and sessions."""
    case_studies = list(
        case_studies_live()
        .filter(organisation=organisation, locale=locale_default())
        .defer_streamfields()
        .order_by("title", "pk")
    )
    case_studies = pages_localised(case_studies, request=request)
    visible = profiles_visible_to(viewer=viewer).filter(organisation=organisation)
    members = list(visible.select_related("user").order_by("user__name", "pk")[:MEMBERS_SHOWN])
    member_count = visible.count() if len(members) == MEMBERS_SHOWN else len(members)
    # "Its people": members of the organisation whose profile this viewer may see.
    people = visible.values("user_id")
    meetings = (
        meetings_published()
        .select_related("series")
        .filter(
            Q(host__icontains=organisation.name)
            | Q(host="", series__host__icontains=organisation.name)
            | Q(topics_taken_up__proposer__in=people)
            | Q(topics_taken_up__co_facilitators__in=people)
        )
        .exclude(status="cancelled")
        .distinct()
        .order_by("-starts_at", "pk")[:LED_SHOWN]
    )
    sessions = (
        Session.objects.select_related("topic", "slot", "topic__board__unconference")
        .filter(topic__board__unconference__phase__in=[Phase.PUBLISHED, Phase.CLOSED])
        .exclude(topic__status=TopicStatus.HIDDEN)
        .filter(
            Q(topic__proposer__in=people)
            | Q(topic__co_facilitators__in=people)
            | Q(facilitators__user__in=people)
        )
        .distinct()
        .order_by("-slot__starts_at", "pk")[:LED_SHOWN]
    )
    return OrganisationPage(
        organisation=organisation,
        case_studies=case_studies,
        guides=_guides_used(organisation, request=request),
        members=members,
        member_count=member_count,
        meetings=[
            LedItem(m.title, m.get_absolute_url(), m.starts_at, m.series.title if m.series else "")
            for m in meetings
        ],
        sessions=[
            LedItem(
                s.topic.title,
                s.topic.board.unconference.get_absolute_url(),
                s.slot.starts_at,
                s.topic.board.unconference.title,
            )
            for s in sessions
        ],
    )
