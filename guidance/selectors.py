"""Reads for guidance pages: contents lists, banners, the print view, the index and feedback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from core.content_cache import content_cached
from core.i18n import localised_url, pages_localised
from core.page_cache import PAGE_VERSION

from .enums import (
    ADOPTION_STAGE_ORDER,
    STATUS_DISPLAY_ORDER,
    AdoptionReview,
    Audience,
    GuideStatus,
)
from .models import AdoptionReport, GuideChapterPage, GuideFeedback, GuidePage, GuidePageTag

# --- Headings and contents ----------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: str  # "h2" or "h3", as the editor chose
    anchor: str


@dataclass(frozen=True)
class RenderedBlock:
    """A body block for the template: headings carry their unique anchor and display level."""

    block: object
    heading: Heading | None = None
    tag: str = ""


@dataclass
class ChapterEntry:
    page: GuideChapterPage
    number: int
    headings: list[Heading] = field(default_factory=list)
    blocks: list[RenderedBlock] = field(default_factory=list)
    is_current: bool = False


def _unique_anchor(text: str, *, seen: set[str], prefix: str = "") -> str:
    base = slugify(text) or "section"
    if prefix:
        base = f"{prefix}-{base}"
    anchor, n = base, 2
    while anchor in seen:
        anchor = f"{base}-{n}"
        n += 1
    seen.add(anchor)
    return anchor


def body_outline(
    *, body: Iterable, seen: set[str] | None = None, prefix: str = "", demote: bool = False
) -> tuple[list[Heading], list[RenderedBlock]]:
    """The headings of a StreamField body (for a contents list) and its blocks ready to render.

    Anchors are the heading's slug, as templates/blocks/heading_block.html renders it, made unique
    on the page with a numeric suffix (and an optional prefix, for the print view). ``demote``
    renders h2 as h3 and h3 as h4 (chapter bodies inside the print view).
    """
    seen = set() if seen is None else seen
    headings: list[Heading] = []
    blocks: list[RenderedBlock] = []
    for block in body:
        if block.block_type != "heading":
            blocks.append(RenderedBlock(block=block))
            continue
        level = "h3" if block.value.get("level") == "h3" else "h2"
        heading = Heading(
            text=block.value["text"],
            level=level,
            anchor=_unique_anchor(block.value["text"], seen=seen, prefix=prefix),
        )
        headings.append(heading)
        tag = {"h2": "h3", "h3": "h4"}[level] if demote else level
        blocks.append(RenderedBlock(block=block, heading=heading, tag=tag))
    return headings, blocks


def guide_chapters(*, guide: GuidePage) -> list[GuideChapterPage]:
    """The live chapters of a guide, in the order editors arranged them (one query)."""
    return list(GuideChapterPage.objects.live().child_of(guide).order_by("path"))


# --- Banners ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Banner:
    kind: str  # pilot, superseded, overdue, draft
    message: str
    link_url: str = ""
    link_text: str = ""


def guide_banners(*, guide: GuidePage, today: date | None = None) -> list[Banner]:
    """Status banners for a guide: pilot, draft, superseded and review overdue."""
    today = today or timezone.localdate()
    banners: list[Banner] = []
    if guide.status == GuideStatus.PILOT:
        banners.append(
            Banner(
                kind="pilot",
                message=_(
                    "This guide is being piloted: we want your feedback. Tell us whether it "
                    "was useful at the end of the page."
                ),
                link_url="#feedback",
                link_text=_("Give feedback"),
            )
        )
    elif guide.status == GuideStatus.DRAFT:
        banners.append(
            Banner(
                kind="draft",
                message=_("This guide is a draft: it may change substantially."),
            )
        )
    elif guide.status == GuideStatus.SUPERSEDED:
        successor = guide.superseded_by
        if successor is not None and successor.live:
            banners.append(
                Banner(
                    kind="superseded",
                    message=_("This guide has been superseded and is kept for reference."),
                    link_url=localised_url(successor),
                    link_text=_("Read the current guide: %(title)s") % {"title": successor.title},
                )
            )
        else:
            banners.append(
                Banner(
                    kind="superseded",
                    message=_("This guide has been superseded and is kept for reference."),
                )
            )
    if guide.next_review_date and guide.next_review_date < today:
        banners.append(
            Banner(
                kind="overdue",
                message=_(
                    "This guide was due for review on %(date)s and has not been reviewed "
                    "since. Some of it may be out of date."
                )
                % {"date": date_format(guide.next_review_date, "j F Y")},
            )
        )
    return banners


# --- Reading pages ------------------------------------------------------------------------------


def guide_reading_context(*, guide: GuidePage, chapter: GuideChapterPage | None) -> dict:
    """Context for a guide page (chapter=None) or one of its chapters."""
    chapters = guide_chapters(guide=guide)
    entries = [
        ChapterEntry(page=c, number=i, is_current=chapter is not None and c.pk == chapter.pk)
        for i, c in enumerate(chapters, start=1)
    ]
    current_page = chapter or guide
    headings, blocks = body_outline(body=current_page.body)
    previous_chapter = next_chapter = None
    if chapter is None:
        next_chapter = entries[0] if entries else None
    else:
        index = next((i for i, e in enumerate(entries) if e.is_current), None)
        if index is not None:
            previous_chapter = entries[index - 1] if index > 0 else None
            next_chapter = entries[index + 1] if index + 1 < len(entries) else None
            entries[index].headings = headings
    return {
        "guide": guide,
        "chapters": entries,
        "headings": headings,
        "body_blocks": blocks,
        "banners": guide_banners(guide=guide),
        "previous_chapter": previous_chapter,
        "next_chapter": next_chapter,
        "is_guide_overview": chapter is None,
        "print_url": (
            guide_url + guide.reverse_subpage("print_view")
            if (guide_url := localised_url(guide))
            else ""
        ),
        "feedback_page": current_page,
    }


def guide_print_context(*, guide: GuidePage) -> dict:
    """The whole guide on one page: its body, then every live chapter in order.

    Two queries for any number of chapters (the chapters, with their bodies, in one).
    """
    seen: set[str] = set()
    headings, blocks = body_outline(body=guide.body, seen=seen)
    entries = []
    for number, chapter in enumerate(guide_chapters(guide=guide), start=1):
        chapter_headings, chapter_blocks = body_outline(
            body=chapter.body, seen=seen, prefix=chapter.slug, demote=True
        )
        seen.add(chapter.slug)
        entries.append(
            ChapterEntry(
                page=chapter, number=number, headings=chapter_headings, blocks=chapter_blocks
            )
        )
    return {
        "guide": guide,
        "headings": headings,
        "body_blocks": blocks,
        "chapters": entries,
        "banners": guide_banners(guide=guide),
    }


# --- Index --------------------------------------------------------------------------------------


def guide_topics(*, index_page: Page) -> list[tuple[str, str]]:
    """(slug, name) of every topic tag used by a live guide under the index."""
    rows = (
        GuidePageTag.objects.filter(
            content_object__live=True, content_object__path__startswith=index_page.path
        )
        .values_list("tag__slug", "tag__name")
        .distinct()
        .order_by("tag__name")
    )
    return list(rows)


def guide_search_ids(*, index_page: Page, query: str) -> set[int]:
    """IDs of guides under the index that match ``query`` themselves or through a chapter."""
    results = (
        Page.objects.live()
        .descendant_of(index_page)
        .type(GuidePage, GuideChapterPage)
        .search(query)
    )
    guide_paths = set()
    for page in results:
        guide_paths.add(page.path[: (index_page.depth + 1) * Page.steplen])
    return set(GuidePage.objects.filter(path__in=guide_paths).values_list("pk", flat=True))


def guides_filtered(
    *,
    index_page: Page,
    audience: str = "",
    topic: str = "",
    query: str = "",
    also_search: Page | None = None,
) -> QuerySet[GuidePage]:
    """Live guides under the index, filtered; ``also_search`` is a translation of the index
    whose guides' words also match ``query`` (through their translation key)."""
    guides = GuidePage.objects.live().child_of(index_page)
    if audience:
        guides = guides.filter(audiences__slug=audience)
    if topic:
        guides = guides.filter(tagged_topics__tag__slug=topic)
    if query:
        matches = Q(pk__in=guide_search_ids(index_page=index_page, query=query))
        if also_search is not None:
            translated = guide_search_ids(index_page=also_search, query=query)
            matches |= Q(
                translation_key__in=GuidePage.objects.filter(pk__in=translated).values(
                    "translation_key"
                )
            )
        guides = guides.filter(matches)
    return (
        guides.distinct()
        .prefetch_related("audiences", "tags")
        .order_by("-published_date", "title", "pk")
    )


