"""Guidance pages and feedback (plain helpers over Wagtail's API)."""

from __future__ import annotations

import datetime
import itertools

from guidance.enums import Audience, GuideStatus
from guidance.models import (
    GuidanceIndexPage,
    GuideAudience,
    GuideChangeLogEntry,
    GuideChapterPage,
    GuideFeedback,
    GuidePage,
)

_counter = itertools.count(1)


def heading(text: str, level: str = "h2") -> tuple:
    return ("heading", {"text": text, "level": level})


def paragraph(text: str) -> tuple:
    return ("paragraph", f"<p>{text}</p>")


def audiences() -> dict[str, GuideAudience]:
    """The four audiences (a live_server flush deletes the rows migration 0002 seeded)."""
    return {
        slug: GuideAudience.objects.get_or_create(slug=slug, defaults={"sort_order": i})[0]
        for i, slug in enumerate(Audience.values)
    }


def guidance_index(*, home, title: str = "Guidance") -> GuidanceIndexPage:
    index = GuidanceIndexPage.objects.child_of(home).first()
    if index is None:
        index = GuidanceIndexPage(title=title, slug="guidance", intro="<p>Practice guides.</p>")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def guide_page(
    *,
    index: GuidanceIndexPage,
    title: str | None = None,
    slug: str | None = None,
    status: str = GuideStatus.PUBLISHED,
    version: str = "1.0",
    body: list | None = None,
    summary: str = "How to involve the public.",
    published_date: datetime.date | None = None,
    last_reviewed_date: datetime.date | None = None,
    next_review_date: datetime.date | None = None,
    superseded_by: GuidePage | None = None,
    audience_slugs: list[str] | None = None,
    tags: list[str] | None = None,
    change_log: list[tuple[datetime.date, str, str]] | None = None,
    live: bool = True,
) -> GuidePage:
    n = next(_counter)
    title = title or f"Guide {n}"
    guide = GuidePage(
        title=title,
        slug=slug or f"guide-{n}",
        status=status,
        version=version,
        summary=summary,
        body=body or [],
        published_date=published_date or datetime.date(2025, 6, 1),
        last_reviewed_date=last_reviewed_date,
        next_review_date=next_review_date,
        superseded_by=superseded_by,
    )
    if audience_slugs:
        all_audiences = audiences()
        guide.audiences = [all_audiences[s] for s in audience_slugs]
    if tags:
        guide.tags.add(*tags)
    for order, (date, log_version, what) in enumerate(change_log or []):
        guide.change_log.add(
            GuideChangeLogEntry(date=date, version=log_version, summary=what, sort_order=order)
        )
    index.add_child(instance=guide)
    revision = guide.save_revision()
    if live:
        revision.publish()
    else:
        guide.unpublish()
    guide.refresh_from_db()
    return guide


def chapter_page(
    *, guide: GuidePage, title: str | None = None, body: list | None = None, summary: str = ""
) -> GuideChapterPage:
    n = next(_counter)
    title = title or f"Chapter {n}"
    chapter = GuideChapterPage(title=title, slug=f"chapter-{n}", body=body or [], summary=summary)
    guide.add_child(instance=chapter)
    chapter.save_revision().publish()
    chapter.refresh_from_db()
    return chapter


def feedback(*, guide: GuidePage, page=None, **kwargs) -> GuideFeedback:
    values = {"version": guide.version, "useful": True, **kwargs}
    return GuideFeedback.objects.create(guide=guide, page=page or guide, **values)
