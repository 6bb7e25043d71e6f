"""Phase rules: who may propose and vote, when, and the page shown in each phase."""

import pytest
from django.urls import reverse

from events.unconferences import services
from events.unconferences.enums import Phase
from events.unconferences.models import Topic
from tests.factories.unconferences import TopicFactory

from .conftest import set_phase

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Who scores the tender?",
    "description": "Procurement.",
    "format": "discussion",
}


def test_registered_member_proposes_while_topics_open(client, board, registered_member):
    client.force_login(registered_member)
    response = client.post(board.propose_url, PROPOSAL)
    assert response.status_code == 302
    topic = Topic.objects.get(board=board)
    assert topic.title == "Who scores the tender?"
    assert topic.proposer == registered_member


@pytest.mark.parametrize("phase", [Phase.VOTING, Phase.SCHEDULING, Phase.PUBLISHED, Phase.CLOSED])
def test_proposing_outside_topics_open_is_refused(
    client, unconference, board, registered_member, phase
):
    set_phase(unconference, phase)
    client.force_login(registered_member)
    response = client.post(board.propose_url, PROPOSAL)
    assert response.status_code == 403
    assert "Topic proposals are closed" in response.content.decode()
    assert not Topic.objects.exists()
    with pytest.raises(services.Refused):
        services.topic_propose(board=board, proposer=registered_member, **PROPOSAL)


def test_unregistered_member_may_not_propose(client, board, unregistered):
    client.force_login(unregistered)
    response = client.post(board.propose_url, PROPOSAL)
    assert response.status_code == 403
    assert "Register for this unconference first" in response.content.decode()
    assert not Topic.objects.exists()


def test_pending_member_gets_the_participation_refusal(client, board, pending):
    client.force_login(pending)
    response = client.get(board.propose_url)
    assert response.status_code == 403
    assert "waiting for an organiser" in response.content.decode()
    response = client.post(board.propose_url, PROPOSAL)
    assert response.status_code == 403
    assert not Topic.objects.exists()


def test_anonymous_is_sent_to_log_in(client, board):
    response = client.get(board.propose_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("phase", [Phase.TOPICS_OPEN, Phase.SCHEDULING, Phase.CLOSED])
def test_voting_outside_voting_phase_is_refused(
    client, unconference, board, registered_member, phase
):
    topic = TopicFactory(board=board)
    set_phase(unconference, phase)
    client.force_login(registered_member)
    response = client.post(board.vote_url, {"add": topic.pk})
    assert response.status_code == 403
    assert "Voting is not open" in response.content.decode()
    assert not topic.votes.exists()


def test_voting_refused_for_unregistered_and_pending(
    client, unconference, board, unregistered, pending
):
    topic = TopicFactory(board=board)
    set_phase(unconference, Phase.VOTING)
    client.force_login(unregistered)
    assert (
        "Register for this unconference"
        in client.post(board.vote_url, {"add": topic.pk}).content.decode()
    )
    client.force_login(pending)
    response = client.post(board.vote_url, {"add": topic.pk})
    assert response.status_code == 403
    assert "waiting for an organiser" in response.content.decode()
    assert not topic.votes.exists()


@pytest.mark.parametrize(
    ("phase", "text"),
    [
        (Phase.TOPICS_OPEN, "Topic proposals are open"),
        (Phase.VOTING, "Voting is open. You have 3 dots"),
        (Phase.SCHEDULING, "Organisers are building the schedule"),
        (Phase.PUBLISHED, "The schedule is published"),
        (Phase.CLOSED, "This unconference has finished"),
    ],
)
def test_each_phase_explains_what_a_member_can_do(
    client, unconference, registered_member, phase, text
):
    set_phase(unconference, phase)
    client.force_login(registered_member)
    response = client.get(unconference.get_absolute_url())
    assert response.status_code == 200
    assert text in response.content.decode()


def test_edit_and_withdraw_own_topic_while_open(client, board, registered_member, other_member):
    topic = TopicFactory(board=board, proposer=registered_member)
    client.force_login(other_member)
    assert client.get(topic.edit_url).status_code == 404
    client.force_login(registered_member)
    response = client.post(topic.edit_url, {**PROPOSAL, "title": "Changed title"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Changed title"
    client.post(topic.withdraw_url)
    topic.refresh_from_db()
    assert topic.status == "withdrawn"


def test_proposal_form_shows_errors(client, board, registered_member):
    client.force_login(registered_member)
    response = client.post(board.propose_url, {"title": "", "description": "", "format": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_title"' in body