def guide_index_original(*, index_page: Page) -> Page:
    """The default-language index a translated index was made from (``index_page`` itself
    when it is in the default language or has no live original): the index whose guides and
    topics a translated index lists."""
    default = Locale.get_default()
    if index_page.locale_id == default.pk:
        return index_page
    original = index_page.get_translation_or_none(default)
    return original if original is not None and original.live else index_page


def guide_index_listing(
    *, index_page: Page, original: Page, audience: str = "", topic: str = "", query: str = ""
) -> dict:
    """The index's guides, filtered, grouped by status (published first). ``original`` is
    ``guide_index_original(index_page=index_page)``.

    A translated index (/cy/guidance/) lists every guide of the default-language index, each
    as its live translation where there is one and otherwise in English (the card says so):
    a guide not yet in Welsh is still guidance a Welsh reader can use. A search there matches
    the translations' words too."""
    guides = list(
        guides_filtered(
            index_page=original,
            audience=audience,
            topic=topic,
            query=query,
            also_search=index_page if original is not index_page else None,
        )
    )
    if original is not index_page:
        localised = pages_localised(guides, language=index_page.locale.language_code)
        translated = [new for new, old in zip(localised, guides, strict=True) if new is not old]
        prefetch_related_objects(translated, "audiences", "tags")
        guides = localised
    groups = []
    for status in STATUS_DISPLAY_ORDER:
        members = [g for g in guides if g.status == status]
        if members:
            groups.append({"status": status, "label": status.label, "guides": members})
    return {
        "guide_groups": groups,
        "guide_count": len(guides),
        "audience_labels": dict(Audience.choices),
    }


