"""Site search and sitemap.xml entries for unconferences, their sessions and accepted topics
(registered in UnconferencesConfig.ready())."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import DateTimeField, F, IntegerField, TextField, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.search import (
    MAX_RESULTS_PER_SOURCE,
    SearchResult,
    filter_all_words,
    register_search_source,
)
from core.sitemaps import register_sitemap

from .enums import BoardKind, TopicStatus
from .models import Session, Topic, TopicBoard, Unconference
from .selectors import PUBLIC_TOPIC_STATUSES


def search_sessions(query: str) -> list[SearchResult]:
    """Scheduled sessions (public session pages) and the topics public boards list (proposed
    and accepted); declined, withdrawn, merged and hidden topics are not listed."""
    results: list[SearchResult] = []
    sessions = filter_all_words(
        Session.objects.select_related("topic", "slot__unconference", "space").exclude(
            topic__status=TopicStatus.HIDDEN
        ),
        query=query,
        fields=["topic__title", "topic__description"],
        title_field="topic__title",
    ).order_by("-_title_hit", "slot__starts_at", "pk")[:MAX_RESULTS_PER_SOURCE]
    for session in sessions:
        results.append(
            SearchResult(
                title=session.topic.title,
                url=session.get_absolute_url(),
                summary=session.topic.description[:300],
                meta=str(session.slot.unconference),
            )
        )
    # Every topic a public board lists (proposed and accepted: selectors.PUBLIC_TOPIC_STATUSES)
    # that has no session: the matching ones with a session are listed above (when they reach
    # the cap, no topic is listed), so no list of their ids goes back to the database.
    topics = filter_all_words(
        Topic.objects.filter(status__in=PUBLIC_TOPIC_STATUSES, session__isnull=True).select_related(
            "board__unconference"
        ),
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


def search_unconferences(query: str) -> list[SearchResult]:
    """Unconferences (each has a public page) by title, description and venue, then the
    standing topic boards of the monthly meetings by their title and their series'. One query
    (a UNION), so the search page stays within its query budget."""
    columns = ("kind", "title", "slug", "summary", "when", "_title_hit")
    unconferences = (
        filter_all_words(
            Unconference.objects.all(), query=query, fields=["title", "description", "venue"]
        )
        .annotate(
            kind=Value(0, output_field=IntegerField()),
            summary=F("description"),
            when=F("starts_at"),
        )
        .order_by()
        .values_list(*columns)
    )
    boards = (
        filter_all_words(
            TopicBoard.objects.filter(kind=BoardKind.STANDING),
            query=query,
            fields=["title", "meeting_series__title", "meeting_series__description"],
        )
        .annotate(
            # "kind" is a field of TopicBoard: the union's column is named by the first part.
            source=Value(1, output_field=IntegerField()),
            summary=Coalesce(F("meeting_series__description"), Value(""), output_field=TextField()),
            when=Value(None, output_field=DateTimeField()),
        )
        .order_by()
        .values_list("source", *columns[1:])
    )
    rows = unconferences.union(boards, all=True).order_by("kind", "-_title_hit", "-when", "title")
    results = []
    for kind, title, slug, summary, when, _hit in rows[:MAX_RESULTS_PER_SOURCE]:
        if kind == 0:
            url = reverse("unconferences:detail", kwargs={"slug": slug})
            meta = formats.date_format(timezone.localtime(when), "j F Y")
        else:
            url = reverse("unconferences:board_topics", kwargs={"slug": slug})
            meta = str(_("Topic board"))
        results.append(SearchResult(title=title, url=url, summary=summary[:300], meta=meta))
    return results


class UnconferenceSitemap(Sitemap):
    def items(self):
        return Unconference.objects.order_by("starts_at", "pk")

    def lastmod(self, unconference):
        return unconference.updated_at


class SessionSitemap(Sitemap):
    def items(self):
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
    register_search_source(
        "unconference", _("Unconferences and topic boards"), search_unconferences, order=33
    )
    register_sitemap("unconferences", UnconferenceSitemap)
    register_sitemap("unconference-sessions", SessionSitemap)
