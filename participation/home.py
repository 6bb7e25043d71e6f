"""What the home page shows, composed from the apps' selectors.

The roof may import every app (DESIGN.md section 3), and ``participation.models`` does not
import this module (``page_contexts.py`` does), so the selectors are imported at the top.
Every section costs a fixed number of queries, however many case studies, guides or meetings
there are (tests/participation/test_home.py).
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.translation import get_language

from casestudies.selectors import case_studies_featured, case_studies_latest
from community.permissions import participation_refusal
from core.content_cache import content_cached
from core.i18n import locale_default, pages_localised
from core.page_cache import PAGE_VERSION
from events.selectors import meeting_next, meeting_rsvp_state, uk_time_display
from events.unconferences.selectors import unconference_current
from guidance.selectors import guides_current

CASE_STUDY_COUNT = 3
GUIDE_COUNT = 3


def _localised(pages: list, *, request) -> list:
    """The pages in the active language where translated; the organisation each card names
    is loaded for translations too (they come back from a query of their own)."""
    localised = pages_localised(pages, request=request)
    if any(new is not old for new, old in zip(localised, pages, strict=True)):
        prefetch_related_objects(
            [p for p in localised if hasattr(p, "organisation_id")], "organisation"
        )
    return localised


def _cards(*, request, page) -> tuple[list, list, list]:
    """(featured case studies, latest case studies, current guides), localised, their methods
    loaded. Kept under the page-cache content version (bumped by any publish, unpublish, move
    or taxonomy change), so members and first visitors share one computation: the featured
    ranking groups every live case study (about 28 ms at 10,000)."""

    def build() -> tuple[list, list, list]:
        # Cards list the default-language (English) pages, each replaced by its live
        # translation in the page's language where there is one: the English home never shows
        # a Welsh page, and the Welsh home shows an English one only with its "not yet in
        # Welsh" note.
        source = locale_default()
        featured: list = []
        latest: list = []
        guides: list = []
        if page.show_case_studies:
            featured = case_studies_featured(limit=CASE_STUDY_COUNT, locale=source)
            featured_ids = {cs.pk for cs in featured}
            latest = [
                cs
                for cs in case_studies_latest(limit=CASE_STUDY_COUNT * 2, locale=source)
                if cs.pk not in featured_ids
            ][:CASE_STUDY_COUNT]
        if page.show_guidance:
            guides = guides_current(limit=GUIDE_COUNT, locale=source)
        # One look-up of the translations for every card on the page.
        cards = _localised([*featured, *latest, *guides], request=request)
        featured = cards[: len(featured)]
        latest = cards[len(featured) : len(featured) + len(latest)]
        prefetch_related_objects([*featured, *latest], "methods")
        return featured, latest, cards[len(featured) + len(latest) :]

    shown = f"{int(page.show_case_studies)}{int(page.show_guidance)}"
    key = f"home:cards:{page.pk}:{shown}:{get_language()}"
    return content_cached(key, build, request=request, version=PAGE_VERSION)


def home_context(*, request, page) -> dict:
    context: dict = {}
    featured, latest, guides = _cards(request=request, page=page)
    if page.show_case_studies:
        context.update(featured_case_studies=featured, latest_case_studies=latest)
    if page.show_guidance:
        context["current_guides"] = guides
    if page.show_meeting:
        meeting = meeting_next()
        context["next_meeting"] = meeting
        if meeting is not None:
            context["next_meeting_time"] = uk_time_display(
                starts_at=meeting.starts_at, ends_at=meeting.ends_at
            )
            # The viewer's own state (registered, waiting list place, full): per request, and
            # "signed_out" for anonymous visitors, so a cached anonymous page holds no member's.
            context["next_meeting_rsvp"] = meeting_rsvp_state(meeting=meeting, user=request.user)
    if page.show_unconference:
        context["current_unconference"] = unconference_current()
    context["participation_refusal"] = participation_refusal(request.user)
    return context
