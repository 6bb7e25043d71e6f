"""The standing topic board of the monthly meetings runs on the same models and services as the
unconference board: suggest, vote, take up by a meeting, shown on the meeting page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.unconferences import models, services, views
from events.unconferences.enums import Phase, TopicStatus
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.unconferences import StandingBoardFactory, TopicFactory, make_grid

from .conftest import set_phase

pytestmark = pytest.mark.django_db


def test_suggest_vote_and_take_up_shows_on_the_meeting_page(client, home_page, organiser):
    from tests.factories.users import UserFactory

    series = MeetingSeriesFactory()
    meeting = MeetingFactory(series=series, title="March community meeting")
    board = StandingBoardFactory(meeting_series=series)
    member, voter = UserFactory(), UserFactory()

    client.force_login(member)
    response = client.post(
        f"/topics/{board.slug}/propose/",
        {
            "title": "Health data and trust",
            "description": "Patients and AI.",
            "format": "discussion",
        },
    )
    assert response.status_code == 302
    topic = models.Topic.objects.get(board=board)

    client.force_login(voter)
    assert client.post(f"/topics/{board.slug}/vote/", {"add": topic.pk}).status_code == 302
    assert models.Vote.objects.get(topic=topic).ballot.voter == voter

    client.force_login(organiser)
    response = client.post(
        f"/topics/{board.slug}/organise/{topic.pk}/", {"action": "take_up", "meeting": meeting.pk}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.taken_up_by_meeting == meeting

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Topics the community chose" in page
    assert "Health data and trust" in page
    assert f'href="/topics/{board.slug}/"' in page
    board_page = client.get(f"/topics/{board.slug}/").content.decode()
    assert f'href="{meeting.get_absolute_url()}"' in board_page


def test_take_up_refuses_a_meeting_of_another_series(board, organiser):
    series = MeetingSeriesFactory()
    standing = StandingBoardFactory(meeting_series=series)
    topic = TopicFactory(board=standing)
    other_meeting = MeetingFactory(series=MeetingSeriesFactory())
    with pytest.raises(Exception, match="meeting of this series"):
        services.topic_take_up(topic=topic, meeting=other_meeting, organiser=organiser)


def test_pending_member_refused_on_the_standing_board(client):
    from tests.factories.users import UserFactory

    board = StandingBoardFactory(meeting_series=MeetingSeriesFactory())
    client.force_login(UserFactory(approval_status="pending"))
    response = client.get(f"/topics/{board.slug}/propose/")
    assert response.status_code == 403
    assert "waiting for an organiser" in response.content.decode()


def test_one_implementation_serves_both_boards(unconference, board, registered_member, organiser):
    """Both boards use the same Topic/Ballot/Vote tables, services and view classes."""
    standing = StandingBoardFactory(meeting_series=MeetingSeriesFactory())
    set_phase(unconference, Phase.VOTING)
    a = TopicFactory(board=board)
    b = TopicFactory(board=standing)
    services.vote_add(topic=a, voter=registered_member)
    services.vote_add(topic=b, voter=registered_member)
    assert {v.topic.board for v in models.Vote.objects.filter(ballot__voter=registered_member)} == {
        board,
        standing,
    }
    # Separate budgets per board, same rules code.
    assert models.Ballot.objects.filter(voter=registered_member).count() == 2
    from django.urls import resolve

    assert resolve(standing.vote_url).func.view_class is views.VoteView
    assert resolve(board.vote_url).func.view_class is views.VoteView
    assert (
        resolve(standing.propose_url).func.view_class is resolve(board.propose_url).func.view_class
    )


def test_the_board_costs_the_same_queries_however_many_topics_are_scheduled(
    client, unconference, board, registered_member
):
    """Each scheduled topic links to its session page: the session, its slot and the
    unconference come with the topics (one query per topic before, issue 18)."""
    spaces, slots = make_grid(unconference, rooms=3, rounds=4)
    cells = [(space, slot) for slot in slots for space in spaces]

    def schedule(count: int) -> None:
        for _ in range(count):
            space, slot = cells.pop()
            topic = TopicFactory(board=board, status=TopicStatus.ACCEPTED)
            models.Session.objects.create(topic=topic, space=space, slot=slot)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(board.get_absolute_url())
        assert response.status_code == 200
        return len(captured)

    client.force_login(registered_member)
    schedule(1)
    queries()  # warm up (session, frame cache)
    one = queries()
    schedule(8)
    assert queries() == one
    assert client.get(board.get_absolute_url()).content.decode().count("Session page") == 9
