"""Publishing a schedule, declining and merging topics ask first (components/confirm.html)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from events.unconferences import services
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import ScheduleRelease, Vote
from tests.factories.unconferences import TopicFactory, make_grid

from .conftest import set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_once(unconference, board, registered_member):
    spaces, slots = make_grid(unconference, rooms=3, rounds=2)
    topic = TopicFactory(board=board, status=TopicStatus.ACCEPTED, title="Paying participants")
    set_phase(unconference, Phase.SCHEDULING)
    now = unconference.starts_at - dt.timedelta(days=1)
    session = services.session_place(topic=topic, space=spaces[0], slot=slots[0], now=now)
    services.schedule_publish(unconference=unconference, user=None)
    services.session_move(session=session, space=spaces[1], slot=slots[0], now=now)
    return unconference


def test_organise_page_links_to_the_publish_confirmation(client, organiser, published_once):
    client.force_login(organiser)
    html = client.get(
        reverse("unconferences:organise", kwargs={"slug": published_once.slug})
    ).content.decode()
    url = reverse("unconferences:organise_publish", kwargs={"slug": published_once.slug})
    assert f'href="{url}"' in html and f'action="{url}"' not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_publish_asks_first_and_changes_nothing(
    client, organiser, published_once, method, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    mail.outbox.clear()
    url = reverse("unconferences:organise_publish", kwargs={"slug": published_once.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Publish version 2 of the schedule for Unconference 2030?" in html
    assert "It has 1 change from version 1." in html
    assert "1 registered participant will be emailed." in html
    assert "Yes, publish the schedule" in html and "No, go back" in html
    assert ScheduleRelease.objects.filter(unconference=published_once).count() == 1
    assert mail.outbox == []


def test_confirmed_publish_happens_once(
    client, organiser, published_once, registered_member, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    mail.outbox.clear()
    url = reverse("unconferences:organise_publish", kwargs={"slug": published_once.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "yes"})
    assert ScheduleRelease.objects.filter(unconference=published_once).count() == 2
    assert [m.to for m in mail.outbox] == [[registered_member.email]]
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"confirm": "yes"}, follow=True)
    assert ScheduleRelease.objects.filter(unconference=published_once).count() == 2
    assert len(mail.outbox) == 1
    assert "Nothing has changed since version 2 was published" in again.content.decode()


def test_publish_before_voting_closed_is_refused_before_asking(client, organiser, unconference):
    client.force_login(organiser)
    url = reverse("unconferences:organise_publish", kwargs={"slug": unconference.slug})
    response = client.get(url, follow=True)
    assert "Publish the schedule after voting has closed." in response.content.decode()
    assert not ScheduleRelease.objects.filter(unconference=unconference).exists()


def test_decline_asks_first_then_declines_once(
    client,
    organiser,
    board,
    registered_member,
    other_member,
    unconference,
    django_capture_on_commit_callbacks,
):
    topic = TopicFactory(board=board, proposer=registered_member, title="AI in schools")
    set_phase(unconference, Phase.VOTING)
    services.votes_save(board=board, voter=other_member, counts={topic.pk: 1})
    client.force_login(organiser)
    mail.outbox.clear()
    data = {"action": "decline", "reason": "Covered last year."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(topic.moderate_url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Decline “AI in schools”?" in html
    assert "The proposer, Mira Member, will be emailed." in html
    assert "“Covered last year.”" in html
    assert "The 1 dot on it goes back to the member who gave it." in html
    assert 'name="reason" value="Covered last year."' in html
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED and mail.outbox == []
    assert Vote.objects.filter(topic=topic).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(topic.moderate_url, {**data, "confirm": "yes"})
    topic.refresh_from_db()
    assert topic.status == TopicStatus.DECLINED
    assert [m.to for m in mail.outbox] == [[registered_member.email]]


def test_merge_asks_first_then_merges(
    client, organiser, board, registered_member, django_capture_on_commit_callbacks
):
    target = TopicFactory(board=board, title="Paying participants")
    duplicate = TopicFactory(board=board, proposer=registered_member, title="Should we pay people?")
    client.force_login(organiser)
    mail.outbox.clear()
    data = {"action": "merge", "target": target.pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(duplicate.moderate_url, data)
    html = response.content.decode()
    assert "Merge “Should we pay people?” into “Paying participants”?" in html
    assert "The proposer, Mira Member, will be emailed." in html
    assert "Yes, merge the topics" in html
    duplicate.refresh_from_db()
    assert duplicate.status == TopicStatus.PROPOSED and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(duplicate.moderate_url, {**data, "confirm": "yes"})
    duplicate.refresh_from_db()
    assert duplicate.status == TopicStatus.MERGED and duplicate.merged_into == target
    assert [m.to for m in mail.outbox] == [[registered_member.email]]


def test_organise_page_offers_no_publish_button_that_can_only_fail(client, organiser, unconference):
    client.force_login(organiser)
    organise = reverse("unconferences:organise", kwargs={"slug": unconference.slug})
    publish = reverse("unconferences:organise_publish", kwargs={"slug": unconference.slug})
    html = client.get(organise).content.decode()
    assert f'href="{publish}"' not in html
    assert "Publish the schedule after voting has closed." in html
    set_phase(unconference, Phase.SCHEDULING)
    services.schedule_publish(unconference=unconference, user=None)
    html = client.get(organise).content.decode()
    assert f'href="{publish}"' not in html
    assert "Nothing has changed since version 1 was published" in html
