"""The organiser console (issue 19, item 7): phase changes with a confirmation, rooms and time
slots edited as tables, bulk moderation over a filtered list, the scheduler's clashes named and
marked in the grid, moving a session by choosing a slot and room, and "Publish" unavailable
(with its reason) until it is allowed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.unconferences import scheduler, services
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import (
    Ballot,
    ScheduleRelease,
    Session,
    Slot,
    Space,
    Topic,
    Vote,
)
from tests.factories.unconferences import RegistrationFactory, TopicFactory, make_grid
from tests.factories.users import UserFactory

from .conftest import set_phase

pytestmark = pytest.mark.django_db


def url(name, uc, **kwargs):
    return reverse(f"unconferences:{name}", kwargs={"slug": uc.slug, **kwargs})


def give_dots(board, voter, topics):
    ballot, _ = Ballot.objects.get_or_create(
        board=board, voter=voter, defaults={"budget": 5, "used": 0}
    )
    for topic in topics:
        Vote.objects.create(ballot=ballot, topic=topic, count=1)
    ballot.used = sum(ballot.votes.values_list("count", flat=True))
    ballot.save()


# -- phase ----------------------------------------------------------------------------------


def test_console_offers_the_next_phase_and_confirms_before_changing_it(
    client, organiser, unconference, board, registered_member
):
    TopicFactory(board=board, title="Waiting topic")
    client.force_login(organiser)
    html = client.get(url("organise", unconference)).content.decode()
    assert "Move to “Voting open”" in html
    assert "change it in the admin" not in html

    response = client.post(url("organise_phase", unconference), {"phase": Phase.VOTING})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Move Unconference 2030 to “Voting open”?" in html
    assert "Members can no longer propose topics" in html
    assert "1 topic is still waiting for moderation" in html
    assert "No emails are sent" in html
    unconference.refresh_from_db()
    assert unconference.phase == Phase.TOPICS_OPEN

    response = client.post(
        url("organise_phase", unconference), {"phase": Phase.VOTING, "confirm": "yes"}
    )
    assert response.status_code == 302
    unconference.refresh_from_db()
    assert unconference.phase == Phase.VOTING
    assert unconference.voting_opens_at is not None
    assert mail.outbox == []
    html = client.get(url("organise", unconference)).content.decode()
    assert "The unconference is now in “Voting open”." in html
    assert "Move to “Scheduling”" in html and "Go back to “Topic proposals open”" in html


def test_published_phase_is_reached_only_by_publishing(client, organiser, unconference):
    set_phase(unconference, Phase.SCHEDULING)
    client.force_login(organiser)
    html = client.get(url("organise", unconference)).content.decode()
    assert "Move to “Schedule published”" not in html
    response = client.post(
        url("organise_phase", unconference), {"phase": Phase.PUBLISHED, "confirm": "yes"}
    )
    assert response.status_code == 302
    unconference.refresh_from_db()
    assert unconference.phase == Phase.SCHEDULING
    html = client.get(response["Location"]).content.decode()
    assert "cannot move to that phase" in html


# -- rooms and time slots -------------------------------------------------------------------


def grid_post(rooms=(), slots=(), **extra):
    data = {"rooms-rows": str(len(rooms)), "slots-rows": str(len(slots)), **extra}
    for i, row in enumerate(rooms):
        for key, value in row.items():
            data[f"rooms-{i}-{key}"] = value
    for i, row in enumerate(slots):
        for key, value in row.items():
            data[f"slots-{i}-{key}"] = value
    return data


def test_rooms_and_slots_are_added_in_the_tables(client, organiser, unconference):
    client.force_login(organiser)
    page = client.get(url("organise_grid", unconference)).content.decode()
    assert "<h2>Rooms</h2>" in page and "<h2>Time slots</h2>" in page
    assert 'name="rooms-0-name"' in page and 'name="slots-1-start"' in page
    response = client.post(
        url("organise_grid", unconference),
        grid_post(
            rooms=[{"name": "Main hall", "capacity": "80"}, {"name": "Library", "capacity": "12"}],
            slots=[
                {"start": "10:30", "end": "11:15", "label": "Round 1"},
                {"start": "11:30", "end": "12:15"},
            ],
        ),
    )
    assert response.status_code == 302
    assert list(
        Space.objects.filter(unconference=unconference).values_list("name", "capacity")
    ) == [
        ("Main hall", 80),
        ("Library", 12),
    ]
    slots = list(Slot.objects.filter(unconference=unconference))
    # 21 March 2030 is GMT: 10:30 UK time is 10:30 UTC.
    assert [s.starts_at for s in slots] == [
        dt.datetime(2030, 3, 21, 10, 30, tzinfo=dt.UTC),
        dt.datetime(2030, 3, 21, 11, 30, tzinfo=dt.UTC),
    ]
    assert slots[0].label == "Round 1"
    html = client.get(response["Location"]).content.decode()
    assert "4 added, 0 changed, 0 deleted" in html
    assert 'value="Main hall"' in html and 'value="10:30"' in html


def test_table_errors_name_the_row(client, organiser, unconference):
    client.force_login(organiser)
    response = client.post(
        url("organise_grid", unconference),
        grid_post(
            rooms=[{"name": "Main hall", "capacity": "80"}, {"name": "", "capacity": "10"}],
            slots=[{"start": "11:00", "end": "10:00"}, {"start": "11:00", "end": "11:45"}],
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Rooms, row 2: Enter a room name" in html
    assert "Time slots, row 1: The end time must be after the start time" in html
    assert "Time slots, row 2: Another slot (row 1) starts at 11:00" in html
    assert not Space.objects.exists() and not Slot.objects.exists()


def test_deleting_asks_first_and_refuses_to_orphan_a_session(
    client, organiser, unconference, board
):
    spaces, slots = make_grid(unconference, rooms=2, rounds=2)
    topic = TopicFactory(board=board, status=TopicStatus.ACCEPTED, title="Paying people")
    Session.objects.create(topic=topic, space=spaces[0], slot=slots[0])
    client.force_login(organiser)
    rooms = [{"id": str(s.pk), "name": s.name, "capacity": str(s.capacity)} for s in spaces]
    slot_rows = [
        {
            "id": str(s.pk),
            "start": s.starts_at.strftime("%H:%M"),
            "end": s.ends_at.strftime("%H:%M"),
        }
        for s in slots
    ]
    slot_rows[0]["DELETE"] = "on"  # holds "Paying people"
    response = client.post(url("organise_grid", unconference), grid_post(rooms, slot_rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Time slots, row 1: Time slot Round 1 has 1 session on the schedule: move it" in html
    assert Slot.objects.filter(pk=slots[0].pk).exists()

    slot_rows[0].pop("DELETE")
    rooms[1]["DELETE"] = "on"  # Room 2 is empty
    response = client.post(url("organise_grid", unconference), grid_post(rooms, slot_rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Delete 1 row?" in html and "room “Room 2”" in html
    assert Space.objects.filter(pk=spaces[1].pk).exists()
    response = client.post(
        url("organise_grid", unconference), grid_post(rooms, slot_rows, confirm="yes")
    )
    assert response.status_code == 302
    assert not Space.objects.filter(pk=spaces[1].pk).exists()
    assert Session.objects.filter(topic=topic).exists()


def test_a_room_or_slot_posted_twice_is_refused_not_a_server_error(client, organiser, unconference):
    spaces, slots = make_grid(unconference, rooms=1, rounds=1)
    client.force_login(organiser)
    (space,), (slot,) = spaces, slots
    room = {"id": str(space.pk), "name": space.name, "capacity": str(space.capacity)}
    times = {"start": slot.starts_at.strftime("%H:%M"), "end": slot.ends_at.strftime("%H:%M")}
    response = client.post(
        url("organise_grid", unconference),
        grid_post(
            [{**room, "DELETE": "on"}, {**room, "name": "Renamed"}],
            [{"id": str(slot.pk), **times, "DELETE": "on"}, {"id": str(slot.pk), **times}],
            confirm="yes",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rooms, row 2: This row repeats row 1: reload the page." in html
    assert "Time slots, row 2: This row repeats row 1: reload the page." in html
    space.refresh_from_db()
    assert space.name == "Room 1" and Slot.objects.filter(pk=slot.pk).exists()


def test_a_room_or_slot_deleted_by_someone_else_meanwhile_is_a_form_error(
    client, organiser, unconference, monkeypatch
):
    """Another organiser deletes a room and a slot after this form was checked and before it
    is saved: the save says so and asks for a reload (not a 500), and changes nothing."""
    spaces, slots = make_grid(unconference, rooms=2, rounds=2)
    client.force_login(organiser)
    rooms = [{"id": str(s.pk), "name": s.name, "capacity": str(s.capacity)} for s in spaces]
    rooms[0]["name"] = "Main hall"
    slot_rows = [
        {
            "id": str(s.pk),
            "start": s.starts_at.strftime("%H:%M"),
            "end": s.ends_at.strftime("%H:%M"),
        }
        for s in slots
    ]
    save = services.grid_save

    def deleted_elsewhere_then_saved(**kwargs):  # after the view checked the form
        Space.objects.filter(pk=spaces[1].pk).delete()
        Slot.objects.filter(pk=slots[1].pk).delete()
        return save(**kwargs)

    monkeypatch.setattr(services, "grid_save", deleted_elsewhere_then_saved)
    response = client.post(url("organise_grid", unconference), grid_post(rooms, slot_rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The room “Room 2” was deleted by someone else: reload the page." in html
    assert f"The time slot at {slot_rows[1]['start']} was deleted by someone else: reload" in html
    assert Space.objects.get(pk=spaces[0].pk).name == "Room 1"  # nothing saved


def test_grid_save_refuses_rows_whose_room_or_slot_is_gone(unconference):
    spaces, slots = make_grid(unconference, rooms=1, rounds=1)
    (space,), (slot,) = spaces, slots
    row = services.SpaceRow(name="Kept", capacity=10, pk=space.pk)
    slot_row = services.SlotRow(starts_at=slot.starts_at, ends_at=slot.ends_at, pk=slot.pk)
    space.delete()
    slot.delete()
    with pytest.raises(ValidationError) as refused:
        services.grid_save(unconference=unconference, spaces=[row], slots=[slot_row])
    assert refused.value.messages[0] == (
        "The room “Kept” was deleted by someone else: reload the page."
    )
    assert "was deleted by someone else" in refused.value.messages[1]
    assert not Space.objects.filter(unconference=unconference).exists()


def test_swapping_two_slot_times_in_the_table_works(client, organiser, unconference):
    _spaces, slots = make_grid(unconference, rooms=1, rounds=2)
    client.force_login(organiser)
    first, second = slots
    rows = [
        {"id": str(first.pk), "start": "11:30", "end": "12:15", "label": "A"},
        {"id": str(second.pk), "start": "10:30", "end": "11:15", "label": "B"},
    ]
    response = client.post(url("organise_grid", unconference), grid_post([], rows))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.starts_at.hour, second.starts_at.hour) == (11, 10)


# -- bulk moderation ------------------------------------------------------------------------


def test_topic_list_filters_by_status_and_search(client, organiser, board):
    TopicFactory(board=board, title="Paying participants", status=TopicStatus.ACCEPTED)
    TopicFactory(board=board, title="Data trusts")
    TopicFactory(board=board, title="Paying for data")
    client.force_login(organiser)
    html = client.get(board.organise_url, {"status": "proposed", "q": "paying"}).content.decode()
    assert "1 topic matches the filters" in html
    assert "Paying for data" in html
    assert '<th scope="row">Paying for data</th>' in html
    assert '<th scope="row">Paying participants</th>' not in html
    assert '<th scope="row">Data trusts</th>' not in html


def test_bulk_accept(client, organiser, board, django_capture_on_commit_callbacks):
    a = TopicFactory(board=board, title="One")
    b = TopicFactory(board=board, title="Two")
    already = TopicFactory(board=board, title="Three", status=TopicStatus.ACCEPTED)
    client.force_login(organiser)
    bulk = reverse("unconferences:topics_bulk", kwargs={"slug": board.unconference.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk, {"topics": [a.pk, b.pk, already.pk], "action": "accept"})
    assert response.status_code == 302
    assert set(
        Topic.objects.filter(status=TopicStatus.ACCEPTED).values_list("title", flat=True)
    ) == {
        "One",
        "Two",
        "Three",
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.proposer.email, b.proposer.email])
    html = client.get(response["Location"]).content.decode()
    assert "2 topics accepted." in html
    assert "Not changed: “Three” is already accepted." in html


def test_bulk_decline_asks_then_emails_each_proposer_once(
    client, organiser, board, registered_member, django_capture_on_commit_callbacks
):
    a = TopicFactory(board=board, title="Off topic one", proposer=registered_member)
    b = TopicFactory(board=board, title="Off topic two")
    give_dots(board, registered_member, [a])
    client.force_login(organiser)
    bulk = reverse("unconferences:topics_bulk", kwargs={"slug": board.unconference.slug})
    response = client.post(bulk, {"topics": [a.pk, b.pk], "action": "decline", "reason": ""})
    assert response.status_code == 400
    assert "Enter a reason for declining" in response.content.decode()

    data = {"topics": [a.pk, b.pk], "action": "decline", "reason": "Not about data or AI."}
    response = client.post(bulk, data)
    html = response.content.decode()
    assert "Decline 2 topics?" in html and "“Off topic one”, “Off topic two”" in html
    assert "2 proposers will each be emailed once." in html
    assert Topic.objects.filter(status=TopicStatus.DECLINED).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk, {**data, "confirm": "yes"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk, {**data, "confirm": "yes"})  # a second press changes nothing
    a.refresh_from_db()
    assert a.status == TopicStatus.DECLINED and a.decline_reason == "Not about data or AI."
    assert not Vote.objects.filter(topic=a).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.proposer.email, b.proposer.email])
    assert all("Not about data or AI." in m.body for m in mail.outbox)


def test_bulk_merge_carries_votes_and_proposers(
    client, organiser, board, django_capture_on_commit_callbacks
):
    target = TopicFactory(board=board, title="Paying participants")
    dup1 = TopicFactory(board=board, title="Should we pay people?")
    dup2 = TopicFactory(board=board, title="Payment for lived experience")
    voter = UserFactory()
    give_dots(board, voter, [dup1, dup2])
    client.force_login(organiser)
    bulk = reverse("unconferences:topics_bulk", kwargs={"slug": board.unconference.slug})
    response = client.post(bulk, {"topics": [dup1.pk, dup2.pk], "action": "merge"})
    assert response.status_code == 400
    assert "Select the topic to merge into" in response.content.decode()
    data = {"topics": [dup1.pk, dup2.pk], "action": "merge", "target": target.pk}
    assert "Merge 2 topics into “Paying participants”?" in client.post(bulk, data).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk, {**data, "confirm": "yes"})
    dup1.refresh_from_db()
    dup2.refresh_from_db()
    assert dup1.merged_into == target and dup2.merged_into == target
    assert dup1.status == dup2.status == TopicStatus.MERGED
    # The per-topic maximum is 1: the voter's two dots become one on the target.
    assert list(Vote.objects.filter(topic=target).values_list("count", flat=True)) == [1]
    assert set(target.co_facilitators.all()) == {dup1.proposer, dup2.proposer}
    assert len(mail.outbox) == 2


def test_bulk_with_nothing_selected_says_so(client, organiser, board):
    TopicFactory(board=board)
    client.force_login(organiser)
    bulk = reverse("unconferences:topics_bulk", kwargs={"slug": board.unconference.slug})
    response = client.post(bulk, {"action": "accept"})
    assert response.status_code == 400
    assert "Select at least one topic" in response.content.decode()


# -- clashes, moving, publishing ------------------------------------------------------------


def test_voter_clashes_are_named_with_their_shared_voters():
    data = scheduler.ScheduleInput(
        topics=(
            scheduler.TopicIn(id=1, voters=frozenset({10, 11, 12})),
            scheduler.TopicIn(id=2, voters=frozenset({10, 11})),
            scheduler.TopicIn(id=3, voters=frozenset({12})),
        ),
        spaces=(scheduler.SpaceIn(id=1, capacity=10), scheduler.SpaceIn(id=2, capacity=10)),
        slots=(scheduler.SlotIn(id=1), scheduler.SlotIn(id=2)),
    )
    placements = [
        scheduler.Placement(topic_id=1, space_id=1, slot_id=1),
        scheduler.Placement(topic_id=2, space_id=2, slot_id=1),
        scheduler.Placement(topic_id=3, space_id=1, slot_id=2),
    ]
    assert scheduler.voter_clashes(data, placements) == [
        scheduler.Clash(slot_id=1, topic_ids=(1, 2), shared_voters=2)
    ]
    assert scheduler.count_clashes(data, placements)[0] == 2


@pytest.fixture
def clashing(unconference, board):
    """Two accepted topics that two members both voted for, forced into one slot."""
    spaces, slots = make_grid(unconference, rooms=2, rounds=1)
    a = TopicFactory(board=board, status=TopicStatus.ACCEPTED, title="Data trusts")
    b = TopicFactory(board=board, status=TopicStatus.ACCEPTED, title="Citizens' juries")
    for _ in range(2):
        give_dots(board, UserFactory(), [a, b])
    set_phase(unconference, Phase.SCHEDULING)
    return unconference, spaces, slots, a, b


def test_scheduler_result_and_grid_name_the_clash(client, organiser, clashing):
    unconference, *_rest = clashing
    client.force_login(organiser)
    response = client.post(url("organise_schedule_run", unconference), follow=True)
    html = response.content.decode()
    assert "1 voter clash" in html
    assert "“Data trusts” and “Citizens&#x27; juries”: 2 members voted for both" in html
    assert html.count('class="unconf-cell--clash"') == 2
    assert html.count(">Clash</strong>") == 2
    assert "Clash with “Citizens&#x27; juries”: 2 shared voters" in html


def test_moving_a_session_to_another_slot_clears_the_clash(
    client, organiser, unconference, board, clashing
):
    _uc, spaces, slots, a, b = clashing
    later = Slot.objects.create(
        unconference=unconference,
        starts_at=slots[0].starts_at + dt.timedelta(hours=2),
        ends_at=slots[0].ends_at + dt.timedelta(hours=2),
    )
    now = unconference.starts_at - dt.timedelta(days=1)
    services.session_place(topic=a, space=spaces[0], slot=slots[0], now=now)
    services.session_place(topic=b, space=spaces[1], slot=slots[0], now=now)
    client.force_login(organiser)
    page = client.get(url("organise_session", unconference, topic_id=b.pk)).content.decode()
    assert '<select name="slot"' in page and '<select name="space"' in page
    response = client.post(
        url("organise_session", unconference, topic_id=b.pk),
        {"space": spaces[0].pk, "slot": later.pk},
    )
    assert response.status_code == 302
    assert Session.objects.get(topic=b).slot == later
    html = client.get(url("organise", unconference)).content.decode()
    assert "No voter clashes" in html and "unconf-cell--clash" not in html
    later_time = later.starts_at.strftime("%H:%M")  # GMT in March 2030: UK time is UTC
    assert f"is now in Room 1 at {later_time}." in html

    # Choosing the cell of another session swaps the two.
    response = client.post(
        url("organise_session", unconference, topic_id=a.pk),
        {"space": spaces[0].pk, "slot": later.pk},
        follow=True,
    )
    assert Session.objects.get(topic=a).slot == later
    assert Session.objects.get(topic=b).slot == slots[0]
    assert "swapped with “Citizens&#x27; juries”" in response.content.decode()


def test_publish_is_unavailable_with_its_reason_until_allowed(
    client, organiser, unconference, board, clashing
):
    _uc, spaces, slots, a, b = clashing
    publish = url("organise_publish", unconference)
    client.force_login(organiser)
    html = client.get(url("organise", unconference)).content.decode()
    assert "Publishing is not available yet:" in html
    assert "There are no sessions on the schedule yet" in html
    assert f'href="{publish}"' not in html and "disabled" in html

    now = unconference.starts_at - dt.timedelta(days=1)
    services.session_place(topic=a, space=spaces[0], slot=slots[0], now=now)
    html = client.get(url("organise", unconference)).content.decode()
    assert "1 accepted topic is not on the schedule (“Citizens&#x27; juries”)" in html
    response = client.post(publish, {"confirm": "yes"})
    assert response.status_code == 302 and not ScheduleRelease.objects.exists()

    services.session_place(topic=b, space=spaces[1], slot=slots[0], now=now)
    html = client.get(url("organise", unconference)).content.decode()
    assert "Publishing is not available yet:" not in html and f'href="{publish}"' in html
    confirm = client.get(publish).content.decode()
    assert "It keeps 1 voter clash, which you accept by publishing:" in confirm
    assert "2 members voted for both" in confirm
    RegistrationFactory(unconference=unconference)
    client.post(publish, {"confirm": "yes"})
    unconference.refresh_from_db()
    assert unconference.phase == Phase.PUBLISHED
    assert ScheduleRelease.objects.filter(unconference=unconference).count() == 1


def test_console_pages_refuse_members(client, registered_member, unconference, board):
    client.force_login(registered_member)
    for path in (
        url("organise_grid", unconference),
        board.organise_url,
    ):
        assert client.get(path).status_code == 403
    topic = TopicFactory(board=board)
    bulk = reverse("unconferences:topics_bulk", kwargs={"slug": unconference.slug})
    assert client.post(bulk, {"topics": [topic.pk], "action": "accept"}).status_code == 403
    assert (
        client.post(
            url("organise_phase", unconference), {"phase": Phase.VOTING, "confirm": "yes"}
        ).status_code
        == 403
    )
    topic.refresh_from_db()
    unconference.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED and unconference.phase == Phase.TOPICS_OPEN


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_console_and_topic_list_queries_do_not_grow_with_topics(
    client, organiser, unconference, board
):
    """Listing pages: the same number of queries for one clashing pair of sessions as for four
    (with their votes, sessions and named clashes)."""
    spaces, slots = make_grid(unconference, rooms=4, rounds=2)
    cells = [(sp, sl) for sl in slots for sp in spaces]
    client.force_login(organiser)

    def add_pair(n):
        a, b = (
            TopicFactory(board=board, status=TopicStatus.ACCEPTED, title=f"Topic {n}{x}")
            for x in "ab"
        )
        give_dots(board, UserFactory(), [a, b])
        for topic, (space, slot) in zip((a, b), cells[2 * n : 2 * n + 2], strict=True):
            Session.objects.create(topic=topic, space=space, slot=slot)

    add_pair(0)
    console, topic_list = url("organise", unconference), board.organise_url + "?q=Topic"
    _queries(client, console)  # the first visit makes the session and caches the site
    few = (_queries(client, console), _queries(client, topic_list))
    assert client.get(console).content.decode().count('class="unconf-cell--clash"') == 2
    for n in range(1, 4):
        add_pair(n)
    many = (_queries(client, console), _queries(client, topic_list))
    assert client.get(console).content.decode().count('class="unconf-cell--clash"') == 8
    assert many == few
