"""Unconference URLs in the permission matrix (tests/test_permission_matrix.py).

Role users are not registered for the unconferences made here, so unconference proposing and
voting are refused (403) even for approved members; the standing board (any approved member)
shows the 200s. Topics and sessions belong to another member (forged IDs -> 404 or 403)."""

from tests.permissions import LOGIN, Rule, object_factory

PUBLIC_URLS = [
    "unconferences:list",
    "unconferences:detail",
    "unconferences:topics",
    "unconferences:schedule",
    "unconferences:changes",
    "unconferences:schedule_ics",
    "unconferences:session",
    "unconferences:session_notes_history",
    "unconferences:board_topics",
]

ORGANISERS_ONLY = {
    "anonymous": LOGIN,
    "member": 403,
    "pending": 403,
    "organiser": 200,
    "editor": 403,
    "admin": 200,
}


def organisers(status: int) -> dict:
    return {**ORGANISERS_ONLY, "organiser": status, "admin": status}


def signed_in(status: int, **overrides) -> dict:
    roles = ("member", "pending", "organiser", "editor", "admin")
    return {"anonymous": LOGIN, **dict.fromkeys(roles, status), **overrides}


@object_factory
def unconf_open(objs):
    from tests.factories.unconferences import UnconferenceFactory

    return UnconferenceFactory(slug="matrix-open", phase="topics_open")


@object_factory
def unconf_voting(objs):
    from tests.factories.unconferences import UnconferenceFactory

    return UnconferenceFactory(slug="matrix-voting", phase="voting")


@object_factory
def unconf_topic(objs):
    from tests.factories.unconferences import TopicFactory, board_for

    return TopicFactory(board=board_for(objs.unconf_open()))


@object_factory
def unconf_session(objs):
    from events.unconferences.models import Session
    from tests.factories.unconferences import TopicFactory, board_for, make_grid

    unconference = objs.unconf_open()
    spaces, slots = make_grid(unconference, rooms=1, rounds=1)
    topic = TopicFactory(board=board_for(unconference), status="accepted")
    return Session.objects.create(topic=topic, space=spaces[0], slot=slots[0])


@object_factory
def unconf_board(objs):
    from tests.factories.events import MeetingSeriesFactory
    from tests.factories.unconferences import StandingBoardFactory

    return StandingBoardFactory(slug="matrix-board", meeting_series=MeetingSeriesFactory())


@object_factory
def unconf_board_topic(objs):
    from tests.factories.unconferences import TopicFactory

    return TopicFactory(board=objs.unconf_board())


def open_slug(objs):
    return {"slug": objs.unconf_open().slug}


def topic_kwargs(objs):
    return {"slug": objs.unconf_open().slug, "pk": objs.unconf_topic().pk}


def session_kwargs(objs):
    session = objs.unconf_session()
    return {"slug": session.slot.unconference.slug, "topic_id": session.topic_id}


def board_slug(objs):
    return {"slug": objs.unconf_board().slug}


def board_topic_kwargs(objs):
    return {"slug": objs.unconf_board().slug, "pk": objs.unconf_board_topic().pk}


RULES = [
    Rule("unconferences:register", kwargs=open_slug, expect=signed_in(200, pending=403)),
    Rule("unconferences:topic_propose", kwargs=open_slug, expect=signed_in(403)),
    Rule("unconferences:topic_edit", kwargs=topic_kwargs, expect=signed_in(404)),
    Rule("unconferences:topic_withdraw", kwargs=topic_kwargs, method="post", expect=signed_in(404)),
    Rule("unconferences:topics_organise", kwargs=open_slug, expect=ORGANISERS_ONLY),
    Rule("unconferences:topic_moderate", kwargs=topic_kwargs, expect=ORGANISERS_ONLY),
    Rule(
        "unconferences:topic_moderate",
        kwargs=topic_kwargs,
        method="post",
        data={"action": "nothing"},
        expect=organisers(400),
    ),
    Rule(
        "unconferences:vote",
        kwargs=lambda objs: {"slug": objs.unconf_voting().slug},
        expect=signed_in(403),
    ),
    Rule("unconferences:my_sessions_ics", kwargs=open_slug, expect=signed_in(200)),
    Rule(
        "unconferences:session_notes",
        kwargs=session_kwargs,
        method="post",
        data={"body": "x"},
        expect=signed_in(403),
    ),
    Rule(
        "unconferences:session_case_study",
        kwargs=session_kwargs,
        method="post",
        expect=signed_in(403, editor=302, admin=302),
    ),
    Rule("unconferences:organise", kwargs=open_slug, expect=ORGANISERS_ONLY),
    # The organiser console (issue 19, item 7): a phase change shows its confirmation (200),
    # the rooms and slots tables, and bulk moderation with nothing selected (400).
    Rule(
        "unconferences:organise_phase",
        kwargs=open_slug,
        method="post",
        data={"phase": "voting"},
        expect=organisers(200),
    ),
    Rule("unconferences:organise_grid", kwargs=open_slug, expect=ORGANISERS_ONLY),
    Rule(
        "unconferences:organise_grid",
        kwargs=open_slug,
        method="post",
        data={"rooms-rows": "1", "rooms-0-name": "", "rooms-0-capacity": "x"},
        expect=organisers(400),
    ),
    Rule(
        "unconferences:topics_bulk",
        kwargs=open_slug,
        method="post",
        data={"action": "accept"},
        expect=organisers(400),
    ),
    Rule(
        "unconferences:board_topics_bulk",
        kwargs=board_slug,
        method="post",
        data={"action": "accept"},
        expect=organisers(400),
    ),
    Rule(
        "unconferences:organise_schedule_run",
        kwargs=open_slug,
        method="post",
        expect=organisers(302),
    ),
    Rule("unconferences:organise_publish", kwargs=open_slug, method="post", expect=organisers(302)),
    Rule("unconferences:organise_place", kwargs=open_slug, method="post", expect=organisers(400)),
    Rule("unconferences:organise_session", kwargs=session_kwargs, expect=ORGANISERS_ONLY),
    Rule("unconferences:organise_registrations", kwargs=open_slug, expect=ORGANISERS_ONLY),
    Rule("unconferences:organise_registrations_csv", kwargs=open_slug, expect=ORGANISERS_ONLY),
    Rule(
        "unconferences:board_topic_propose", kwargs=board_slug, expect=signed_in(200, pending=403)
    ),
    Rule("unconferences:board_topic_edit", kwargs=board_topic_kwargs, expect=signed_in(404)),
    Rule(
        "unconferences:board_topic_withdraw",
        kwargs=board_topic_kwargs,
        method="post",
        expect=signed_in(404),
    ),
    Rule("unconferences:board_vote", kwargs=board_slug, expect=signed_in(200, pending=403)),
    Rule("unconferences:board_topics_organise", kwargs=board_slug, expect=ORGANISERS_ONLY),
    Rule("unconferences:board_topic_moderate", kwargs=board_topic_kwargs, expect=ORGANISERS_ONLY),
]
