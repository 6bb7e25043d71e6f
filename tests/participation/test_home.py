"""The home page: every section, editable sections/headings, joining links, constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.page_cache import page_cache_bump
from events.enums import MeetingStatus
from events.unconferences.enums import Phase
from events.unconferences.selectors import unconference_current
from tests.factories.casestudies import case_study, library_index
from tests.factories.events import MeetingFactory
from tests.factories.guidance import guidance_index, guide_page
from tests.factories.unconferences import UnconferenceFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _content(home, *, n: int, start: int = 0):
    lib = library_index(home)
    for i in range(n):
        case_study(lib, title=f"Case study number {i}", methods=("citizens-jury", f"m-{i}"))
    guides = guidance_index(home=home)
    for i in range(n):
        guide_page(index=guides, title=f"Guide number {i}", slug=f"guide-{start + i}")
    for i in range(n):
        MeetingFactory(
            title=f"Meeting number {i}", starts_at=timezone.now() + dt.timedelta(days=i + 1)
        )
    UnconferenceFactory(title="Spring unconference", phase=Phase.VOTING)


def test_home_shows_every_section(client, home_page):
    _content(home_page, n=2)
    html = client.get("/").content.decode()
    meeting = section(html, "home-meeting-heading")
    assert "Meeting number 0" in meeting and "Meeting number 1" not in meeting
    assert "GMT" in meeting or "BST" in meeting  # UK time with its zone
    assert "/accounts/login/?next=/events/meeting-" in meeting.replace("%2F", "/")
    cases = section(html, "home-case-studies-heading")
    assert "Case study number 0" in cases and "Case study number 1" in cases
    assert "Citizens Jury" in cases
    guides = section(html, "home-guidance-heading")
    assert "Guide number 0" in guides and "Guide number 1" in guides
    unconf = section(html, "home-unconference-heading")
    assert "Spring unconference" in unconf and "Voting open" in unconf
    join = section(html, "home-join-heading")
    assert "/accounts/signup/" in join and "/account/" not in join.replace("/accounts/", "")


def test_signed_in_member_gets_rsvp_and_account_links(client, home_page):
    MeetingFactory(title="Next one")
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    meeting = section(html, "home-meeting-heading")
    assert "RSVP for this meeting" in meeting and "/accounts/login/" not in meeting
    join = section(html, "home-join-heading")
    assert 'href="/account/"' in join and "/accounts/signup/" not in join


def test_sections_can_be_hidden_and_renamed(client, home_page):
    _content(home_page, n=1)
    home_page.show_guidance = False
    home_page.meeting_heading = "Our monthly call"
    home_page.join_heading = "Become a member"
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "home-guidance-heading" not in html and "Guide number 0" not in html
    assert "Our monthly call" in section(html, "home-meeting-heading")
    assert "Become a member" in html


def test_empty_states(client, home_page):
    MeetingFactory(title="Called off", status=MeetingStatus.CANCELLED)
    html = client.get("/").content.decode()
    assert "No meetings are scheduled" in section(html, "home-meeting-heading")
    assert "No case studies have been published yet" in html
    assert "No guidance has been published yet" in html
    assert "home-unconference-heading" not in html


def test_current_unconference_skips_closed_and_past():
    now = timezone.now()
    UnconferenceFactory(starts_at=now - dt.timedelta(days=3), ends_at=now - dt.timedelta(days=2))
    UnconferenceFactory(phase=Phase.CLOSED, starts_at=now + dt.timedelta(days=1))
    later = UnconferenceFactory(starts_at=now + dt.timedelta(days=40))
    sooner = UnconferenceFactory(starts_at=now + dt.timedelta(days=20))
    assert unconference_current(now=now) == sooner != later


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured)


def _first_and_repeat_queries(client) -> tuple[int, int]:
    """Queries of the first request after a content change (the cards computed) and of the
    next one (the cards read from the cache under the same content version)."""
    page_cache_bump()
    return _queries(client), _queries(client)


def test_home_queries_do_not_grow_with_content(client, home_page):
    client.force_login(UserFactory())
    _content(home_page, n=1)
    client.get("/")  # warm caches (site root, settings)
    first_one, repeat_one = _first_and_repeat_queries(client)
    _content(home_page, n=4, start=1)
    first_many, repeat_many = _first_and_repeat_queries(client)
    assert first_many == first_one, (
        f"{first_one} queries with one item each, {first_many} with several"
    )
    assert repeat_many == repeat_one
    # The cards (featured and latest case studies, guides) are shared by every visitor until
    # the next publish: a repeat request makes none of their queries.
    assert repeat_one < first_one


def test_publishing_a_case_study_shows_on_the_home_page_at_once(client, home_page):
    """The cards are cached under the page-cache content version: a new case study appears on
    the next request, for members too (who never get the anonymous page cache)."""
    client.force_login(UserFactory())
    index = library_index(home_page)
    case_study(index, title="Citizens panel on rivers")
    assert "Citizens panel on rivers" in client.get("/").content.decode()
    case_study(index, title="Youth assembly on transport")
    assert "Youth assembly on transport" in client.get("/").content.decode()


# --- "Next meeting" shows the viewer's own state (issue 16, point 12) ------------------------


def _meeting_section(client) -> str:
    return section(client.get("/").content.decode(), "home-meeting-heading")


def test_next_meeting_tells_a_registered_member_they_are_registered(client, home_page):
    from events.services import meeting_register

    meeting = MeetingFactory(title="Data charter review", capacity=10)
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    client.force_login(member)
    html = _meeting_section(client)
    assert "You are registered for this meeting." in html
    assert "RSVP for this meeting" not in html and "Join the waiting list" not in html
    assert f'href="{meeting.get_absolute_url()}"' in html


def test_next_meeting_gives_a_waitlisted_member_their_place_in_the_queue(client, home_page):
    from events.services import meeting_register

    meeting = MeetingFactory(title="Small workshop", capacity=1)
    meeting_register(meeting=meeting, user=UserFactory())  # takes the only place
    first, second = UserFactory(), UserFactory()
    meeting_register(meeting=meeting, user=first)
    meeting_register(meeting=meeting, user=second)
    client.force_login(second)
    html = _meeting_section(client)
    assert "You are on the waiting list: number 2 in the queue." in html
    assert "RSVP for this meeting" not in html and "You are registered" not in html
    client.force_login(first)
    assert "You are on the waiting list: number 1 in the queue." in _meeting_section(client)


def test_next_meeting_says_full_and_offers_the_waiting_list(client, home_page):
    from events.services import meeting_register

    meeting = MeetingFactory(title="Popular lab", capacity=1)
    meeting_register(meeting=meeting, user=UserFactory())
    client.force_login(UserFactory())
    html = _meeting_section(client)
    assert "This meeting is full." in html
    assert "Join the waiting list" in html and "RSVP for this meeting" not in html
    assert f'href="{meeting.get_absolute_url()}#rsvp-section"' in html


def test_next_meeting_offers_rsvp_when_places_are_left_and_after_cancelling(client, home_page):
    from events.services import meeting_register, registration_cancel

    meeting = MeetingFactory(title="Open call", capacity=2)
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    registration_cancel(meeting=meeting, user=member)
    client.force_login(member)
    html = _meeting_section(client)
    assert "RSVP for this meeting" in html
    assert "You are registered" not in html and "This meeting is full." not in html


def test_anonymous_home_page_never_holds_a_members_state(client, home_page, settings):
    """Even with the anonymous page cache on, a member's visit leaves nothing of theirs behind."""
    from django.core.cache import cache
    from django.test import Client

    from events.services import meeting_register

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    meeting = MeetingFactory(title="Cached call", capacity=1)
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    client.force_login(member)
    assert "You are registered for this meeting." in _meeting_section(client)
    for _ in range(2):  # a first anonymous visit, then a repeat (a cache hit where cached)
        html = _meeting_section(Client())
        assert "Sign in to RSVP" in html
        for member_text in ("You are registered", "waiting list", "This meeting is full."):
            assert member_text not in html
    cache.clear()


def test_next_meeting_state_is_in_welsh_on_the_welsh_home(client, home_page):
    """Runs green once /work/welsh/cite-search-home.po is merged into the catalogue."""
    from events.services import meeting_register

    meeting = MeetingFactory(title="Cyfarfod", capacity=5)
    member = UserFactory()
    meeting_register(meeting=meeting, user=member)
    client.force_login(member)
    html = client.get("/cy/").content.decode()
    assert "Rydych wedi cofrestru ar gyfer y cyfarfod hwn." in html
