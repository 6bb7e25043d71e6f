"""Events' URLs in the permission matrix (tests/test_permission_matrix.py)."""

from events.models import CalendarFeedToken
from tests.factories.events import MeetingFactory
from tests.factories.users import UserFactory
from tests.permissions import LOGIN, Rule, object_factory

PUBLIC_URLS = [
    "events:meeting_list",
    "events:meeting_detail",
    "events:meeting_ics",
    "events:calendar_public",
]

ROLES = ("anonymous", "member", "pending", "organiser", "editor", "admin")


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def organisers_only(status: int) -> dict:
    return {
        "anonymous": LOGIN,
        "member": 403,
        "pending": 403,
        "organiser": status,
        "editor": 403,
        "admin": status,
    }


@object_factory
def events_meeting(objs):
    return MeetingFactory(capacity=5)


@object_factory
def events_feed_token(objs):
    """Another member's personal calendar-feed token (the secret is the only key)."""
    return CalendarFeedToken.objects.create(user=UserFactory())


def meeting_slug(objs) -> dict:
    return {"slug": objs.events_meeting().slug}


RULES = [
    # A personal feed is reachable by its secret token alone (calendar apps cannot sign in).
    Rule(
        "events:calendar_personal",
        kwargs=lambda objs: {"token": objs.events_feed_token().token},
        expect=everyone(200),
    ),
    Rule(
        "events:calendar_personal",
        kwargs=lambda objs: {"token": "not-a-real-token"},
        expect=everyone(404),
    ),
    # RSVP: anonymous is sent to log in; pending members are refused with a message (redirect
    # back to the page, nothing created).
    Rule(
        "events:register",
        method="post",
        kwargs=meeting_slug,
        data={"scope": "meeting"},
        expect={**everyone(302), "anonymous": LOGIN},
    ),
    Rule("events:register", kwargs=meeting_slug, expect=everyone(405)),
    Rule(
        "events:cancel_registration",
        method="post",
        kwargs=meeting_slug,
        data={"scope": "meeting"},
        expect={**everyone(302), "anonymous": LOGIN},
    ),
    Rule(
        "events:feed_token",
        method="post",
        data={"action": "create"},
        expect={**everyone(302), "anonymous": LOGIN},
    ),
    Rule("events:organise", expect=organisers_only(200)),
    Rule("events:organise_meeting", kwargs=meeting_slug, expect=organisers_only(200)),
    Rule("events:attendees_csv", kwargs=meeting_slug, expect=organisers_only(200)),
    Rule(
        "events:attendance",
        method="post",
        kwargs=meeting_slug,
        data={"attended": []},
        expect=organisers_only(302),
    ),
    Rule(
        "events:message_attendees",
        method="post",
        kwargs=meeting_slug,
        # A post that did not come from the preview form shows the preview, sends nothing.
        data={"subject": "Room change", "body": "We are in room 2."},
        expect=organisers_only(200),
    ),
    # The message's preview and the test to oneself (issue 19 item 6): organisers only.
    Rule(
        "events:message_attendees",
        method="post",
        kwargs=meeting_slug,
        data={"subject": "Room change", "body": "We are in room 2.", "action": "preview"},
        expect=organisers_only(200),
    ),
    Rule(
        "events:message_attendees",
        method="post",
        kwargs=meeting_slug,
        data={"subject": "Room change", "body": "We are in room 2.", "action": "test"},
        expect=organisers_only(200),
    ),
    Rule(
        "events:move",
        method="post",
        kwargs=meeting_slug,
        data={"date": "2000-01-01", "start_time": "14:00", "end_time": "15:00"},
        expect=organisers_only(400),
    ),
    Rule(
        "events:cancel",
        method="post",
        kwargs=meeting_slug,
        data={"confirm": "yes"},
        expect=organisers_only(302),
    ),
    # Without confirm=yes (and on GET) the organiser sees the confirmation page.
    Rule("events:cancel", method="post", kwargs=meeting_slug, expect=organisers_only(200)),
    Rule("events:cancel", kwargs=meeting_slug, expect=organisers_only(200)),
]
