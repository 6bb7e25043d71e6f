"""Unconference journeys in Chromium with axe-core: the proposal form (and its error state), the
voting page, the published grid and a session page; and voting with JavaScript switched off."""

import datetime as dt

import pytest

from events.unconferences import services
from events.unconferences.enums import Phase, TopicStatus
from events.unconferences.models import Vote
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories.unconferences import (
    RegistrationFactory,
    TopicFactory,
    UnconferenceFactory,
    board_for,
    make_grid,
)
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def setup(phase):
    unconference = UnconferenceFactory(slug="browser-uc", title="Browser unconference", phase=phase)
    board = board_for(unconference)
    member = UserFactory(name="Bea Browser")
    RegistrationFactory(unconference=unconference, user=member)
    return unconference, board, member


def test_proposal_form_and_its_error_state(page, live_server, home_page):
    _uc, board, member = setup(Phase.TOPICS_OPEN)
    UserFactory(name="Cara Cofacilitator")
    login(page, live_server, email=member.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}{board.propose_url}")
    assert page.locator("h1").inner_text() == "Propose a topic"
    assert_no_axe_violations(page)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page)
    page.fill("#id_title", "Should we pay participants?")
    page.fill("#id_description", "Budgets, fairness and recruiting diverse voices.")
    page.check("input[name=format][value=workshop]")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert "Should we pay participants?" in page.locator("main").inner_text()


def test_voting_page_passes_axe(page, live_server, home_page):
    _uc, board, member = setup(Phase.VOTING)
    for i in range(3):
        TopicFactory(board=board, title=f"Topic number {i}")
    login(page, live_server, email=member.email, password=DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}{board.vote_url}")
    assert "You have used 0 of your 3 dots" in page.locator("main").inner_text()
    assert_no_axe_violations(page)


def test_voting_works_without_javascript(chromium, live_server, home_page):
    _uc, board, member = setup(Phase.VOTING)
    first = TopicFactory(board=board, title="First topic")
    second = TopicFactory(board=board, title="Second topic")
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        login(page, live_server, email=member.email, password=DEFAULT_PASSWORD)
        page.goto(f"{live_server.url}{board.vote_url}")
        # No ballot to fill in and save: each press is a post that comes back to the topic.
        assert page.locator("select, button[name=save]").count() == 0
        page.click(f"button[name=add][value='{first.pk}']")
        page.wait_for_load_state()
        assert page.url.endswith(f"#topic-{first.pk}")
        assert "You added a dot to “First topic”. 2 dots left." in page.locator("main").inner_text()
        page.click(f"button[name=add][value='{second.pk}']")
        page.wait_for_load_state()
        assert "You have used 2 of your 3 dots" in page.locator("main").inner_text()
    finally:
        context.close()
    assert set(Vote.objects.filter(ballot__voter=member).values_list("topic_id", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_grid_and_session_pages_pass_axe(page, live_server, home_page):
    unconference, board, _member = setup(Phase.SCHEDULING)
    make_grid(unconference, rooms=3, rounds=2)
    for i in range(5):
        TopicFactory(board=board, status=TopicStatus.ACCEPTED, title=f"Session topic {i}")
    services.schedule_run(
        unconference=unconference, now=unconference.starts_at - dt.timedelta(days=1)
    )
    services.schedule_publish(unconference=unconference, user=None)
    page.goto(f"{live_server.url}/unconferences/{unconference.slug}/schedule/")
    assert page.locator("table caption").is_visible()
    assert page.locator("thead th[scope=col]").count() == 3
    assert_no_axe_violations(page)
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert "Shared notes" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
