"""Dot voting: budget, per-topic maximum, per-member order, changing votes, hidden totals,
plain-form (no JavaScript) voting, and the budget under concurrent requests (PostgreSQL)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from events.unconferences import selectors, services
from events.unconferences.enums import Phase
from events.unconferences.models import Ballot, Vote
from tests.factories.events import MeetingSeriesFactory
from tests.factories.unconferences import (
    RegistrationFactory,
    StandingBoardFactory,
    TopicFactory,
    UnconferenceFactory,
    board_for,
)
from tests.factories.users import UserFactory

from .conftest import set_phase


@pytest.fixture
def voting(unconference, board):
    set_phase(unconference, Phase.VOTING)
    return [TopicFactory(board=board, title=f"Topic {i}") for i in range(6)]


@pytest.mark.django_db
def test_budget_and_per_topic_limit(board, registered_member, voting):
    for topic in voting[:3]:
        services.vote_add(topic=topic, voter=registered_member)
    with pytest.raises(Exception, match="used all your dots"):
        services.vote_add(topic=voting[3], voter=registered_member)
    with pytest.raises(Exception, match="at most 1"):
        services.votes_save(board=board, voter=registered_member, counts={voting[0].pk: 2})
    ballot = Ballot.objects.get(board=board, voter=registered_member)
    assert (
        ballot.used == 3 == sum(Vote.objects.filter(ballot=ballot).values_list("count", flat=True))
    )


@pytest.mark.django_db
def test_database_refuses_a_ballot_over_budget(board, registered_member, voting):
    ballot = services.ballot_get_or_create(board=board, voter=registered_member)
    ballot.used = ballot.budget + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ballot.save()


@pytest.mark.django_db
def test_member_changes_votes_until_voting_closes(
    client, unconference, board, registered_member, voting
):
    client.force_login(registered_member)
    # Plain form post, as a browser without JavaScript sends it.
    data = {f"topic-{t.pk}": "0" for t in voting}
    data.update({f"topic-{voting[0].pk}": "1", f"topic-{voting[1].pk}": "1", "save": "1"})
    assert client.post(board.vote_url, data).status_code == 302
    assert selectors.ballot_counts(board=board, user=registered_member) == (
        {voting[0].pk: 1, voting[1].pk: 1},
        2,
    )
    data[f"topic-{voting[0].pk}"] = "0"
    data[f"topic-{voting[2].pk}"] = "1"
    client.post(board.vote_url, data)
    assert selectors.ballot_counts(board=board, user=registered_member) == (
        {voting[1].pk: 1, voting[2].pk: 1},
        2,
    )
    client.post(board.vote_url, {"remove": voting[1].pk})
    assert selectors.ballot_counts(board=board, user=registered_member)[1] == 1
    set_phase(unconference, Phase.SCHEDULING)
    response = client.post(board.vote_url, {"add": voting[3].pk})
    assert response.status_code == 403
    assert selectors.ballot_counts(board=board, user=registered_member)[1] == 1


@pytest.mark.django_db
def test_over_budget_form_shows_an_error_and_keeps_votes(client, board, registered_member, voting):
    client.force_login(registered_member)
    data = {f"topic-{t.pk}": "1" for t in voting}  # 6 dots, budget 3
    response = client.post(board.vote_url, data)
    assert response.status_code == 400
    assert "You have 3 dots to spend" in response.content.decode()
    assert selectors.ballot_counts(board=board, user=registered_member) == ({}, 0)


@pytest.mark.django_db
def test_topics_listed_in_a_stable_random_order_per_member(
    client, board, registered_member, other_member, voting
):
    def order(user):
        client.force_login(user)
        body = client.get(board.vote_url).content.decode()
        return sorted(voting, key=lambda t: body.index(f'id="topic-{t.pk}"'))

    first = order(registered_member)
    assert order(registered_member) == first  # the same every visit
    orders = {tuple(t.pk for t in order(u)) for u in [registered_member, other_member]}
    more = [UserFactory() for _ in range(4)]
    for user in more:
        RegistrationFactory(unconference=board.unconference, user=user)
        orders.add(tuple(t.pk for t in order(user)))
    assert len(orders) > 1  # not everyone sees the same order


@pytest.mark.django_db
def test_totals_hidden_until_voting_closes(client, unconference, board, registered_member, voting):
    services.vote_add(topic=voting[0], voter=registered_member)
    client.force_login(registered_member)
    body = client.get(board.get_absolute_url()).content.decode()
    assert "Vote totals are hidden until voting closes" in body
    assert "1 dot" not in body
    set_phase(unconference, Phase.SCHEDULING)
    body = client.get(board.get_absolute_url()).content.decode()
    assert "1 dot" in body


@pytest.mark.django_db
def test_totals_shown_during_voting_when_setting_off(
    client, unconference, board, registered_member, voting
):
    unconference.hide_totals_until_voting_closes = False
    unconference.save()
    services.vote_add(topic=voting[0], voter=registered_member)
    client.force_login(registered_member)
    assert "1 dot" in client.get(board.get_absolute_url()).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_budget_holds_under_20_concurrent_requests(home_page):
    unconference = UnconferenceFactory(phase=Phase.VOTING, votes_per_member=3)
    board = board_for(unconference)
    voter = UserFactory()
    RegistrationFactory(unconference=unconference, user=voter)
    topics = [TopicFactory(board=board) for _ in range(20)]
    barrier = threading.Barrier(20)
    statuses = []

    def request(topic):
        client = Client()
        client.force_login(voter)
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(board.vote_url, {"add": topic.pk}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(t,)) for t in topics]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == 20
    ballot = Ballot.objects.get(board=board, voter=voter)
    dots = sum(Vote.objects.filter(ballot=ballot).values_list("count", flat=True))
    assert dots == ballot.used == 3
    assert statuses.count(302) == 3  # three succeeded, the rest were refused cleanly
    assert statuses.count(400) == 17


@pytest.mark.django_db
def test_each_press_is_saved_and_comes_back_to_its_topic_with_a_message(
    client, board, registered_member, voting
):
    """Issue 19 item 8: no "Save my votes" step; a press answers with the topic's anchor."""
    client.force_login(registered_member)
    html = client.get(board.vote_url).content.decode()
    assert "Save my votes" not in html and "<select" not in html
    assert "3 dots left" in html
    response = client.post(board.vote_url, {"add": voting[2].pk})
    assert response.status_code == 302
    assert response["Location"] == f"{board.vote_url}#topic-{voting[2].pk}"
    page = client.get(response["Location"]).content.decode()
    counter = page.split('id="vote-counter"')[1].split("</form>")[0]
    assert "You added a dot to “Topic 2”. 2 dots left." in counter
    assert "2 dots left" in counter
    assert f'id="topic-{voting[2].pk}"' in page
    response = client.post(board.vote_url, {"remove": voting[2].pk}, follow=True)
    assert "You took a dot off “Topic 2”. 3 dots left." in response.content.decode()
    assert selectors.ballot_counts(board=board, user=registered_member) == ({}, 0)


@pytest.mark.django_db
def test_removing_a_dot_that_is_not_there_says_so(client, board, registered_member, voting):
    client.force_login(registered_member)
    response = client.post(board.vote_url, {"remove": voting[0].pk})
    assert response.status_code == 400
    assert "You have no dots on this topic to take back." in response.content.decode()
    assert selectors.ballot_counts(board=board, user=registered_member) == ({}, 0)


@pytest.mark.django_db
def test_standing_board_press_comes_back_to_its_topic(client):
    series = MeetingSeriesFactory(title="Community of practice meeting")
    board = StandingBoardFactory(meeting_series=series, title="Monthly meeting topics")
    topic = TopicFactory(board=board, title="Paying participants")
    member = UserFactory()
    client.force_login(member)
    response = client.post(board.vote_url, {"add": topic.pk})
    assert response["Location"] == f"{board.vote_url}#topic-{topic.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "You added a dot to “Paying participants”. 2 dots left." in html
    assert selectors.ballot_counts(board=board, user=member) == ({topic.pk: 1}, 1)