def guides_current(*, limit: int, locale: Locale | None = None) -> list[GuidePage]:
    """Live guides that are published or in pilot, newest first (for the home page), in
    ``locale`` if given."""
    guides = GuidePage.objects.live()
    if locale is not None:
        guides = guides.filter(locale=locale)
    guides = guides.filter(status__in=[GuideStatus.PUBLISHED, GuideStatus.PILOT])
    return list(guides.defer_streamfields().order_by("-published_date", "title", "pk")[:limit])


# --- Feedback -----------------------------------------------------------------------------------


def feedback_summary_by_guide() -> list[dict]:
    """Per guide: how many readers said useful / not useful, and how many left a comment."""
    return list(
        GuideFeedback.objects.values("guide_id", "guide__title")
        .annotate(
            yes=Count("pk", filter=Q(useful=True)),
            no=Count("pk", filter=Q(useful=False)),
            comments=Count("pk", filter=~Q(comment="")),
            total=Count("pk"),
        )
        .order_by("guide__title")
    )


def feedback_for_user(*, user) -> list[dict]:
    """Feedback a member gave while signed in, for "download my data"."""
    rows = GuideFeedback.objects.filter(user=user).select_related("guide").order_by("created_at")
    return [
        {
            "guide": row.guide.title,
            "page_id": row.page_id,
            "version": row.version,
            "useful": row.useful,
            "comment": row.comment,
            "contact_email": row.contact_email,
            "created_at": row.created_at.isoformat(),
        }
        for row in rows
    ]


