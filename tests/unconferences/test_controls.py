"""Controls that can only fail are not offered (issue 16, point 10), and the server refuses them
with a clear message: dots past the per-topic maximum or the budget, votes on topics taken up by
a meeting, withdrawing a scheduled topic, moderating a merged topic."""

import datetime as dt

import pytest
from django.core import mail

from events.unconferences import selectors, services
from events.unconferences.enums import Phase, TopicStatus
from tests.factories.events import MeetingFactory, MeetingSeriesFactory
from tests.factories.unconferences import StandingBoardFactory, TopicFactory, make_grid
from tests.factories.users import UserFactory

from .conftest import set_phase

pytestmark = pytest.mark.django_db


def add_button(topic) -> str:
    return f'name="add" value="{topic.pk}"'


@pytest.fixture
def voting(unconference, board):
    set_phase(unconference, Phase.VOTING)
    return [TopicFactory(board=board, title=f"Topic {i}") for i in range(4)]


def test_no_add_button_on_a_topic_at_its_maximum(client, board, registered_member, voting):
    services.vote_add(topic=voting[0], voter=registered_member)  # max 1 per topic
    client.force_login(registered_member)
    html = client.get(board.vote_url).content.decode()
    assert add_button(voting[0]) not in html
    assert add_button(voting[1]) in html
    assert "This topic has the most you can give it (1 dot)." in html
    assert "dot(s)" not in html


def test_no_add_buttons_when_no_dots_are_left(client, board, registered_member, voting):
    for topic in voting[:3]:  # budget 3
        services.vote_add(topic=topic, voter=registered_member)
    client.force_login(registered_member)
    html = client.get(board.vote_url).content.decode()
    assert add_button(voting[3]) not in html
    assert "You have no dots left. Remove one from another topic to add it here." in html
    # The only controls offered are ones that can be saved: one "Remove a dot" per topic with a
    # dot, nothing for the topic without one (no select of numbers to save later).
    assert "<select" not in html
    assert f'name="remove" value="{voting[0].pk}"' in html
    assert f'name="remove" value="{voting[3].pk}"' not in html


def test_adding_past_the_maximum_is_refused_with_a_plural_message(
    client, board, registered_member, voting
):
    services.vote_add(topic=voting[0], voter=registered_member)
    client.force_login(registered_member)
    response = client.post(board.vote_url, {"add": voting[0].pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert "You can put at most 1 dot on one topic." in html
    assert "(s)" not in html


def test_per_topic_maximum_message_uses_the_plural(unconference, board, registered_member, voting):
    unconference.max_votes_per_topic = 2
    unconference.save(update_fields=["max_votes_per_topic"])
    with pytest.raises(Exception, match="at most 2 dots on one topic"):
        services.votes_save(board=board, voter=registered_member, counts={voting[0].pk: 3})


@pytest.fixture
def standing():
    series = MeetingSeriesFactory(title="Community of practice meeting")
    board = StandingBoardFactory(meeting_series=series, title=series.title)
    meeting = MeetingFactory(series=series, title="June meeting")
    return board, meeting


def test_topic_taken_up_by_a_meeting_leaves_the_ballot(client, standing):
    board, meeting = standing
    member = UserFactory()
    taken, open_topic = TopicFactory(board=board, title="Taken"), TopicFactory(board=board)
    services.vote_add(topic=taken, voter=member)
    services.topic_take_up(topic=taken, meeting=meeting, organiser=None)
    assert list(selectors.votable_topics(board=board)) == [open_topic]
    client.force_login(member)
    html = client.get(board.vote_url).content.decode()
    assert add_button(taken) not in html and add_button(open_topic) in html
    # The member's dot on it can be taken back, and nothing else can be done with it.
    assert "Taken up by June meeting." in html
    assert f'name="remove" value="{taken.pk}"' in html
    assert f'name="topic-{taken.pk}"' not in html
    response = client.post(board.vote_url, {"add": taken.pk})
    assert "This topic has been taken up by a meeting" in response.content.decode()
    client.post(board.vote_url, {"remove": taken.pk})
    assert selectors.ballot_counts(board=board, user=member) == ({}, 0)


def test_scheduled_topic_offers_no_withdraw_button(client, unconference, board, registered_member):
    spaces, slots = make_grid(unconference, rooms=1, rounds=1)
    topic = TopicFactory(board=board, proposer=registered_member, status=TopicStatus.ACCEPTED)
    set_phase(unconference, Phase.SCHEDULING)
    services.session_place(
        topic=topic, space=spaces[0], slot=slots[0], now=unconference.starts_at - dt.timedelta(1)
    )
    client.force_login(registered_member)
    html = client.get(board.get_absolute_url()).content.decode()
    assert f'action="{topic.withdraw_url}"' not in html
    assert "This topic is on the schedule. To withdraw it, ask an organiser" in html


def test_merged_topic_offers_no_moderation_and_refuses_it(client, board, organiser):
    target = TopicFactory(board=board, title="Target")
    duplicate = TopicFactory(board=board)
    services.topic_merge(duplicate=duplicate, target=target, organiser=organiser)
    client.force_login(organiser)
    mail.outbox.clear()
    html = client.get(duplicate.moderate_url).content.decode()
    assert 'value="decline"' not in html and 'value="accept"' not in html
    assert "This topic was merged into “Target”, so it can no longer be moderated." in html
    response = client.post(duplicate.moderate_url, {"action": "accept"})
    assert response.status_code == 400
    assert "A merged or withdrawn topic cannot be moderated." in response.content.decode()
    assert mail.outbox == []


def test_declining_a_declined_topic_again_sends_nothing(client, board, organiser):
    topic = TopicFactory(board=board, status=TopicStatus.DECLINED, decline_reason="Off topic")
    client.force_login(organiser)
    mail.outbox.clear()
    html = client.get(topic.moderate_url).content.decode()
    assert 'value="decline"' not in html
    response = client.post(
        topic.moderate_url, {"action": "decline", "reason": "Again", "confirm": "yes"}
    )
    assert "This topic is already declined: nothing changed." in response.content.decode()
    assert mail.outbox == []


def test_editing_a_moderated_topic_says_why_instead_of_showing_the_form(
    client, board, registered_member
):
    topic = TopicFactory(board=board, proposer=registered_member, status=TopicStatus.ACCEPTED)
    client.force_login(registered_member)
    response = client.get(topic.edit_url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "This topic has been moderated and can no longer be changed." in html
    assert 'name="title"' not in html


def test_editing_when_proposals_are_closed_says_why(client, unconference, board, registered_member):
    topic = TopicFactory(board=board, proposer=registered_member)
    set_phase(unconference, Phase.VOTING)
    client.force_login(registered_member)
    response = client.get(topic.edit_url)
    assert response.status_code == 403
    assert "Topic proposals are closed" in response.content.decode()


def test_cancelling_an_unconference_registration_you_do_not_have(client, unconference):
    from django.urls import reverse

    client.force_login(UserFactory())
    url = reverse("unconferences:register", kwargs={"slug": unconference.slug})
    html = client.post(url, {"cancel": "1"}, follow=True).content.decode()
    assert "You were not registered for this unconference, so nothing changed." in html
    assert "Your registration was cancelled." not in html
