"""Site search and sitemap.xml entries for meetings (registered in EventsConfig.ready())."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.search import (
    MAX_RESULTS_PER_SOURCE,
    SearchResult,
    filter_all_words,
    register_search_source,
)
from core.sitemaps import NamedURLSitemap, register_sitemap

from .selectors import meetings_published

# Public fields only: notes and join links are for members. The series' host is searched too
# (occurrences inherit it); its shared description and agenda are not, or one word common to a
# series would fill the results with every occurrence.
SEARCH_FIELDS = ["title", "topic", "description", "host", "agenda", "speakers", "series__host"]


def search_meetings(query: str) -> list[SearchResult]:
    meetings = filter_all_words(
        meetings_published().select_related("series"), query=query, fields=SEARCH_FIELDS
    )
    meetings = meetings.order_by("-_title_hit", "-starts_at", "pk")[:MAX_RESULTS_PER_SOURCE]
    results = []
    for meeting in meetings:
        when = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y")
        if meeting.is_cancelled:
            when = f"{when} ({_('cancelled')})"
        description = meeting.effective_description
        summary = meeting.topic_line or (description.splitlines()[0] if description else "")
        results.append(
            SearchResult(
                title=meeting.title, url=meeting.get_absolute_url(), summary=summary, meta=when
            )
        )
    return results


class MeetingSitemap(Sitemap):
    def items(self):
        return meetings_published().order_by("starts_at", "pk")

    def lastmod(self, meeting):
        return meeting.updated_at


def register() -> None:
    register_search_source("event", _("Events"), search_meetings, order=30)
    register_sitemap("events", MeetingSitemap)
    register_sitemap("events-list", NamedURLSitemap(["events:meeting_list"]))