def guides_citing_case_study(*, case_study) -> list[GuidePage]:
    """Live guides that cite this case study, in title order (one query)."""
    if case_study is None or not getattr(case_study, "pk", None):
        return []
    return list(
        GuidePage.objects.live().filter(related_case_studies=case_study).order_by("title", "pk")
    )


def guide_related_case_studies(*, guide: GuidePage) -> list:
    """The live case studies a guide cites (one query). Works on previews too, where the
    relation is modelcluster's in-memory FakeQuerySet rather than a database query."""
    return sorted((p for p in guide.related_case_studies.all() if p.live), key=lambda p: p.title)


# --- Adoption reports (issue 21): the one rule of what is public ----------------------------------


def adoption_public_reports() -> QuerySet[AdoptionReport]:
    """Every report the public may count: approved ones only (pending, asked for more
    information and declined reports appear nowhere public). Whether the organisation may be
    *named* is a second rule: `adoption_public_label`. Every page, feed, export and chart reads
    reports through this function (or the two below), never `AdoptionReport.objects` directly.
    """
    return AdoptionReport.objects.filter(review=AdoptionReview.APPROVED)


def adoption_public_reports_for_guide(*, guide: GuidePage) -> QuerySet[AdoptionReport]:
    """The public reports of a guide in every language (reports may be made from a translation)."""
    return adoption_public_reports().filter(guide__translation_key=guide.translation_key)


def adoption_public_label(report: AdoptionReport) -> str:
    """The organisation's name when it may be named publicly, otherwise a neutral label."""
    if report.review != AdoptionReview.APPROVED:
        raise ValueError("only approved reports have a public label")
    if report.may_name:
        return report.organisation.name
    return str(_("An organisation that asked not to be named"))


def adoption_stage_counts(reports: QuerySet[AdoptionReport]) -> dict[str, int]:
    """{stage: number of reports} for the stages in pipeline order (zeros included)."""
    found = dict(reports.order_by().values_list("stage").annotate(n=Count("pk")))
    return {stage.value: found.get(stage.value, 0) for stage in ADOPTION_STAGE_ORDER}


@dataclass(frozen=True)
class AdoptionUse:
    """One organisation's public use of a guide, as a guide page lists it (named ones only)."""

    label: str
    stage: str
    stage_label: str
    purposes: tuple[str, ...]
    since: date
    public_link: str
    chapters: tuple[str, ...]


@dataclass(frozen=True)
class AdoptionSummary:
    """What a guide or chapter page shows of its use: counts of organisations by stage (named or
    not), the named ones with what for, and how many asked not to be named."""

    total: int
    stage_counts: list[tuple[str, str, int]]  # (stage, label, organisations)
    named: list[AdoptionUse]
    unnamed_count: int


