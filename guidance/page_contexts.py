"""What guidance pages show besides their own fields (core.pages, docs/decisions.md
"Page context: models never import selectors"). Imported in GuidanceConfig.ready()."""

import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from core.i18n import localised_url
from core.page_cache import page_cache_version
from core.pages import page_context

from .forms import GuideFilterForm
from .models import GuidanceIndexPage, GuideChapterPage, GuidePage
from .selectors import (
    adoption_guide_summary_cached,
    guide_index_listing,
    guide_index_original,
    guide_print_context,
    guide_reading_context,
    guide_topics,
)

# How long a rendered guide or chapter part is kept (a publish, a report or a taxonomy change
# makes it out of date at once through the content version in its key). Bounded to a minute
# where the cache is per process (no Redis: another process's change would not bump this one's
# version), as the case-study detail cache is.
FRAGMENT_SECONDS = 6 * 60 * 60


def _fragment(page, request) -> dict:
    """The key under which the page's reading parts (header, contents, article; never the
    feedback form) are kept rendered by the template's {% cache %}: the page, its live
    revision, the page-cache content version, the language and the day. A preview or a page
    that is not live gets a key of its own that is never stored (0 seconds), so a draft is
    never cached nor served from the live page's parts."""
    if getattr(request, "is_preview", False) or not page.live:
        return {"fragment_key": f"uncached:{uuid.uuid4().hex}", "fragment_seconds": 0}
    seconds = FRAGMENT_SECONDS if settings.PAGE_CACHE_SECONDS > 0 else 60
    # The day too: the "review overdue" banner starts on a date, with no content change.
    day = timezone.localdate().isoformat()
    key = f"{page.pk}:{page.live_revision_id}:{page_cache_version()}:{get_language()}:{day}"
    return {"fragment_key": key, "fragment_seconds": seconds}


def _use_url(guide, chapter=None) -> str:
    """Where a reader reports their organisation's use (GuidePage's use/ route)."""
    guide_url = localised_url(guide)
    if not guide_url:
        return ""
    url = guide_url + guide.reverse_subpage("use_view")
    return f"{url}?chapter={chapter.pk}" if chapter is not None else url


@page_context(GuidanceIndexPage)
def guidance_index(page, request, *args, **kwargs) -> dict:
    """The filter form (audience, topic, words) and the guides it selects, by status."""
    original = guide_index_original(index_page=page)
    form = GuideFilterForm(request.GET or None, topics=guide_topics(index_page=original))
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    listing = guide_index_listing(
        index_page=page,
        original=original,
        audience=cleaned.get("audience", ""),
        topic=cleaned.get("topic", ""),
        query=cleaned.get("q", ""),
    )
    return {
        "filter_form": form,
        **listing,
        "is_filtered": bool(cleaned and any(cleaned.values())),
        "active_filter_count": sum(1 for value in cleaned.values() if value),
    }


@page_context(GuidePage)
def guide(page, request, *args, whole_guide: bool = False, **kwargs) -> dict:
    """The guide's overview with its contents and banners, or (``whole_guide``, from
    ``GuidePage.print_view``) the whole guide on one page."""
    if whole_guide:
        return guide_print_context(guide=page)
    return {
        **guide_reading_context(guide=page, chapter=None),
        "adoption": adoption_guide_summary_cached(guide=page),
        "adoption_url": _use_url(page),
        **_fragment(page, request),
    }


@page_context(GuideChapterPage)
def guide_chapter(page, request, *args, **kwargs) -> dict:
    """A chapter with its guide's contents, banners and previous/next links."""
    guide = GuidePage.objects.parent_of(page).first()
    return {
        **guide_reading_context(guide=guide, chapter=page),
        "adoption": adoption_guide_summary_cached(guide=guide),
        "adoption_url": _use_url(guide, chapter=page),
        **_fragment(page, request),
    }
