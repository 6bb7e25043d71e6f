"""The facts for "Cite this case study" (formats: ``casestudies.citation``)."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import PageLogEntry

from core.http import absolute_url
from core.i18n import HREFLANG
from core.models import SiteSettings

from ..citation import Citation
from ..models import CaseStudyPage

# Publications of a page, as Wagtail's audit log records them (publish now, or as scheduled).
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


def case_study_version(*, page: CaseStudyPage) -> int:
    """The page's own version: how many times it has been published (one query). 1 for a new
    case study, 2 once it is published again; never the database's global revision id."""
    published = PageLogEntry.objects.filter(page_id=page.pk, action__in=PUBLISH_ACTIONS).count()
    return max(published, 1)  # a live page has been published at least once


def case_study_citation(
    *,
    page: CaseStudyPage,
    request=None,
    version: int | None = None,
    language_code: str | None = None,
) -> Citation:
    """The facts for "Cite this case study" and its BibTeX, RIS and CSL-JSON downloads.
    ``version`` and ``language_code``, when the caller already knows them (the page's cached
    detail context), save a query each."""
    site_settings = SiteSettings.for_request(request) if request else SiteSettings.load()
    language_code = language_code or page.locale.language_code
    first = page.first_published_at or page.last_published_at or timezone.now()
    return Citation(
        key=f"case-study-{page.slug}",
        title=page.title,
        author=site_settings.organisation_name,
        url=absolute_url(page, request=request),  # the canonical URL, as in the page head
        version=version if version is not None else case_study_version(page=page),
        published=timezone.localtime(first),
        updated=timezone.localtime(page.last_published_at or first),
        language=HREFLANG.get(language_code, language_code),
    )
