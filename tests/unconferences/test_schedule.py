"""Sessions in the database: constraints, scheduler runs around locked and frozen sessions, moves
and swaps, versioned releases with change logs, notifications, the grid and the ICS files."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from events.unconferences import services
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import ReleaseNotification, Session, SessionFacilitator
from tests.factories.unconferences import TopicFactory, make_grid
from tests.factories.users import UserFactory

from .conftest import set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(unconference):
    return make_grid(unconference, rooms=3, rounds=3)


def accepted(board, n, **kwargs):
    return [
        TopicFactory(board=board, status=TopicStatus.ACCEPTED, title=f"Session {i}", **kwargs)
        for i in range(n)
    ]


def before(unconference):
    return unconference.starts_at - dt.timedelta(days=1)


def test_database_constraints_on_sessions(board, grid):
    spaces, slots = grid
    a, b = accepted(board, 2)
    Session.objects.create(topic=a, space=spaces[0], slot=slots[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(topic=b, space=spaces[0], slot=slots[0])  # same cell
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(topic=a, space=spaces[1], slot=slots[1])  # topic twice
    s1 = Session.objects.get(topic=a)
    s2 = Session.objects.create(topic=b, space=spaces[1], slot=slots[0])
    person = UserFactory()
    SessionFacilitator.objects.create(session=s1, slot=slots[0], user=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFacilitator.objects.create(session=s2, slot=slots[0], user=person)


def test_run_places_every_accepted_topic_without_facilitator_clashes(unconference, board, grid):
    shared = UserFactory()
    topics = accepted(board, 6)
    for topic in topics[:3]:
        topic.co_facilitators.add(shared)
    result = services.schedule_run(unconference=unconference, now=before(unconference))
    assert result.facilitator_clashes == 0
    sessions = Session.objects.filter(slot__unconference=unconference)
    assert sessions.count() == 6
    shared_slots = [s.slot_id for s in sessions if s.topic_id in {t.pk for t in topics[:3]}]
    assert len(set(shared_slots)) == 3
    assert SessionFacilitator.objects.filter(user=shared).count() == 3


def test_rerun_keeps_locked_and_frozen_sessions(unconference, board, grid):
    spaces, slots = grid
    topics = accepted(board, 5)
    services.schedule_run(unconference=unconference, now=before(unconference))
    locked = Session.objects.get(topic=topics[0])
    services.session_move(session=locked, space=spaces[2], slot=slots[2], now=before(unconference))
    locked = Session.objects.get(topic=topics[0])
    services.session_set_locked(session=locked, locked=True)
    # Ten minutes before the first round: its sessions are frozen.
    now = slots[0].starts_at - dt.timedelta(minutes=10)
    frozen = {(s.topic_id, s.space_id) for s in Session.objects.filter(slot=slots[0])}
    accepted(board, 1)
    services.schedule_run(unconference=unconference, now=now)
    locked_after = Session.objects.get(topic=topics[0])
    assert (locked_after.space_id, locked_after.slot_id) == (spaces[2].pk, slots[2].pk)
    assert {(s.topic_id, s.space_id) for s in Session.objects.filter(slot=slots[0])} == frozen
    with pytest.raises(Exception, match="frozen"):
        services.session_move(
            session=Session.objects.filter(slot=slots[0]).first(),
            space=spaces[0],
            slot=slots[1],
            now=now,
        )


def test_move_into_an_occupied_cell_swaps_and_checks_facilitators(unconference, board, grid):
    spaces, slots = grid
    a, b, c = accepted(board, 3)
    sa = services.session_place(topic=a, space=spaces[0], slot=slots[0], now=before(unconference))
    services.session_place(topic=b, space=spaces[1], slot=slots[1], now=before(unconference))
    services.session_move(session=sa, space=spaces[1], slot=slots[1], now=before(unconference))
    assert (Session.objects.get(topic=a).space, Session.objects.get(topic=a).slot) == (
        spaces[1],
        slots[1],
    )
    assert (Session.objects.get(topic=b).space, Session.objects.get(topic=b).slot) == (
        spaces[0],
        slots[0],
    )
    # c shares a facilitator with b (in slot 0): it cannot be placed in slot 0.
    c.co_facilitators.add(b.proposer)
    with pytest.raises(Exception, match="already facilitating"):
        services.session_place(topic=c, space=spaces[2], slot=slots[0], now=before(unconference))


def test_publish_versions_with_change_log_and_notifications(
    unconference, board, grid, registered_member, django_capture_on_commit_callbacks
):
    spaces, slots = grid
    a, b = accepted(board, 2)
    set_phase(unconference, Phase.SCHEDULING)
    sa = services.session_place(topic=a, space=spaces[0], slot=slots[0], now=before(unconference))
    services.session_place(topic=b, space=spaces[1], slot=slots[0], now=before(unconference))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.schedule_publish(unconference=unconference, user=None)
    assert first.number == 1
    unconference.refresh_from_db()
    assert unconference.phase == Phase.PUBLISHED
    # The first version is announced (tests/unconferences/test_emails.py), not as a change
    (announcement,) = mail.outbox
    assert "The schedule is published" in announcement.subject
    mail.outbox.clear()
    services.session_move(session=sa, space=spaces[2], slot=slots[0], now=before(unconference))
    with django_capture_on_commit_callbacks(execute=True):
        second = services.schedule_publish(unconference=unconference, user=None)
    assert second.number == 2
    assert second.changes == [f"Session “{a.title}” moved to {spaces[2].name}."]
    assert [m.to for m in mail.outbox] == [[registered_member.email]]
    assert f"moved to {spaces[2].name}" in mail.outbox[0].body
    # The task is idempotent: running it again sends nothing more.
    from events.unconferences.tasks import notify_schedule_change

    assert notify_schedule_change(release_id=second.pk) == 0
    assert len(mail.outbox) == 1
    assert ReleaseNotification.objects.filter(release=second).count() == 1


def published(unconference, board, n):
    make_grid(unconference, rooms=5, rounds=4)
    accepted(board, n)
    set_phase(unconference, Phase.SCHEDULING)
    services.schedule_run(unconference=unconference, now=before(unconference))
    return services.schedule_publish(unconference=unconference, user=None)


def grid_queries(client, unconference) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/unconferences/{unconference.slug}/schedule/")
    assert response.status_code == 200
    return len(queries)


def test_grid_queries_are_constant_and_table_is_accessible(client, unconference, board):
    published(unconference, board, 2)
    grid_queries(client, unconference)  # warm per-process caches (site settings, navigation)
    few = grid_queries(client, unconference)
    accepted(board, 15)
    services.schedule_run(unconference=unconference, now=before(unconference))
    services.schedule_publish(unconference=unconference, user=None)
    assert Session.objects.count() == 17
    assert grid_queries(client, unconference) == few

    from html.parser import HTMLParser

    class Table(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.caption, self.col_headers, self.row_headers = [], "", [], 0
            self.in_caption = False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.stack.append(tag)
            if tag == "caption":
                self.in_caption = True
            if tag == "th" and "thead" in self.stack:
                self.col_headers.append(attrs.get("scope"))
            if tag == "th" and "tbody" in self.stack:
                assert attrs.get("scope") == "row"
                self.row_headers += 1

        def handle_endtag(self, tag):
            if tag == "caption":
                self.in_caption = False
            while self.stack and self.stack.pop() != tag:
                pass

        def handle_data(self, data):
            if self.in_caption:
                self.caption += data

    body = client.get(f"/unconferences/{unconference.slug}/schedule/").content.decode()
    table = Table()
    table.feed(body[body.index("<table") : body.index("</table>") + 8])
    assert "rooms across, times down" in table.caption
    assert table.col_headers == ["col"] * 5
    assert table.row_headers == 4
    assert "Sessions as a list" in body


def test_ics_whole_schedule_and_my_sessions(client, unconference, board, registered_member):
    published(unconference, board, 3)
    response = client.get(f"/unconferences/{unconference.slug}/schedule.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert "TZID=Europe/London" in response.content.decode()
    topic = Session.objects.first().topic
    topic.co_facilitators.add(registered_member)
    services.schedule_run(unconference=unconference, now=before(unconference))
    client.force_login(registered_member)
    mine = Calendar.from_ical(
        client.get(f"/unconferences/{unconference.slug}/my-sessions.ics").content
    )
    assert [str(e["SUMMARY"]) for e in mine.walk("VEVENT")] == [topic.title]


def test_session_page_and_organiser_pages(
    client, unconference, board, organiser, registered_member
):
    published(unconference, board, 2)
    session = Session.objects.select_related("topic").first()
    response = client.get(session.get_absolute_url())
    assert session.topic.title in response.content.decode()
    assert "Notes open when the session starts" not in response.content.decode()  # anonymous
    client.force_login(registered_member)
    assert client.get(f"/unconferences/{unconference.slug}/organise/").status_code == 403
    client.force_login(organiser)
    page = client.get(f"/unconferences/{unconference.slug}/organise/").content.decode()
    assert "Working schedule" in page
    response = client.post(f"/unconferences/{unconference.slug}/organise/run/")
    assert response.status_code == 302
