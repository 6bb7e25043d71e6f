"""The apps' real search sources and sitemap sections (events, unconferences, methods)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from core.search import search_sources
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import Session
from tests.factories.casestudies import method
from tests.factories.events import MeetingFactory
from tests.factories.unconferences import (
    TopicFactory,
    UnconferenceFactory,
    board_for,
    make_grid,
)

pytestmark = pytest.mark.django_db


def _search(client, query: str, kind: str) -> str:
    response = client.get("/search/", {"q": query, "kind": kind})
    assert response.status_code == 200
    return response.content.decode()


def test_sources_are_registered():
    kinds = {source.kind for source in search_sources()}
    assert {"event", "session", "method", "unconference"} <= kinds


def test_event_search_uses_public_fields_only(client, home_page):
    MeetingFactory(title="Algorithmic registers", agenda="Talk about transparency registers")
    MeetingFactory(title="Other", speakers="Dr Ada Lovelace, data ethicist")
    MeetingFactory(title="Secretive", notes="transparency ada lovelace zebra")
    MeetingFactory(title="Future transparency", publish_from=timezone.now() + dt.timedelta(days=5))
    html = _search(client, "transparency", "event")
    assert "Algorithmic registers" in html
    assert "Secretive" not in html  # notes are for members
    assert "Future transparency" not in html  # not yet published
    assert "Other" in _search(client, "Lovelace", "event")
    assert "Secretive" not in _search(client, "zebra", "event")


def test_session_search_lists_scheduled_and_accepted_not_hidden(client, home_page):
    unconf = UnconferenceFactory(phase=Phase.PUBLISHED)
    board = board_for(unconf)
    spaces, slots = make_grid(unconf, rooms=2, rounds=1)
    scheduled = TopicFactory(board=board, title="Open data kitchen", status=TopicStatus.ACCEPTED)
    Session.objects.create(topic=scheduled, space=spaces[0], slot=slots[0])
    TopicFactory(board=board, title="Kitchen accepted", status=TopicStatus.ACCEPTED)
    TopicFactory(board=board, title="Kitchen hidden", status=TopicStatus.HIDDEN)
    TopicFactory(board=board, title="Kitchen declined", status=TopicStatus.DECLINED)
    html = _search(client, "kitchen", "session")
    assert "Open data kitchen" in html and f"/sessions/{scheduled.pk}/" in html
    assert "Kitchen accepted" in html
    assert "Kitchen hidden" not in html and "Kitchen declined" not in html


def test_method_search(client, home_page):
    method("deliberative-poll", "Deliberative poll", description="Sampling then deliberating.")
    html = _search(client, "sampling", "method")
    assert "Deliberative poll" in html and "/case-studies/methods/deliberative-poll/" in html


def test_hostile_queries_do_not_break_sources(client, home_page):
    MeetingFactory(title="Quote's meeting")
    for query in ["'; DROP TABLE x; --", "%_%", "\\", "a" * 200, "<script>"]:
        assert client.get("/search/", {"q": query}).status_code == 200


def test_sitemap_has_public_events_unconferences_and_sessions(client, home_page):
    meeting = MeetingFactory()
    hidden = MeetingFactory(publish_from=timezone.now() + dt.timedelta(days=3))
    unconf = UnconferenceFactory(phase=Phase.PUBLISHED)
    spaces, slots = make_grid(unconf, rooms=1, rounds=2)
    board = board_for(unconf)
    session = Session.objects.create(
        topic=TopicFactory(board=board, status=TopicStatus.ACCEPTED), space=spaces[0], slot=slots[0]
    )
    gone = Session.objects.create(
        topic=TopicFactory(board=board, status=TopicStatus.HIDDEN), space=spaces[0], slot=slots[1]
    )
    xml = client.get("/sitemap.xml").content.decode()
    paths = {
        loc.split("://", 1)[1].split("/", 1)[1] for loc in re.findall(r"<loc>(.*?)</loc>", xml)
    }
    assert meeting.get_absolute_url().lstrip("/") in paths
    assert hidden.get_absolute_url().lstrip("/") not in paths
    assert "events/" in paths
    assert unconf.get_absolute_url().lstrip("/") in paths
    assert session.get_absolute_url().lstrip("/") in paths
    assert gone.get_absolute_url().lstrip("/") not in paths