def adoption_guide_summary(*, guide: GuidePage) -> AdoptionSummary:
    """The public use of a guide, one query whatever the number of reports. An organisation
    with several reports (the guide, a chapter) counts once, at its furthest stage; it is named
    only if every one of its public reports here allows naming (adoption_public_label)."""
    reports = list(
        adoption_public_reports_for_guide(guide=guide)
        .select_related("organisation", "chapter")
        .order_by("organisation_id", "since", "pk")
    )
    order = {stage.value: i for i, stage in enumerate(ADOPTION_STAGE_ORDER)}
    by_org: dict[int, list[AdoptionReport]] = {}
    for report in reports:
        by_org.setdefault(report.organisation_id, []).append(report)
    named: list[AdoptionUse] = []
    unnamed = 0
    stage_of: dict[int, str] = {}
    for org_id, org_reports in by_org.items():
        furthest = max(org_reports, key=lambda r: order.get(r.stage, -1))
        stage_of[org_id] = furthest.stage
        if not all(r.may_name for r in org_reports):
            unnamed += 1
            continue
        purposes: list[str] = []
        for r in org_reports:
            text = r.purpose_detail or r.get_purpose_display()
            if text not in purposes:
                purposes.append(str(text))
        named.append(
            AdoptionUse(
                label=adoption_public_label(furthest),
                stage=furthest.stage,
                stage_label=str(furthest.get_stage_display()),
                purposes=tuple(purposes),
                since=min(r.since for r in org_reports),
                public_link=next((r.public_link for r in org_reports if r.public_link), ""),
                chapters=tuple(r.chapter.title for r in org_reports if r.chapter_id),
            )
        )
    named.sort(key=lambda use: (-order.get(use.stage, -1), use.label.lower()))
    counts = {stage.value: 0 for stage in ADOPTION_STAGE_ORDER}
    for stage in stage_of.values():
        counts[stage] = counts.get(stage, 0) + 1
    return AdoptionSummary(
        total=len(by_org),
        stage_counts=[(s.value, str(s.label), counts[s.value]) for s in ADOPTION_STAGE_ORDER],
        named=named,
        unnamed_count=unnamed,
    )


def adoption_guide_summary_cached(*, guide: GuidePage) -> AdoptionSummary:
    """``adoption_guide_summary`` kept in the cache under the page-cache content version (saving
    or deleting a report or an organisation bumps it) and the language (its labels are
    translated): no query on a guide or chapter page once cached, however many reports."""
    return content_cached(
        f"guidance:adoption:{guide.translation_key}:{get_language()}",
        lambda: adoption_guide_summary(guide=guide),
        version=PAGE_VERSION,
    )


def adoption_reports_of_member(*, member) -> QuerySet[AdoptionReport]:
    """A member's own reports (every review state: they see their own), newest first."""
    return (
        AdoptionReport.objects.filter(member=member)
        .select_related("guide", "chapter", "organisation", "case_study")
        .order_by("-created_at")
    )


def adoption_reports_for_review(*, review: str = "") -> QuerySet[AdoptionReport]:
    """The organisers' list: every report (not a public output), awaiting review first."""
    reports = AdoptionReport.objects.select_related(
        "guide", "chapter", "organisation", "member", "case_study"
    )
    if review:
        reports = reports.filter(review=review)
    pending_first = Case(
        When(review=AdoptionReview.PENDING, then=Value(0)),
        When(review=AdoptionReview.MORE_INFORMATION, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return reports.order_by(pending_first, "-updated_at")


def adoption_review_counts() -> dict[str, int]:
    found = dict(AdoptionReport.objects.order_by().values_list("review").annotate(n=Count("pk")))
    return {review.value: found.get(review.value, 0) for review in AdoptionReview}


@dataclass(frozen=True)
class PilotFeedbackRow:
    guide: GuidePage
    version: str
    reports: list[AdoptionReport]


def adoption_feedback_by_version() -> list[PilotFeedbackRow]:
    """For editors (admin): the accounts members gave in their reports, grouped by guide and by
    the guide's version when reported, newest version first, so the next revision can answer
    them. Every review state (the admin is not public); two queries."""
    reports = (
        AdoptionReport.objects.select_related("guide", "chapter", "organisation")
        .exclude(account="")
        .order_by("guide__title", "guide_id", "-guide_version", "-created_at")
    )
    rows: list[PilotFeedbackRow] = []
    for report in reports:
        if (
            rows
            and rows[-1].guide.pk == report.guide_id
            and rows[-1].version == report.guide_version
        ):
            rows[-1].reports.append(report)
        else:
            rows.append(
                PilotFeedbackRow(guide=report.guide, version=report.guide_version, reports=[report])
            )
    return rows
