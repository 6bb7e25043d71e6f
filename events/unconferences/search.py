"""Site search and sitemap.xml entries for unconferences, their sessions and accepted topics
(registered in UnconferencesConfig.ready())."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.utils.translation import gettext_lazy as _

from participation.search import (
    MAX_RESULTS_PER_SOURCE,
    SearchResult,
    filter_all_words,
    register_search_source,
)
from participation.sitemaps import register_sitemap


def search_sessions(query: str) -> list[SearchResult]:
    """Scheduled sessions (public session pages) and accepted topics (on public boards);
    proposed-only, declined, withdrawn, merged and hidden topics are not listed."""
    from .enums import TopicStatus
    from .models import Session, Topic

    results: list[SearchResult] = []
    sessions = filter_all_words(
        Session.objects.select_related("topic", "slot__unconference", "space").exclude(
            topic__status=TopicStatus.HIDDEN
        ),
        query=query,
        fields=["topic__title", "topic__description"],
        title_field="topic__title",
    ).order_by("-_title_hit", "slot__starts_at", "pk")[:MAX_RESULTS_PER_SOURCE]
    scheduled = set()
    for session in sessions:
        scheduled.add(session.topic_id)
        results.append(
            SearchResult(
                title=session.topic.title,
                url=session.get_absolute_url(),
                summary=session.topic.description[:300],
                meta=str(session.slot.unconference),
            )
        )
    topics = filter_all_words(
        Topic.objects.filter(status=TopicStatus.ACCEPTED)
        .exclude(pk__in=scheduled)
        .select_related("board__unconference"),
        query=query,
        fields=["title", "description"],
    ).order_by("-_title_hit", "-created_at", "pk")[: MAX_RESULTS_PER_SOURCE - len(results)]
    for topic in topics:
        results.append(
            SearchResult(
                title=topic.title,
                url=topic.board.get_absolute_url(),
                summary=topic.description[:300],
                meta=str(topic.board.title),
            )
        )
    return results


class UnconferenceSitemap(Sitemap):
    def items(self):
        from .models import Unconference

        return Unconference.objects.order_by("starts_at", "pk")

    def lastmod(self, unconference):
        return unconference.updated_at


class SessionSitemap(Sitemap):
    def items(self):
        from .enums import TopicStatus
        from .models import Session

        return (
            Session.objects.exclude(topic__status=TopicStatus.HIDDEN)
            .select_related("slot__unconference")
            .order_by("pk")
        )

    def lastmod(self, session):
        return session.updated_at


def register() -> None:
    register_search_source(
        "session", _("Unconference sessions and topics"), search_sessions, order=35
    )
    register_sitemap("unconferences", UnconferenceSitemap)
    register_sitemap("unconference-sessions", SessionSitemap)
