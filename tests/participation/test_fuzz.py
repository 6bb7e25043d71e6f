"""Bad input never gives a 500: hypothesis posts random and hostile values to forms and query
parameters, as each role, and accepts only 2xx/3xx/4xx answers.

Table-driven: to cover another endpoint, append an ``Endpoint`` to ``ENDPOINTS``. ``url`` may
contain ``{placeholders}`` filled from the ``fuzz_objects`` fixture (add objects there).
``unchanged`` names a snapshot function that must give the same value before and after each
request for the roles in ``unchanged_for`` (no data changed where permission is missing).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import User
from tests.factories.participation import update_page, updates_index
from tests.factories.users import UserFactory


def user_count(objs=None) -> int:
    return User.objects.count()


def meeting_state(objs) -> tuple:
    from events.models import Meeting

    meeting = Meeting.objects.get(pk=objs["meeting"].pk)
    return (meeting.starts_at, meeting.ends_at, meeting.status, meeting.sequence, len(mail.outbox))


def event_registrations(objs) -> list:
    from events.models import Registration

    return sorted(Registration.objects.values_list("pk", "user_id", "status"))


def other_topic(objs) -> tuple:
    from events.unconferences.models import Topic

    topic = Topic.objects.get(pk=objs["topic"])
    return (topic.title, topic.description, topic.format, topic.status, topic.merged_into_id)


def unconference_state(objs) -> tuple:
    from events.unconferences.models import Registration, Session, Topic, Vote

    other = Registration.objects.get(pk=objs["other_registration"])
    return (
        Session.objects.count(),
        sorted(Session.objects.values_list("pk", "space_id", "slot_id", "locked")),
        Topic.objects.count(),
        Vote.objects.count(),
        (other.access_needs, other.dietary_needs, other.photo_consent),
    )


def notes_state(objs) -> tuple:
    from events.unconferences.models import NoteRevision, SessionNotes

    return (NoteRevision.objects.count(), list(SessionNotes.objects.values_list("body")))


def approvals_state(objs) -> tuple:
    return tuple(User.objects.order_by("pk").values_list("approval_status", flat=True))


def other_member_state(objs) -> tuple:
    from community.models import EmailPreferences

    other = User.objects.get(pk=objs["other"].pk)
    return (
        other.name,
        other.is_active,
        list(EmailPreferences.objects.filter(user=other).values()),
        User.objects.count(),
    )


def feedback_count(objs) -> int:
    from guidance.models import GuideFeedback

    return GuideFeedback.objects.count()


def suggestion_count(objs) -> int:
    from casestudies.models import CaseStudySuggestion

    return CaseStudySuggestion.objects.count()


def reminder_state(objs) -> list:
    from events.reminders.models import ReminderDelivery

    return sorted(ReminderDelivery.objects.values_list("pk", "status"))


@dataclass(frozen=True)
class Endpoint:
    method: str  # "get" or "post"
    url: str
    fields: tuple[str, ...]
    roles: tuple[str, ...] = ("anonymous", "member")
    unchanged: Callable[[dict], object] | None = None
    unchanged_for: tuple[str, ...] = ()
    examples: int = 10


ALL = ("anonymous", "member", "organiser")
DIRECTORY = ("q", "sector", "region", "organisation_kind", "interest", "expertise")
PROFILE = (
    "pronouns",
    "job_title",
    "sector",
    "region",
    "interests",
    "expertise",
    "bio",
    "visibility",
)
PREFERENCES = (
    "meeting_reminders",
    "change_notices",
    "unconference_updates",
    "digest",
    "organiser_messages",
)
FACETS = (
    "sector",
    "method",
    "stage",
    "outcome",
    "region",
    "data",
    "system",
    "workers",
    "tag",
    "completeness",
)

ENDPOINTS = [
    Endpoint("get", "/search/", ("q", "kind", "page")),
    Endpoint("get", "/cy/search/", ("q", "kind", "page"), roles=("anonymous",)),
    Endpoint("get", "/updates/", ("kind", "tag", "page")),
    Endpoint("get", "{update}", ("page", "tag")),
    Endpoint("get", "/updates/feed/", ("page", "kind")),
    Endpoint("get", "/sitemap.xml", ("p", "page")),
    Endpoint("get", "/admin/login/", ("next",), roles=("anonymous",)),
    Endpoint(
        "post",
        "/accounts/signup/",
        ("name", "email", "password1", "password2", "agree_code_of_conduct"),
        unchanged=user_count,
        unchanged_for=("member",),
        examples=25,
    ),
    Endpoint("post", "/accounts/login/", ("login", "password", "remember", "next")),
    # --- community ---
    Endpoint("get", "/members/", (*DIRECTORY, "page"), roles=ALL),
    Endpoint("get", "/members/{other_id}/", ("next",), roles=ALL),
    Endpoint(
        "post",
        "/account/",
        ("name", "organisation_name", "organisation_kind", *PROFILE),
        roles=ALL,
        unchanged=other_member_state,
        unchanged_for=ALL,
    ),
    Endpoint(
        "post",
        "/account/email-preferences/",
        ("reminder_offsets", *PREFERENCES),
        roles=ALL,
        unchanged=other_member_state,
        unchanged_for=ALL,
    ),
    Endpoint(
        "post",
        "/account/delete/",
        ("confirm_email",),
        unchanged=other_member_state,
        unchanged_for=("anonymous",),
    ),
    Endpoint("get", "/members/approvals/", ("page", "status"), roles=ALL),
    Endpoint(
        "post",
        "/members/approvals/{pending_id}/",
        ("decision", "reason"),
        roles=ALL,
        unchanged=approvals_state,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint("get", "/unsubscribe/{fake_token}/", ("kind",), roles=("anonymous",)),
    # --- case studies ---
    Endpoint("get", "/case-studies/", (*FACETS, "q", "sort", "page"), roles=ALL),
    Endpoint("get", "/case-studies/data.csv", (*FACETS, "q", "sort"), roles=("anonymous",)),
    Endpoint("get", "/case-studies/data.json", (*FACETS, "q", "sort"), roles=("anonymous",)),
    Endpoint("get", "/case-studies/feed/", ("page",), roles=("anonymous",)),
    Endpoint("get", "/case-studies/methods/{method}/", ("page",), roles=("anonymous",)),
    Endpoint(
        "post",
        "/case-studies/suggest/",
        ("title", "organisation_name", "what_happened", "links", "connection"),
        roles=ALL,
        unchanged=suggestion_count,
        unchanged_for=("anonymous",),
    ),
    # --- guidance ---
    Endpoint("get", "/guidance/", ("q", "audience", "topic", "page"), roles=("anonymous",)),
    Endpoint(
        "post",
        "/guidance/feedback/{guide_id}/",
        ("useful", "comment", "contact_email", "website", "token", "page"),
        roles=ALL,
    ),
    Endpoint(
        "post",
        "/guidance/feedback/{not_a_guide_id}/",
        ("useful", "comment", "token"),
        unchanged=feedback_count,
        unchanged_for=("anonymous", "member"),
    ),
    # --- events ---
    Endpoint("get", "/events/", ("when", "kind", "page"), roles=ALL),
    Endpoint("get", "/events/calendar/{fake_token}.ics", ("x",), roles=("anonymous",)),
    Endpoint("post", "/events/calendar-link/", ("action",), roles=ALL),
    Endpoint(
        "post",
        "/events/{meeting_slug}/register/",
        ("scope",),
        roles=ALL,
        unchanged=event_registrations,
        unchanged_for=("anonymous",),
    ),
    Endpoint(
        "post",
        "/events/{meeting_slug}/cancel-registration/",
        ("scope", "user", "registration"),
        roles=ALL,
        # the other member's registration is never touched (only one's own can be cancelled)
        unchanged=lambda objs: [r for r in event_registrations(objs) if r[1] == objs["other"].pk],
        unchanged_for=ALL,
    ),
    Endpoint("get", "/events/organise/", ("when", "page"), roles=ALL),
    Endpoint(
        "post",
        "/events/organise/{meeting_slug}/message/",
        ("subject", "body", "include_waitlist"),
        roles=ALL,
        unchanged=meeting_state,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint(
        "post",
        "/events/organise/{meeting_slug}/move/",
        ("date", "start_time", "end_time"),
        roles=ALL,
        unchanged=meeting_state,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint(
        "post",
        "/events/organise/{meeting_slug}/cancel/",
        ("reason", "confirm"),
        roles=ALL,
        unchanged=meeting_state,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint(
        "post",
        "/events/organise/{meeting_slug}/attendance/",
        ("attended",),
        roles=ALL,
        unchanged=event_registrations,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint(
        "post",
        "/events/organise/reminders/meetings/{meeting_id}/requeue/",
        ("delivery",),
        roles=ALL,
        unchanged=reminder_state,
        unchanged_for=("anonymous", "member"),
    ),
    # --- unconferences and topic boards ---
    Endpoint(
        "post",
        "/unconferences/{unconf}/register/",
        (
            "access_needs",
            "dietary_needs",
            "photo_consent",
            "travel_bursary",
            "travel_bursary_reason",
            "user",
            "registration",
        ),
        roles=ALL,
        unchanged=unconference_state,
        unchanged_for=ALL,  # never someone else's registration
    ),
    Endpoint(
        "post",
        "/unconferences/{unconf}/topics/propose/",
        ("title", "description", "format", "co_facilitators"),
        roles=ALL,
        unchanged=unconference_state,
        unchanged_for=("anonymous",),
    ),
    Endpoint(
        "post",
        "/unconferences/{unconf}/topics/{topic}/edit/",
        ("title", "description", "format", "co_facilitators"),
        roles=ALL,
        unchanged=other_topic,
        unchanged_for=("anonymous", "member"),  # forged: another member's topic
    ),
    Endpoint(
        "post",
        "/unconferences/{unconf}/topics/{topic}/withdraw/",
        ("confirm",),
        roles=ALL,
        unchanged=other_topic,
        unchanged_for=("anonymous", "member", "organiser"),
    ),
    Endpoint(
        "post",
        "/unconferences/{unconf}/topics/organise/{topic}/",
        ("action", "reason", "target", "meeting"),
        roles=ALL,
        unchanged=other_topic,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint("get", "/unconferences/{unconf}/topics/", ("order", "page", "format"), roles=ALL),
    Endpoint(
        "post",
        "/topics/{board}/vote/",
        ("add", "remove", "topic-{topic}", "topic-0"),
        roles=ALL,
        unchanged=unconference_state,
        unchanged_for=("anonymous",),
    ),
    Endpoint(
        "post",
        "/topics/{board}/propose/",
        ("title", "description", "format"),
        roles=ALL,
        unchanged=unconference_state,
        unchanged_for=("anonymous",),
    ),
    Endpoint(
        "post",
        "/unconferences/{unconf}/sessions/{session_topic}/notes/",
        ("body", "base_revision"),
        roles=ALL,
        unchanged=notes_state,
        unchanged_for=("anonymous",),
    ),
    Endpoint(
        "post",
        "/unconferences/{unconf}/organise/place/",
        ("topic", "space", "slot", "locked"),
        roles=ALL,
        unchanged=unconference_state,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint(
        "post",
        "/unconferences/{unconf}/organise/sessions/{session_topic}/",
        ("space", "slot", "locked", "action"),
        roles=ALL,
        unchanged=unconference_state,
        unchanged_for=("anonymous", "member"),
    ),
    Endpoint("get", "/unconferences/{unconf}/schedule/", ("view", "page"), roles=("anonymous",)),
]

HOSTILE = [
    "' OR '1'='1",
    "'; DROP TABLE community_user; --",
    "1 UNION SELECT password FROM community_user",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "../../../../etc/passwd",
    "\x00",
    "abc\x00def",
    "line\r\nBcc: victim@example.org",
    "%00%0d%0a",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "{}",
    "null",
    "on",
    "a@b",
    "https://evil.example/",
    "//evil.example",
    "javascript:alert(1)",
    "\u202eevil\u202c",
    "\ufeffbom",
    "🙂" * 40,
    "Cymraeg: ŵ ŷ â ê",
    "*",
    '"',
]

text_values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=20),
    st.integers(min_value=250, max_value=20_000).map(lambda n: "a" * n),  # very long
    st.integers().map(str),
)
# Wrong types: numbers, booleans and repeated values (a list becomes ?f=a&f=b).
values = st.one_of(
    text_values,
    st.integers(),
    st.booleans(),
    st.lists(text_values, min_size=2, max_size=3),
)


def form_data(fields: tuple[str, ...]):
    """Every field optional (missing fields), each a random or hostile value."""
    return st.fixed_dictionaries({}, optional={name: values for name in fields})


@pytest.fixture
def fuzz_objects(home_page, request):
    """One of everything, most of it owned by ``other`` (forged IDs for the member's requests)."""
    from community.enums import ApprovalStatus
    from events.unconferences.enums import Phase, TopicStatus
    from events.unconferences.models import Session
    from tests.factories import events as event_factories
    from tests.factories import unconferences as uc
    from tests.factories.casestudies import case_study, library_index, method
    from tests.factories.guidance import guidance_index, guide_page

    # Pages are slow to make: only for the endpoints that read them.
    endpoint = request.node.callspec.params["endpoint"]
    pages = endpoint.url.startswith(("/updates", "/case-studies", "/guidance", "{", "/search"))
    update = guide = None
    if pages:
        index = updates_index(home=home_page)
        update = update_page(index=index, title="A fuzzed update", tags=["AI"])
        case_study(library_index(home_page), title="A fuzzed case study", methods=("jury",))
        guide = guide_page(index=guidance_index(home=home_page), title="A fuzzed guide")
    other = UserFactory()
    pending = UserFactory(approval_status=ApprovalStatus.PENDING)
    meeting = event_factories.MeetingFactory()
    event_factories.RegistrationFactory(meeting=meeting, user=other)
    unconf = uc.UnconferenceFactory(phase=Phase.TOPICS_OPEN)
    board = uc.board_for(unconf)
    other_registration = uc.RegistrationFactory(unconference=unconf, user=other)
    topic = uc.TopicFactory(board=board, proposer=other, status=TopicStatus.ACCEPTED)
    spaces, slots = uc.make_grid(unconf, rooms=2, rounds=2)
    session_topic = uc.TopicFactory(board=board, proposer=other, status=TopicStatus.ACCEPTED)
    Session.objects.create(topic=session_topic, space=spaces[0], slot=slots[0])
    standing = uc.StandingBoardFactory(meeting_series=event_factories.MeetingSeriesFactory())
    uc.TopicFactory(board=standing, proposer=other)
    return {
        "update": update.url if update else "",
        "other": other,
        "other_id": other.pk,
        "pending_id": pending.pk,
        "fake_token": "0123456789abcdef0123456789abcdef",
        "method": method("jury").slug,
        "guide_id": guide.pk if guide else 0,
        "not_a_guide_id": home_page.pk,
        "meeting": meeting,
        "meeting_slug": meeting.slug,
        "meeting_id": meeting.pk,
        "unconf": unconf.slug,
        "board": standing.slug,
        "topic": topic.pk,
        "session_topic": session_topic.pk,
        "other_registration": other_registration.pk,
    }


CASES = [
    pytest.param(endpoint, role, id=f"{endpoint.method}-{endpoint.url}-{role}")
    for endpoint in ENDPOINTS
    for role in endpoint.roles
]


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "role"), CASES)
def test_random_and_hostile_input_never_gives_500(client, fuzz_objects, endpoint, role):
    url = endpoint.url.format(**fuzz_objects)
    fields = tuple(name.format(**fuzz_objects) for name in endpoint.fields)
    if role == "organiser":
        user = event_factories_organiser()
    else:
        user = UserFactory() if role == "member" else None

    @settings(
        max_examples=endpoint.examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=form_data(fields))
    def run(data):
        cache.clear()  # rate limits would otherwise turn every later example into a 429
        if user is not None:
            client.force_login(user)
        check = role in endpoint.unchanged_for
        before = endpoint.unchanged(fuzz_objects) if check else None
        response = getattr(client, endpoint.method)(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        if check:
            assert endpoint.unchanged(fuzz_objects) == before, (url, data)

    run()


def event_factories_organiser():
    """An organiser (community.organise and the events and unconference permissions)."""
    from events.unconferences.roles import organiser_permissions_ensure
    from tests.factories.events import organiser

    user = organiser()
    organiser_permissions_ensure()
    return user
