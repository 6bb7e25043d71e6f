"""Case study pages: the library index, the live set, what a case study page shows, and the
short lists for the home page, a method's page and the open-data feed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from taggit.models import Tag
from wagtail.models import Locale

from core.page_cache import page_cache_version
from core.selectors import pages_public

from ..models import CaseStudyIndexPage, CaseStudyPage, Method
from .citation import case_study_version

logger = logging.getLogger(__name__)

DETAIL_CACHE_SECONDS = 6 * 60 * 60  # also dropped by the next content change


def case_study_index(*, locale: Locale | None = None) -> CaseStudyIndexPage | None:
    """The live library index for the active (or given) locale, falling back to any live one."""
    indexes = CaseStudyIndexPage.objects.live()
    try:
        locale = locale or Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    if locale is not None:
        found = indexes.filter(locale=locale).first()
        if found is not None:
            return found
    return indexes.first()


def case_studies_live(*, index: CaseStudyIndexPage | None = None) -> QuerySet[CaseStudyPage]:
    """Live, public case studies (under ``index`` when given)."""
    queryset = CaseStudyPage.objects.live().public()
    if index is not None:
        queryset = queryset.child_of(index)
    return queryset


def _detail_context(page: CaseStudyPage) -> dict:
    return {
        "index_page": page.get_parent(),
        "methods": list(page.methods.all()),
        "lifecycle_stages": list(page.lifecycle_stages.all()),
        "data_kinds": list(page.data_kinds.all()),
        "system_kinds": list(page.system_kinds.all()),
        "affected_groups": list(
            Tag.objects.filter(casestudies_casestudypagetag_items__content_object=page)
        ),
        "outcome_evidence": list(page.outcome_evidence.all()),
        "key_figures": list(page.key_figures.all()),
        "sources": list(page.sources.all()),
        # For "Cite this": how many times the page was published, and its language.
        "citation_version": case_study_version(page=page),
        "language_code": page.locale.language_code,
    }


def case_study_detail_context(*, page: CaseStudyPage, request=None) -> dict:
    """Everything the case study page shows beyond its own columns (constant queries).

    For a live page (not a preview of a draft) it is kept in the cache under the content version
    (``core.page_cache``: publishing, taxonomy terms, tags and organisations bump it) and the
    page's live revision, so a member's request, which the page cache never serves, reads
    none of it from the database (issue 18: case study page 17-20 queries)."""
    if getattr(request, "is_preview", False) or not page.live:
        return _detail_context(page)
    # Bounded where the cache is per process (no Redis: another process's change to a term
    # would not bump this one's version); a new publication changes the key everywhere.
    seconds = DETAIL_CACHE_SECONDS if settings.PAGE_CACHE_SECONDS > 0 else 60
    key = f"casestudies:detail:{page_cache_version()}:{page.pk}:{page.live_revision_id}"
    try:
        data = cache.get(key)
    except Exception:  # the cache is down: read the database
        logger.warning("case study detail cache unavailable", exc_info=True)
        return _detail_context(page)
    if data is None:
        data = _detail_context(page)
        try:
            cache.set(key, data, timeout=seconds)
        except Exception:
            logger.warning("case study detail cache: could not store", exc_info=True)
    return data


def case_studies_latest(*, limit: int = 3, locale: Locale | None = None) -> list[CaseStudyPage]:
    """The most recently published case studies (for the home page), in ``locale`` if given."""
    return list(
        _in_locale(pages_public(CaseStudyPage.objects.live()), locale)
        .select_related("organisation")
        .defer_streamfields()  # cards show no body
        .order_by("-first_published_at", "-pk")[:limit]
    )


def _in_locale(pages: QuerySet, locale: Locale | None) -> QuerySet:
    return pages if locale is None else pages.filter(locale=locale)


def case_studies_featured(*, limit: int = 3, locale: Locale | None = None) -> list[CaseStudyPage]:
    """Case studies worth featuring: complete ones with evidence of outcome first, newest first
    (in ``locale`` if given)."""
    # The ranking groups ids only (not whole rows with their bodies); then the few cards load.
    ranked = list(
        _in_locale(pages_public(CaseStudyPage.objects.live()), locale)
        .values("pk")
        .annotate(evidence_count=Count("outcome_evidence"))
        .order_by("completeness", "-evidence_count", "-last_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    cards = CaseStudyPage.objects.filter(pk__in=ranked).select_related("organisation")
    by_pk = {page.pk: page for page in cards.defer_streamfields()}
    return [by_pk[pk] for pk in ranked if pk in by_pk]


def case_studies_for_method(*, method: Method) -> list[CaseStudyPage]:
    return list(
        case_studies_live()
        .filter(methods=method)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def case_studies_dataset_date(*, index: CaseStudyIndexPage | None = None):
    """When the dataset last changed: the latest publication of any live case study."""
    return case_studies_live(index=index).aggregate(latest=Max("last_published_at"))["latest"]


def case_study_live_by_slug(*, slug: str) -> CaseStudyPage | None:
    """The live, public case study at /case-studies/<slug>/ in the current language, else in
    the default one (a Welsh reader of a page not yet translated gets the English page)."""
    pages = {page.locale_id: page for page in case_studies_live().filter(slug=slug)}
    for locale in (Locale.get_active(), Locale.get_default()):
        if locale.pk in pages:
            return pages[locale.pk]
    return None
