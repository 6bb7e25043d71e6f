"""Organiser moderation: accept, decline with a reason, merge, hide; e-mails to proposers."""

import pytest
from django.core import mail

from events.unconferences import services
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import Ballot, Vote
from tests.factories.unconferences import RegistrationFactory, TopicFactory
from tests.factories.users import UserFactory

from .conftest import set_phase

pytestmark = pytest.mark.django_db


def dots(topic) -> dict[int, int]:
    return {
        v.ballot.voter_id: v.count
        for v in Vote.objects.filter(topic=topic).select_related("ballot")
    }


def test_accept_and_decline_email_the_proposer(
    client, board, organiser, registered_member, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board, proposer=registered_member, title="AI in schools")
    other = TopicFactory(board=board, title="Spam")
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(topic.moderate_url, {"action": "accept"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == TopicStatus.ACCEPTED
    assert mail.outbox[-1].to == [registered_member.email]
    assert "accepted" in mail.outbox[-1].subject
    assert "List-Unsubscribe" in mail.outbox[-1].extra_headers

    # Declining needs a reason; the form shows an error without it.
    response = client.post(other.moderate_url, {"action": "decline", "reason": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            other.moderate_url,
            {"action": "decline", "reason": "Off topic for the day.", "confirm": "yes"},
        )
    other.refresh_from_db()
    assert other.status == TopicStatus.DECLINED
    assert "Off topic for the day." in mail.outbox[-1].body


def test_merge_carries_votes_without_double_counting_and_facilitators(
    board, unconference, organiser
):
    target_proposer, dup_proposer, helper = UserFactory(), UserFactory(), UserFactory()
    target = TopicFactory(board=board, proposer=target_proposer, title="Paying participants")
    duplicate = TopicFactory(board=board, proposer=dup_proposer, title="Should we pay people?")
    duplicate.co_facilitators.add(helper)
    both, only_dup, only_target = UserFactory(), UserFactory(), UserFactory()
    for user in (both, only_dup, only_target):
        RegistrationFactory(unconference=unconference, user=user)
    set_phase(unconference, Phase.VOTING)
    services.vote_add(topic=target, voter=both)
    services.vote_add(topic=duplicate, voter=both)
    services.vote_add(topic=duplicate, voter=only_dup)
    services.vote_add(topic=target, voter=only_target)

    services.topic_merge(duplicate=duplicate, target=target, organiser=organiser)

    duplicate.refresh_from_db()
    assert duplicate.status == TopicStatus.MERGED
    assert duplicate.merged_into == target
    # Three voters, one dot each: the member who voted for both is counted once.
    assert dots(target) == {both.pk: 1, only_dup.pk: 1, only_target.pk: 1}
    assert not Vote.objects.filter(topic=duplicate).exists()
    # Their spare dot comes back to them.
    assert Ballot.objects.get(board=board, voter=both).used == 1
    assert set(target.co_facilitators.all()) == {dup_proposer, helper}
    assert target.facilitator_ids() == {target_proposer.pk, dup_proposer.pk, helper.pk}


def test_hide_takes_a_topic_off_the_board(client, board, organiser, registered_member):
    topic = TopicFactory(board=board, proposer=registered_member, title="Abusive title")
    client.force_login(organiser)
    client.post(topic.moderate_url, {"action": "hide"})
    topic.refresh_from_db()
    assert topic.status == TopicStatus.HIDDEN
    client.logout()
    assert "Abusive title" not in client.get(board.get_absolute_url()).content.decode()


def test_withdrawn_topic_returns_its_dots(board, unconference, registered_member, other_member):
    topic = TopicFactory(board=board, proposer=registered_member)
    set_phase(unconference, Phase.VOTING)
    services.vote_add(topic=topic, voter=other_member)
    services.topic_withdraw(topic=topic, user=registered_member)
    assert Ballot.objects.get(board=board, voter=other_member).used == 0


def test_members_cannot_moderate(client, board, registered_member):
    topic = TopicFactory(board=board)
    client.force_login(registered_member)
    assert client.post(topic.moderate_url, {"action": "accept"}).status_code == 403
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED
